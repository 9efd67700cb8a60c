//! An actor driven by the input: the input (after a first byte, the value sent) is the byte
//! program of `fvmi_fuzz::syscall_program`, calling ABI v1 imports with arbitrary pointers,
//! lengths and numbers, sending to itself (nested) and to other actors, on an nv15 test chain.
//! Applying always ends in a receipt (no panic, no fatal error), FIL is conserved, and a failed
//! message leaves every actor but the sender (nonce and fees), the reward and the burnt-funds
//! actors as it was.
#![no_main]

use fvmi_fuzz::chain::{apply_checked, chain};
use fvmi_fuzz::syscall_program::{FUZZ_ACTOR, MAX_PROGRAM};
use fvmi_types::{Address, RawBytes, TokenAmount};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [value, program @ ..] = data else { return };
    if program.len() > MAX_PROGRAM as usize {
        return;
    }
    let mut chain = chain();
    let message = chain.messages.message(
        Address::new_id(FUZZ_ACTOR),
        2,
        RawBytes::new(program.to_vec()),
        TokenAmount::from_atto(u64::from(*value)),
    );
    // `None`: the program aborted the top-level call with exit code 0, which fails the whole
    // message (as in the reference); `apply_checked` refuses any other error.
    let Some(ret) = apply_checked(&mut chain, &message) else {
        return;
    };
    assert!(ret.failure_info.is_none() || !ret.msg_receipt.exit_code.is_success());
});
