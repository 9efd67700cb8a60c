//! Every syscall through a wat test actor: the happy path and each error number it can return,
//! plus how traps, aborts and gas exhaustion end an invocation.

mod actors;
mod environment;
mod ipld;

use fvmi_types::{Address, ExitCode, TokenAmount};

use crate::harness::{test_code, TestActor, TestVm, SENDER_ID};
use crate::wat_actor::{actor, call_and_return};

pub(super) const PROBE_ID: u64 = 1000;

/// Runs `body` in a probe actor (ID 1000) and returns the receipt's exit code and return bytes.
pub(super) fn run(body: &str, data: &[u8]) -> (ExitCode, Vec<u8>) {
    run_with(body, data, vec![])
}

pub(super) fn run_with(body: &str, data: &[u8], params: Vec<u8>) -> (ExitCode, Vec<u8>) {
    let mut vm = TestVm::new(vec![TestActor {
        id: PROBE_ID,
        name: "probe",
        wat: actor(body, data),
    }]);
    vm.chain.messages_mut().gas_limit = 20_000_000;
    let ret = vm.send(Address::new_id(PROBE_ID), 2, params, TokenAmount::zero());
    (
        ret.msg_receipt.exit_code,
        ret.msg_receipt.return_data.bytes().to_vec(),
    )
}

/// Runs a syscall expression; returns its error number and the bytes it wrote at offset 8.
pub(super) fn probe(call: &str, data: &[u8]) -> (u32, Vec<u8>) {
    let (exit, bytes) = run(&call_and_return(call, 200), data);
    assert_eq!(exit, ExitCode::OK, "probe aborted");
    let errno = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
    (errno, bytes[8..].to_vec())
}

pub(super) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

pub(super) fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

pub(super) const OK: u32 = 0;
pub(super) const ILLEGAL_ARGUMENT: u32 = 1;
pub(super) const ILLEGAL_OPERATION: u32 = 2;
pub(super) const INSUFFICIENT_FUNDS: u32 = 5;
pub(super) const NOT_FOUND: u32 = 6;
pub(super) const INVALID_HANDLE: u32 = 7;
pub(super) const ILLEGAL_CID: u32 = 8;
pub(super) const ILLEGAL_CODEC: u32 = 9;
pub(super) const FORBIDDEN: u32 = 11;
pub(super) const BUFFER_TOO_SMALL: u32 = 12;
