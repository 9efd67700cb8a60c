//! Every syscall through a wat test actor: the happy path and each error number it can return,
//! plus how traps, aborts and gas exhaustion end an invocation.

use fvmi_types::{Address, ExitCode, TokenAmount};

use crate::harness::{test_code, TestActor, TestVm, SENDER_ID};
use crate::wat_actor::{actor, call_and_return};

const PROBE_ID: u64 = 1000;

/// Runs `body` in a probe actor (ID 1000) and returns the receipt's exit code and return bytes.
fn run(body: &str, data: &[u8]) -> (ExitCode, Vec<u8>) {
    run_with(body, data, vec![])
}

fn run_with(body: &str, data: &[u8], params: Vec<u8>) -> (ExitCode, Vec<u8>) {
    let mut vm = TestVm::new(vec![TestActor {
        id: PROBE_ID,
        name: "probe",
        wat: actor(body, data),
    }]);
    vm.gas_limit = 20_000_000;
    let ret = vm.send(Address::new_id(PROBE_ID), 2, params, TokenAmount::zero());
    (
        ret.msg_receipt.exit_code,
        ret.msg_receipt.return_data.bytes().to_vec(),
    )
}

/// Runs a syscall expression; returns its error number and the bytes it wrote at offset 8.
fn probe(call: &str, data: &[u8]) -> (u32, Vec<u8>) {
    let (exit, bytes) = run(&call_and_return(call, 200), data);
    assert_eq!(exit, ExitCode::OK, "probe aborted");
    let errno = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
    (errno, bytes[8..].to_vec())
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

const OK: u32 = 0;
const ILLEGAL_ARGUMENT: u32 = 1;
const ILLEGAL_OPERATION: u32 = 2;
const INSUFFICIENT_FUNDS: u32 = 5;
const NOT_FOUND: u32 = 6;
const INVALID_HANDLE: u32 = 7;
const ILLEGAL_CID: u32 = 8;
const ILLEGAL_CODEC: u32 = 9;
const FORBIDDEN: u32 = 11;
const BUFFER_TOO_SMALL: u32 = 12;

#[test]
fn ipld_block_create_stat_read() {
    let data = [0x83, 1, 2, 3];
    let (errno, out) = probe(
        "(call $block_create (i32.const 8) (i64.const 0x71) (i32.const 4096) (i32.const 4))",
        &data,
    );
    assert_eq!((errno, u32_at(&out, 0)), (OK, 1));
    assert_eq!(
        probe(
            "(call $block_create (i32.const 8) (i64.const 0x55) (i32.const 4096) (i32.const 4))",
            &data
        )
        .0,
        ILLEGAL_CODEC
    );
    assert_eq!(
        probe(
            "(call $block_create (i32.const 8) (i64.const 0x71) (i32.const 131070) (i32.const 4))",
            &data
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    assert_eq!(
        probe("(call $block_stat (i32.const 8) (i32.const 9))", &data).0,
        INVALID_HANDLE
    );
    // Out-pointer outside memory.
    assert_eq!(
        probe("(call $block_stat (i32.const 131070) (i32.const 1))", &data).0,
        ILLEGAL_ARGUMENT
    );
    let (errno, out) = probe(
        "(drop (call $block_create (i32.const 100) (i64.const 0x71) (i32.const 4096) (i32.const 4)))
         (drop (call $block_stat (i32.const 16) (i32.const 1)))
         (call $block_read (i32.const 8) (i32.const 1) (i32.const 1) (i32.const 32) (i32.const 8))",
        &data,
    );
    assert_eq!(errno, OK);
    // Remaining = block length - (offset + buffer length) = 4 - 9.
    assert_eq!(u32_at(&out, 0) as i32, -5);
    assert_eq!(u64_at(&out, 8), 0x71);
    assert_eq!(u32_at(&out, 16), 4);
    assert_eq!(&out[24..27], &[1, 2, 3]);
    assert_eq!(probe("(call $block_read (i32.const 8) (i32.const 5) (i32.const 0) (i32.const 32) (i32.const 8))", &data).0, INVALID_HANDLE);
}

#[test]
fn ipld_block_link_and_open() {
    let data = [0x82, 1, 2];
    let create = "(drop (call $block_create (i32.const 100) (i64.const 0x71) (i32.const 4096) (i32.const 3)))";
    let (errno, out) = probe(&format!("{create} (call $block_link (i32.const 8) (i32.const 1) (i64.const 0xb220) (i32.const 32) (i32.const 16) (i32.const 100))"), &data);
    assert_eq!(errno, OK);
    let cid = fvmi_ipld::cbor::cid_of(0x71, &data).to_bytes();
    assert_eq!(u32_at(&out, 0) as usize, cid.len());
    assert_eq!(&out[8..8 + cid.len()], &cid[..]);
    assert_eq!(probe(&format!("{create} (call $block_link (i32.const 8) (i32.const 1) (i64.const 0x12) (i32.const 32) (i32.const 16) (i32.const 100))"), &data).0, ILLEGAL_CID);
    assert_eq!(probe(&format!("{create} (call $block_link (i32.const 8) (i32.const 1) (i64.const 0xb220) (i32.const 32) (i32.const 16) (i32.const 10))"), &data).0, BUFFER_TOO_SMALL);
    assert_eq!(probe("(call $block_link (i32.const 8) (i32.const 4) (i64.const 0xb220) (i32.const 32) (i32.const 16) (i32.const 100))", &data).0, INVALID_HANDLE);
    // Link then open it again: the block comes back with a new handle.
    let (errno, out) = probe(&format!("{create} (drop (call $block_link (i32.const 8) (i32.const 1) (i64.const 0xb220) (i32.const 32) (i32.const 200) (i32.const 100))) (call $block_open (i32.const 8) (i32.const 200))"), &data);
    assert_eq!(errno, OK);
    assert_eq!(
        (u64_at(&out, 0), u32_at(&out, 8), u32_at(&out, 12)),
        (0x71, 2, 3)
    );
    // A malformed CID is an illegal argument.
    assert_eq!(
        probe(
            "(call $block_open (i32.const 8) (i32.const 4096))",
            &[0xff, 0xff]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
}

#[test]
fn opening_a_missing_block_is_fatal() {
    let missing = fvmi_ipld::cbor::cid_of(0x71, b"nowhere").to_bytes();
    let (exit, _) = run(
        "(drop (call $block_open (i32.const 8) (i32.const 4096))) (i32.const 0)",
        &missing,
    );
    assert_eq!(exit, ExitCode::SYS_ASSERTION_FAILED);
}

#[test]
fn self_root_balance_and_destruct() {
    let (errno, out) = probe(
        "(call $self_root (i32.const 8) (i32.const 16) (i32.const 100))",
        &[],
    );
    assert_eq!(errno, OK);
    let empty = fvmi_ipld::cbor::cid_of(0x71, &[0x80]).to_bytes();
    assert_eq!(&out[8..8 + empty.len()], &empty[..]);
    assert_eq!(
        probe(
            "(call $self_root (i32.const 8) (i32.const 16) (i32.const 4))",
            &[]
        )
        .0,
        BUFFER_TOO_SMALL
    );
    assert_eq!(
        probe(
            "(call $self_root (i32.const 8) (i32.const 131000) (i32.const 4000))",
            &[]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    assert_eq!(
        probe("(call $self_set_root (i32.const 4096))", &[0x05, 0x71]).0,
        ILLEGAL_ARGUMENT
    );
    let (errno, out) = probe("(call $self_balance (i32.const 8))", &[]);
    assert_eq!((errno, u64_at(&out, 0), u64_at(&out, 8)), (OK, 1000, 0));
    let f99 = Address::new_id(99).to_bytes();
    let unknown = Address::new_id(7777).to_bytes();
    let me = Address::new_id(PROBE_ID).to_bytes();
    let len = f99.len();
    assert_eq!(
        probe(
            &format!(
                "(call $self_destruct (i32.const 4096) (i32.const {}))",
                unknown.len()
            ),
            &unknown
        )
        .0,
        NOT_FOUND
    );
    assert_eq!(
        probe(
            &format!(
                "(call $self_destruct (i32.const 4096) (i32.const {}))",
                me.len()
            ),
            &me
        )
        .0,
        FORBIDDEN
    );
    let (errno, out) = probe(
        &format!("(drop (call $self_destruct (i32.const 4096) (i32.const {len}))) (call $self_root (i32.const 8) (i32.const 16) (i32.const 100))"),
        &f99,
    );
    assert_eq!(errno, ILLEGAL_OPERATION);
    assert!(out.iter().all(|b| *b == 0));
}

#[test]
fn actor_resolution_and_codes() {
    let sender = Address::new_id(SENDER_ID).to_bytes();
    let (errno, out) = probe(
        &format!(
            "(call $resolve_address (i32.const 8) (i32.const 4096) (i32.const {}))",
            sender.len()
        ),
        &sender,
    );
    assert_eq!((errno, u64_at(&out, 0)), (OK, SENDER_ID));
    let stranger = crate::harness::secp_address(42).to_bytes();
    assert_eq!(
        probe(
            &format!(
                "(call $resolve_address (i32.const 8) (i32.const 4096) (i32.const {}))",
                stranger.len()
            ),
            &stranger
        )
        .0,
        NOT_FOUND
    );
    assert_eq!(
        probe(
            "(call $resolve_address (i32.const 8) (i32.const 4096) (i32.const 3))",
            &[9, 9, 9]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    let (errno, out) = probe(
        "(call $get_actor_code_cid (i32.const 8) (i64.const 1000) (i32.const 16) (i32.const 100))",
        &[],
    );
    let code = test_code("probe").to_bytes();
    assert_eq!((errno, u32_at(&out, 0) as usize), (OK, code.len()));
    assert_eq!(&out[8..8 + code.len()], &code[..]);
    assert_eq!(probe("(call $get_actor_code_cid (i32.const 8) (i64.const 4242) (i32.const 16) (i32.const 100))", &[]).0, NOT_FOUND);
    let (errno, out) = probe(
        "(call $new_actor_address (i32.const 8) (i32.const 16) (i32.const 30))",
        &[],
    );
    assert_eq!((errno, u32_at(&out, 0), out[8]), (OK, 21, 2));
    assert_eq!(
        probe(
            "(call $new_actor_address (i32.const 8) (i32.const 16) (i32.const 20))",
            &[]
        )
        .0,
        BUFFER_TOO_SMALL
    );
    let account = fvmi_kernel::Manifest::v7().account_code().to_bytes();
    let (errno, out) = probe(
        "(call $get_builtin_actor_type (i32.const 8) (i32.const 4096))",
        &account,
    );
    assert_eq!((errno, u32_at(&out, 0)), (OK, 4));
    let (errno, out) = probe(
        "(call $get_code_cid_for_type (i32.const 8) (i32.const 4) (i32.const 16) (i32.const 100))",
        &[],
    );
    assert_eq!(errno, OK);
    assert_eq!(&out[8..8 + account.len()], &account[..]);
    assert_eq!(probe("(call $get_code_cid_for_type (i32.const 8) (i32.const 99) (i32.const 16) (i32.const 100))", &[]).0, ILLEGAL_ARGUMENT);
}

#[test]
fn create_actor_rules() {
    let manifest = fvmi_kernel::Manifest::v7();
    let multisig = manifest
        .code_by_name("multisig")
        .expect("multisig")
        .to_bytes();
    let init = manifest.init_code().to_bytes();
    let probe_code = test_code("probe").to_bytes();
    assert_eq!(
        probe(
            "(call $create_actor (i64.const 2000) (i32.const 4096))",
            &multisig
        )
        .0,
        OK
    );
    assert_eq!(
        probe(
            "(call $create_actor (i64.const 1000) (i32.const 4096))",
            &multisig
        )
        .0,
        FORBIDDEN
    );
    assert_eq!(
        probe(
            "(call $create_actor (i64.const 2000) (i32.const 4096))",
            &init
        )
        .0,
        FORBIDDEN
    );
    assert_eq!(
        probe(
            "(call $create_actor (i64.const 2000) (i32.const 4096))",
            &probe_code
        )
        .0,
        FORBIDDEN
    );
}

#[test]
fn crypto_hash_and_arguments() {
    let (errno, out) = probe("(call $hash (i32.const 8) (i64.const 0xb220) (i32.const 4096) (i32.const 3) (i32.const 16) (i32.const 64))", b"abc");
    assert_eq!((errno, u32_at(&out, 0)), (OK, 32));
    assert_eq!(&out[8..40], &fvmi_ipld::cbor::blake2b_256(b"abc"));
    assert_eq!(probe("(call $hash (i32.const 8) (i64.const 0x9999) (i32.const 4096) (i32.const 3) (i32.const 16) (i32.const 64))", b"abc").0, ILLEGAL_ARGUMENT);
    assert_eq!(probe("(call $verify_signature (i32.const 8) (i32.const 7) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))", &[]).0, ILLEGAL_ARGUMENT);
    assert_eq!(probe("(call $compute_unsealed_sector_cid (i32.const 8) (i64.const 999) (i32.const 4096) (i32.const 1) (i32.const 16) (i32.const 100))", &[0x80]).0, ILLEGAL_ARGUMENT);
    assert_eq!(
        probe(
            "(call $verify_seal (i32.const 8) (i32.const 4096) (i32.const 1))",
            &[0xff]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    // A secp signature by an ID address that is not an account is rejected.
    let me = Address::new_id(PROBE_ID).to_bytes();
    assert_eq!(probe(&format!("(call $verify_signature (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 65) (i32.const 4096) (i32.const {}) (i32.const 0) (i32.const 0))", me.len()), &me).0, ILLEGAL_ARGUMENT);
}

#[test]
fn randomness_network_and_context() {
    let (errno, out) = probe("(call $get_chain_randomness (i32.const 8) (i64.const 3) (i64.const 10) (i32.const 0) (i32.const 0))", &[]);
    assert_eq!((errno, out[0], out[1]), (OK, 3, 7));
    let (errno, out) = probe("(call $get_beacon_randomness (i32.const 8) (i64.const 3) (i64.const 10) (i32.const 0) (i32.const 0))", &[]);
    assert_eq!((errno, out[1]), (OK, 0xbe));
    assert_eq!(probe("(call $get_chain_randomness (i32.const 8) (i64.const 3) (i64.const -1) (i32.const 0) (i32.const 0))", &[]).0, ILLEGAL_ARGUMENT);
    let (errno, out) = probe("(call $network_base_fee (i32.const 8))", &[]);
    assert_eq!((errno, u64_at(&out, 0)), (OK, 100));
    let (errno, out) = probe("(call $network_circ_supply (i32.const 8))", &[]);
    let supply = 12_345u128 * 10u128.pow(18);
    assert_eq!(
        (errno, u64_at(&out, 0), u64_at(&out, 8)),
        (OK, supply as u64, (supply >> 64) as u64)
    );
    let (errno, out) = probe("(call $vm_context (i32.const 8))", &[]);
    assert_eq!(errno, OK);
    assert_eq!(
        (u64_at(&out, 16), u64_at(&out, 24), u64_at(&out, 32)),
        (SENDER_ID, PROBE_ID, 2)
    );
    assert_eq!((u64_at(&out, 40), u32_at(&out, 48)), (1000, 15));
    let (errno, out) = probe("(call $debug_enabled (i32.const 8))", &[]);
    assert_eq!((errno, u32_at(&out, 0) as i32), (OK, -1));
}

#[test]
fn gas_charge_and_send() {
    assert_eq!(
        probe(
            "(call $gas_charge (i32.const 4096) (i32.const 2) (i64.const 10))",
            b"ok"
        )
        .0,
        OK
    );
    assert_eq!(
        probe(
            "(call $gas_charge (i32.const 4096) (i32.const 2) (i64.const 10))",
            &[0xff, 0xfe]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    let (exit, _) = run("(drop (call $gas_charge (i32.const 4096) (i32.const 2) (i64.const 100000000000))) (i32.const 0)", b"ok");
    assert_eq!(exit, ExitCode::SYS_OUT_OF_GAS);
    let f99 = Address::new_id(99).to_bytes();
    let send = |method: u64, params: u32, hi: u64, lo: u64| {
        format!("(call $send (i32.const 8) (i32.const 4096) (i32.const {}) (i64.const {method}) (i32.const {params}) (i64.const {hi}) (i64.const {lo}))", f99.len())
    };
    let (errno, out) = probe(&send(0, 0, 0, 10), &f99);
    assert_eq!((errno, u32_at(&out, 0), u32_at(&out, 4)), (OK, 0, 0));
    assert_eq!(probe(&send(0, 0, 0, 100_000), &f99).0, INSUFFICIENT_FUNDS);
    assert_eq!(probe(&send(0, 5, 0, 0), &f99).0, INVALID_HANDLE);
    let nobody = Address::new_id(4242).to_bytes();
    assert_eq!(probe("(call $send (i32.const 8) (i32.const 4096) (i32.const 3) (i64.const 0) (i32.const 0) (i64.const 0) (i64.const 0))", &nobody).0, NOT_FOUND);
    // Calling a method the account actor does not have: the callee aborts (v7 actors use
    // SYS_INVALID_METHOD for that).
    let (errno, out) = probe(&send(77, 0, 0, 0), &f99);
    assert_eq!(errno, OK);
    assert_eq!(u32_at(&out, 0), ExitCode::SYS_INVALID_METHOD.value());
}

#[test]
fn traps_and_aborts_map_to_exit_codes() {
    assert_eq!(
        run("(unreachable)", &[]).0,
        ExitCode::SYS_ILLEGAL_INSTRUCTION
    );
    assert_eq!(
        run("(i32.load (i32.const 200000))", &[]).0,
        ExitCode::SYS_ILLEGAL_INSTRUCTION
    );
    // nv15 prices wasm instructions and syscalls at zero, so a loop only runs out of gas
    // through what it charges explicitly.
    assert_eq!(run("(loop $l (drop (call $gas_charge (i32.const 4096) (i32.const 1) (i64.const 1000))) (br $l)) (i32.const 0)", b"g").0, ExitCode::SYS_OUT_OF_GAS);
    assert_eq!(
        run(
            "(drop (call $vm_abort (i32.const 42) (i32.const 0) (i32.const 0))) (i32.const 0)",
            &[]
        )
        .0,
        ExitCode::new(42)
    );
    // A bad message pointer does not change the exit code.
    assert_eq!(
        run(
            "(drop (call $vm_abort (i32.const 43) (i32.const 200000) (i32.const 5))) (i32.const 0)",
            &[]
        )
        .0,
        ExitCode::new(43)
    );
    // Returning a block handle that does not exist.
    assert_eq!(run("(i32.const 77)", &[]).0, ExitCode::SYS_MISSING_RETURN);
    // The parameters arrive as block 1.
    let (exit, ret) = run_with("(local.get $params)", &[], vec![0x82, 5, 6]);
    assert_eq!((exit, ret), (ExitCode::OK, vec![0x82, 5, 6]));
}
