//! Example actors written with `fvmi-actors-sdk`, built for wasm32 by this crate's build script.
//!
//! The actors' sources live in the nested cargo project `actors/` (one `cdylib` crate each); the
//! build script compiles them for `wasm32-unknown-unknown` and post-processes them to the
//! network version 15 feature set. This crate serves the resulting modules:
//!
//! - [`counter_wasm`]: a counter with a small key/value store spread over several blocks, and a
//!   method that changes its state and then aborts;
//! - [`token_wasm`]: token balances, FIL sends and calls into the counter actor.
//!
//! The tests in `tests/` deploy both on the fvmi VM. See this crate's README.md for a
//! walk-through of writing an actor.

/// The counter actor's wasm module (methods in `actors/counter/src/lib.rs`).
pub fn counter_wasm() -> &'static [u8] {
    include_bytes!(concat!(env!("OUT_DIR"), "/counter.wasm"))
}

/// The token actor's wasm module (methods in `actors/token/src/lib.rs`).
pub fn token_wasm() -> &'static [u8] {
    include_bytes!(concat!(env!("OUT_DIR"), "/token.wasm"))
}

/// This crate's name, as recorded in its manifest.
pub const CRATE_NAME: &str = env!("CARGO_PKG_NAME");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_modules_are_distinct_wasm_binaries() {
        for wasm in [counter_wasm(), token_wasm()] {
            assert_eq!(wasm.get(..4), Some(&b"\0asm"[..]));
        }
        assert_ne!(counter_wasm(), token_wasm());
    }
}
