//! Criterion benchmarks of fvmi in one place; see `benches/` and this crate's README.
//!
//! The library holds what several benchmarks share: [`bench_chain`], a small testkit chain
//! (genesis actors, two accounts, the example counter actor) with an executor over it.

mod chain;

pub use chain::{bench_chain, BURNT_FUNDS, COUNTER, OTHER, REWARD, SENDER};

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
