//! On the host the imports are stubs: every wrapper must fail cleanly with
//! `IllegalOperation` (never panic, never touch memory), except where it needs no syscall.

use cid::Cid;
use fvmi_actors_sdk::{actor, crypto, ipld, network, rand, send, sself, ErrorNumber};
use fvmi_types::{Address, Signature, TokenAmount};
use proptest::prelude::*;

const STUB: ErrorNumber = ErrorNumber::IllegalOperation;

fn some_cid() -> Cid {
    let mut bytes = vec![0x01, 0x71, 0xa0, 0xe4, 0x02, 0x20];
    bytes.extend_from_slice(&[1u8; 32]);
    Cid::try_from(bytes.as_slice()).expect("valid cid")
}

#[test]
fn wrappers_surface_the_stub_error() {
    assert_eq!(ipld::put_cbor_block(b"x"), Err(STUB));
    assert_eq!(ipld::get(&some_cid()), Err(STUB));
    assert_eq!(ipld::get_block(5), Err(STUB));
    assert_eq!(
        ipld::get_block(fvmi_actors_sdk::NO_DATA_BLOCK_ID),
        Ok(vec![])
    );
    assert_eq!(sself::root(), Err(STUB));
    assert_eq!(sself::current_balance(), Err(STUB));
    assert_eq!(network::base_fee(), Err(STUB));
    assert_eq!(rand::get_chain_randomness(1, 2, b"e"), Err(STUB));
    assert_eq!(actor::get_actor_code_cid(1), Err(STUB));
    assert_eq!(actor::new_actor_address(), Err(STUB));
    assert_eq!(
        crypto::verify_signature(&Signature::new_bls(vec![]), &Address::new_id(1), b""),
        Err(STUB)
    );
    assert_eq!(crypto::batch_verify_seals(&[]), Err(STUB));
    assert_eq!(fvmi_actors_sdk::message::context(), Err(STUB));
    assert!(!fvmi_actors_sdk::debug::enabled());
}

#[test]
fn id_addresses_resolve_without_a_syscall() {
    assert_eq!(actor::resolve_address(&Address::new_id(42)), Ok(Some(42)));
    assert_eq!(actor::resolve_address(&Address::new_actor(b"a")), Err(STUB));
}

#[test]
fn send_checks_the_value_first() {
    let negative = TokenAmount::from_atto(-1);
    assert_eq!(
        send::send(&Address::new_id(1), 0, b"", &negative),
        Err(ErrorNumber::InsufficientFunds)
    );
    let too_big = TokenAmount::from_atto(fvmi_types::BigInt::from(u128::MAX) + 1u8);
    assert_eq!(
        send::send(&Address::new_id(1), 0, b"", &too_big),
        Err(ErrorNumber::InsufficientFunds)
    );
    assert_eq!(
        send::send(&Address::new_id(1), 0, b"", &TokenAmount::zero()),
        Err(STUB)
    );
}

#[test]
#[should_panic(expected = "exit code 18: no")]
fn abort_panics_on_the_host() {
    fvmi_actors_sdk::vm::abort(18, Some("no"));
}

proptest! {
    #[test]
    fn cbor_round_trips(values in proptest::collection::vec(any::<(u64, i64, bool)>(), 0..8)) {
        let bytes = fvmi_actors_sdk::cbor::to_vec(&values).expect("encodes");
        let back: Vec<(u64, i64, bool)> = fvmi_actors_sdk::cbor::from_slice(&bytes).expect("decodes");
        prop_assert_eq!(back, values);
    }

    #[test]
    fn cbor_decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = fvmi_actors_sdk::cbor::from_slice::<Vec<(u64, Address)>>(&bytes);
        let _ = fvmi_actors_sdk::Params::new(0x71, bytes).decode::<(u64, TokenAmount)>();
    }
}
