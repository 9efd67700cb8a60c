//! Criterion benchmarks of fvmi in one place; see `benches/` and this crate's README.
//!
//! The library holds what several benchmarks share: [`bench_chain`], a small testkit chain
//! (genesis actors, two accounts, the example counter actor) with an executor over it; and, for
//! the `side_by_side` bench, whole-process measurements ([`Contender`], [`alternate`]) and the
//! set-up of the reference's conformance runner ([`ReferenceCorpus`]).

mod chain;
mod measure;
mod reference;

pub use chain::{bench_chain, BURNT_FUNDS, COUNTER, OTHER, REWARD, SENDER};
pub use measure::{alternate, median, Contender, Measured};
pub use reference::{all_passed, ReferenceCorpus};

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
