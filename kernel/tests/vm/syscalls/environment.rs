//! `crypto`, `rand`, `network`, `vm`, `gas`, `send` and `debug` syscalls, traps and aborts.

use fvmi_types::{Address, ExitCode};

use super::*;

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
    // Public key recovery from garbage fails; a short hash buffer is out of bounds.
    assert_eq!(
        probe(
            "(call $recover_secp_public_key (i32.const 8) (i32.const 4096) (i32.const 4096))",
            &[0xff; 100]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    assert_eq!(
        probe(
            "(call $recover_secp_public_key (i32.const 8) (i32.const 131050) (i32.const 0))",
            &[]
        )
        .0,
        ILLEGAL_ARGUMENT
    );
    // Debug artifacts are ignored while debugging is off.
    assert_eq!(
        probe(
            "(call $debug_store_artifact (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))",
            &[]
        )
        .0,
        OK
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
