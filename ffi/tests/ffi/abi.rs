//! The C ABI driven from Rust as a C caller would: a transfer on a small nv15 state compared with
//! the same transfer on the Rust API, every error path's status and message, and the externs'
//! user data released exactly once.

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicUsize, Ordering};

use fvmi_ffi::*;
use fvmi_ipld::MemoryBlockstore;
use fvmi_kernel::{chain_length, ApplyKind, DummyExterns, Executor, Machine, MachineContext};
use fvmi_types::{Address, Message, NetworkVersion, RawBytes, TokenAmount};
use serde_bytes::ByteBuf;

/// Takes a status and the error out-parameter's message (freed here).
fn status(code: i32, error: *mut c_char) -> (i32, String) {
    if error.is_null() {
        return (code, String::new());
    }
    // SAFETY: a message written by the library, read then freed once.
    let text = unsafe { CStr::from_ptr(error) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: as above.
    unsafe { fvmi_string_free(error) };
    (code, text)
}

/// Copies a library buffer and frees it.
fn take(bytes: FvmiBytes) -> Vec<u8> {
    let copy = if bytes.data.is_null() {
        Vec::new()
    } else {
        // SAFETY: a buffer written by the library: `len` readable bytes at `data`.
        unsafe { std::slice::from_raw_parts(bytes.data, bytes.len) }.to_vec()
    };
    // SAFETY: freed exactly once, unchanged.
    unsafe { fvmi_bytes_free(bytes) };
    copy
}

fn transfer(sequence: u64, gas_limit: i64) -> Message {
    Message {
        version: 0,
        to: Address::new_id(101),
        from: Address::new_id(100),
        sequence,
        value: TokenAmount::from_whole(1u64),
        gas_limit,
        gas_fee_cap: TokenAmount::from_atto(1_000u64),
        gas_premium: TokenAmount::from_atto(10u64),
        method_num: 0,
        params: RawBytes::default(),
    }
}

fn state_car() -> Vec<u8> {
    fvmi_testkit::ChainBuilder::new()
        .account(100, TokenAmount::from_whole(10u64))
        .account(101, TokenAmount::zero())
        .state_car()
        .unwrap()
}

/// A store holding the v7 bundle and the two-account state: (store, bundle root, state root).
fn loaded_store() -> (*mut FvmiStore, Vec<u8>, Vec<u8>) {
    let mut store = null_mut();
    let mut error = null_mut();
    // SAFETY: valid out-parameters.
    assert_eq!(unsafe { fvmi_store_new(&mut store, &mut error) }, FVMI_OK);
    let mut bundle = FvmiBytes::EMPTY;
    // SAFETY: a live store and valid out-parameters.
    let code = unsafe { fvmi_store_load_builtin_bundle(store, &mut bundle, &mut error) };
    assert_eq!(status(code, error), (FVMI_OK, String::new()));
    let car = state_car();
    let mut roots = FvmiBytes::EMPTY;
    // SAFETY: `car` is readable for its length.
    let code =
        unsafe { fvmi_store_load_car(store, car.as_ptr(), car.len(), &mut roots, null_mut()) };
    assert_eq!(code, FVMI_OK);
    let roots: Vec<cid::Cid> = fvmi_ipld::cbor::from_slice(&take(roots)).unwrap();
    assert_eq!(roots.len(), 1);
    (store, take(bundle), roots[0].to_bytes())
}

fn params<'a>(nv: u32, root: &'a [u8], bundle: Option<&'a [u8]>) -> FvmiMachineParams {
    FvmiMachineParams {
        network_version: nv,
        epoch: 1000,
        state_root: root.as_ptr(),
        state_root_len: root.len(),
        builtin_actors: bundle.map_or(null(), <[u8]>::as_ptr),
        builtin_actors_len: bundle.map_or(0, <[u8]>::len),
        base_fee: null(),
        circ_supply: null(),
        timestamp: 0,
        chain_id: 0,
        proof_policy: FVMI_PROOFS_ACCEPT_ALL,
    }
}

static RELEASED: AtomicUsize = AtomicUsize::new(0);

unsafe extern "C" fn count_release(user_data: *mut c_void) {
    assert_eq!(user_data as usize, 0x5eed);
    RELEASED.fetch_add(1, Ordering::SeqCst);
}

fn externs() -> FvmiExterns {
    FvmiExterns {
        user_data: 0x5eed as *mut c_void,
        chain_randomness: None,
        beacon_randomness: None,
        verify_consensus_fault: None,
        tipset_cid: None,
        release: Some(count_release),
    }
}

fn new_machine(
    store: *mut FvmiStore,
    params: &FvmiMachineParams,
) -> (i32, String, *mut FvmiMachine) {
    let mut machine = null_mut();
    let mut error = null_mut();
    // SAFETY: a live store, valid params and out-parameters.
    let code = unsafe { fvmi_machine_new(store, params, &externs(), &mut machine, &mut error) };
    let (code, text) = status(code, error);
    (code, text, machine)
}

fn apply(machine: *mut FvmiMachine, bytes: &[u8], kind: u32) -> (i32, String, Vec<u8>) {
    let mut receipt = FvmiBytes::EMPTY;
    let mut error = null_mut();
    // SAFETY: `bytes` readable for its length, valid out-parameters.
    let code = unsafe {
        let raw_length = fvmi_message_chain_length(bytes.as_ptr(), bytes.len());
        fvmi_machine_apply(
            machine,
            bytes.as_ptr(),
            bytes.len(),
            kind,
            raw_length,
            &mut receipt,
            &mut error,
        )
    };
    let (code, text) = status(code, error);
    (code, text, take(receipt))
}

#[test]
fn a_transfer_through_the_abi_matches_the_rust_api() {
    let (store, bundle, root) = loaded_store();
    let (code, text, machine) = new_machine(store, &params(15, &root, Some(&bundle)));
    assert_eq!((code, text.as_str()), (FVMI_OK, ""));
    // SAFETY: the machine shares the store; the handle may go first.
    unsafe { fvmi_store_free(store) };
    let message = fvmi_ipld::cbor::to_vec(&transfer(0, 10_000_000)).unwrap();
    let (code, _, receipt) = apply(machine, &message, FVMI_APPLY_EXPLICIT);
    assert_eq!(code, FVMI_OK);
    let (exit, ret, gas): (u32, ByteBuf, i64) = fvmi_ipld::cbor::from_slice(&receipt).unwrap();
    // A replayed sequence number fails on chain: still a receipt, with its exit code.
    let (code, _, replayed) = apply(machine, &message, FVMI_APPLY_EXPLICIT);
    assert_eq!(code, FVMI_OK);
    let (replay_exit, _, _): (u32, ByteBuf, i64) = fvmi_ipld::cbor::from_slice(&replayed).unwrap();
    let mut flushed = FvmiBytes::EMPTY;
    // SAFETY: a live machine and valid out-parameters.
    let code = unsafe { fvmi_machine_flush(machine, &mut flushed, null_mut()) };
    assert_eq!(code, FVMI_OK);
    let flushed = take(flushed);
    let before = RELEASED.load(Ordering::SeqCst);
    // SAFETY: freed once.
    unsafe { fvmi_machine_free(machine) };
    assert!(RELEASED.load(Ordering::SeqCst) > before);

    // The same messages on the Rust API.
    let rust_store = MemoryBlockstore::new();
    let v7 = fvmi_state::load_bundle(&rust_store, fvmi_builtin_actors::bundle_car()).unwrap();
    let rust_root = fvmi_ipld::load_car(&rust_store, state_car().as_slice()).unwrap()[0];
    let mut context = MachineContext::new(1000, NetworkVersion::V15, rust_root);
    context.builtin_actors = Some(v7.root);
    context.circ_supply = TokenAmount::from_atto(fvmi_kernel::TOTAL_FILECOIN);
    let proofs = Box::new(fvmi_kernel::crypto::AcceptAllProofs);
    let machine = Machine::new(context, rust_store, Box::new(DummyExterns), proofs).unwrap();
    let mut executor = Executor::new(machine);
    let kind = ApplyKind::Explicit {
        raw_length: chain_length(&message),
    };
    let expected = executor
        .apply_message(&transfer(0, 10_000_000), kind)
        .unwrap();
    let expected_replay = executor
        .apply_message(&transfer(0, 10_000_000), kind)
        .unwrap();
    let expected_root = executor.flush().unwrap();
    assert_eq!(exit, expected.msg_receipt.exit_code.value());
    assert_eq!(exit, 0);
    assert_eq!(ret.as_slice(), expected.msg_receipt.return_data.bytes());
    assert_eq!(gas, expected.msg_receipt.gas_used);
    assert!(gas > 0);
    assert_eq!(replay_exit, expected_replay.msg_receipt.exit_code.value());
    assert_ne!(replay_exit, 0);
    assert_eq!(flushed, expected_root.to_bytes());
    assert_ne!(flushed, root);
}

#[test]
fn bad_inputs_are_status_codes_with_messages() {
    let (store, bundle, root) = loaded_store();
    let garbage = b"not a car";
    let mut out = FvmiBytes::EMPTY;
    let mut error = null_mut();
    // SAFETY: valid pointers throughout.
    let code = unsafe {
        fvmi_store_load_car(store, garbage.as_ptr(), garbage.len(), &mut out, &mut error)
    };
    let (code, text) = status(code, error);
    assert_eq!(code, FVMI_ERROR_CAR);
    assert!(text.contains("CAR"), "{text}");
    // SAFETY: valid pointers; NULL error_out is allowed.
    let code = unsafe {
        fvmi_store_load_bundle(store, garbage.as_ptr(), garbage.len(), &mut out, null_mut())
    };
    assert_eq!(code, FVMI_ERROR_CAR);
    let missing = CString::new("/nonexistent/fvmi/bundle.car").unwrap();
    // SAFETY: a NUL-terminated path.
    let code =
        unsafe { fvmi_store_load_bundle_file(store, missing.as_ptr(), &mut out, &mut error) };
    let (code, text) = status(code, error);
    assert_eq!(code, FVMI_ERROR_IO);
    assert!(text.contains("/nonexistent/fvmi/bundle.car"), "{text}");
    // SAFETY: NULL handles are refused, not read.
    let code = unsafe { fvmi_store_load_car(null(), garbage.as_ptr(), 1, &mut out, &mut error) };
    assert_eq!(status(code, error).0, FVMI_ERROR_NULL_POINTER);

    let released = RELEASED.load(Ordering::SeqCst);
    let (code, text, _) = new_machine(store, &params(14, &root, Some(&bundle)));
    assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT, "{text}");
    assert!(text.contains("14"), "{text}");
    let (code, text, _) = new_machine(store, &params(15, &root, None));
    assert_eq!(code, FVMI_ERROR_MACHINE, "{text}");
    let (code, _, _) = new_machine(store, &params(15, &root[..3], Some(&bundle)));
    assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT);
    let bad_fee = CString::new("-5").unwrap();
    let with_bad_fee = FvmiMachineParams {
        base_fee: bad_fee.as_ptr(),
        ..params(15, &root, Some(&bundle))
    };
    let (code, text, _) = new_machine(store, &with_bad_fee);
    assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT);
    assert!(text.contains("base_fee"), "{text}");
    // Every failed machine released its externs' user data once (tests share the counter, so
    // at least four releases happened since).
    assert!(RELEASED.load(Ordering::SeqCst) >= released + 4);

    let (code, _, machine) = new_machine(store, &params(15, &root, Some(&bundle)));
    assert_eq!(code, FVMI_OK);
    let zero_gas = fvmi_ipld::cbor::to_vec(&transfer(0, 0)).unwrap();
    let (code, text, receipt) = apply(machine, &zero_gas, FVMI_APPLY_EXPLICIT);
    assert_eq!(code, FVMI_ERROR_INVALID_MESSAGE, "{text}");
    assert!(receipt.is_empty());
    let (code, text, _) = apply(machine, b"\x01\x02", FVMI_APPLY_EXPLICIT);
    assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT, "{text}");
    let good = fvmi_ipld::cbor::to_vec(&transfer(0, 10_000_000)).unwrap();
    let (code, _, _) = apply(machine, &good, 7);
    assert_eq!(code, FVMI_ERROR_INVALID_ARGUMENT);
    // SAFETY: freed once each.
    unsafe {
        fvmi_machine_free(machine);
        fvmi_store_free(store);
    }
}

#[test]
fn cids_and_randomness_helpers() {
    let text =
        CString::new("bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm").unwrap();
    let mut bytes = FvmiBytes::EMPTY;
    // SAFETY: valid pointers.
    let code = unsafe { fvmi_cid_from_string(text.as_ptr(), &mut bytes, null_mut()) };
    assert_eq!(code, FVMI_OK);
    let bytes = take(bytes);
    let mut back = null_mut();
    // SAFETY: `bytes` readable for its length.
    let code = unsafe { fvmi_cid_to_string(bytes.as_ptr(), bytes.len(), &mut back, null_mut()) };
    assert_eq!(code, FVMI_OK);
    // SAFETY: a library string, freed once.
    let back_text = unsafe { CStr::from_ptr(back) }.to_str().unwrap().to_owned();
    // SAFETY: as above.
    unsafe { fvmi_string_free(back) };
    assert_eq!(back_text, text.to_str().unwrap());
    let bad = CString::new("not-a-cid").unwrap();
    let mut out = FvmiBytes::EMPTY;
    let mut error = null_mut();
    // SAFETY: valid pointers.
    let code = unsafe { fvmi_cid_from_string(bad.as_ptr(), &mut out, &mut error) };
    assert_eq!(status(code, error).0, FVMI_ERROR_INVALID_ARGUMENT);

    let base = [1u8; FVMI_RANDOMNESS_LEN];
    let mut drawn = [0u8; FVMI_RANDOMNESS_LEN];
    // SAFETY: 32 readable and 32 writable bytes, `b"x"` readable.
    let code = unsafe {
        fvmi_draw_randomness(
            2,
            base.as_ptr(),
            3,
            b"x".as_ptr(),
            1,
            drawn.as_mut_ptr(),
            null_mut(),
        )
    };
    assert_eq!(code, FVMI_OK);
    let mut input = 2i64.to_be_bytes().to_vec();
    input.extend(base);
    input.extend(3i64.to_be_bytes());
    input.push(b'x');
    assert_eq!(drawn, fvmi_ipld::cbor::blake2b_256(&input));
    // SAFETY: a static string.
    let version = unsafe { CStr::from_ptr(fvmi_version()) };
    assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
}
