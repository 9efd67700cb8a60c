//! `self` and `actor` syscalls.

use fvmi_types::Address;

use super::*;

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
