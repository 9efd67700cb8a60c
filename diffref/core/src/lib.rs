//! The reference-independent part of fvmi's differential testing, shared by the two binaries:
//! `fvmi-diffref` (`diffref/`, reference `fvm` 2.11.3, nv15 to nv17) and `fvmi-diffref3`
//! (`diffref/v3/`, reference `fvm` 3.14.1, nv18). They cannot be one binary: the two reference
//! lines need different, semver-compatible releases of the `fvm_ipld_*` crates.
//!
//! It holds the genesis built by fvmi, the seeded message generator and its model of the chain,
//! fvmi's side, the comparison loop ([`run`]) and the command line ([`cli`]); a binary only adds
//! its [`reference::Reference`].
//!
//! This is a test harness (never published, only used by the two binaries), so errors are
//! `anyhow` throughout.

pub mod adversarial;
pub mod cli;
pub mod evm;
pub mod generator;
pub mod genesis;
pub mod junk;
pub mod local;
pub mod model;
pub mod outcome;
pub mod params;
pub mod randomness;
pub mod reference;
pub mod rng;
pub mod run;
