//! An actor driven by the input: the input (after a first byte, the value sent) is the byte
//! program of `fvmi_fuzz::syscall_program`, calling ABI v1 imports with arbitrary pointers,
//! lengths and numbers, sending to itself (nested) and to other actors, on an nv15 test chain.
//! Applying always ends in a receipt (no panic, no fatal error), FIL is conserved, and a failed
//! message leaves every actor but the sender (nonce and fees), the reward and the burnt-funds
//! actors as it was.
#![no_main]

use fvmi_fuzz::chain::{chain, run_program};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    run_program(chain(), data);
});
