//! Shared pieces of fvmi's cargo-fuzz targets (see `README.md`): the DAG-CBOR round-trip check,
//! blockstores built from fuzz input, the fuzz-driven syscall actor (ABI v1 and v3) and the test
//! chains the message targets run on (nv15, and the nv18 state of [`nv18`]).
//!
//! Every target checks the same invariant: untrusted bytes end in a value or an error (an exit
//! code for messages), never a panic, a hang or an unbounded allocation. libFuzzer's own
//! `-timeout` and `-rss_limit_mb` catch the last two.

pub mod blocks;
pub mod chain;
pub mod flush;
pub mod nv18;
pub mod roundtrip;
pub mod syscall_program;
