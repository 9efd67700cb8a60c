//! Criterion benchmarks of fvmi in one place; see `benches/` and this crate's README.

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
