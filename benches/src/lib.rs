//! Criterion benchmarks of fvmi in one place; see `benches/` and this crate's README.
//!
//! The library holds what several benchmarks share: [`BenchChain`], a small hand-built chain
//! state (fee actors, two accounts, the example counter actor) with an executor over it.

mod chain;

pub use chain::{BenchChain, SetupError, BURNT_FUNDS, COUNTER, OTHER, REWARD, SENDER};

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
