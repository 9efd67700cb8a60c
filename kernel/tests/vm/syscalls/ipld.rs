//! `ipld` syscalls.

use fvmi_types::ExitCode;

use super::*;

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
