//! Example actors written with `fvmi-actors-sdk`, built for wasm32, and tests that run them on the VM.

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");
