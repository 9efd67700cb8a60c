//! The Filecoin builtin actors v7 (7.5.1), built from crates.io for wasm32 and post-processed to the nv15
//! feature set.
//!
//! See this crate's README.md for how the modules are built.

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
