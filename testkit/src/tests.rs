//! The builder's state and chain.

use fvmi_ipld::cbor::{cid_of, DAG_CBOR};
use fvmi_ipld::{Blockstore, CborStore, MemoryBlockstore};
use fvmi_kernel::Manifest;
use fvmi_state::{StateTree, StateTreeVersion};
use fvmi_types::{ActorType, Address, ExitCode, RawBytes, TokenAmount};

use crate::{code_cid, install_account, ChainBuilder, EMPTY_ARRAY, FIRST_NEW_ID};

/// The smallest wasm module: magic and version.
const EMPTY_MODULE: &[u8] = b"\0asm\x01\0\0\0";

fn key(seed: u8) -> Address {
    let mut key = [seed; 65];
    key[0] = 4;
    Address::new_secp256k1(&key).expect("secp address")
}

#[test]
fn the_empty_array_is_what_an_empty_list_encodes_to() {
    let store = MemoryBlockstore::new();
    let empty = store.put_cbor(&Vec::<u8>::new()).expect("put");
    assert_eq!(empty, cid_of(DAG_CBOR, &EMPTY_ARRAY));
}

#[test]
fn key_accounts_get_ids_from_the_init_actor_in_order() {
    let state = ChainBuilder::new()
        .account(50, TokenAmount::zero())
        .key_account(key(1), TokenAmount::zero())
        .key_account(key(2), TokenAmount::zero())
        .build_state()
        .expect("state");
    assert_eq!(state.account_ids, vec![50, FIRST_NEW_ID, FIRST_NEW_ID + 1]);
    let state = ChainBuilder::new()
        .next_id(7_000)
        .key_account(key(1), TokenAmount::zero())
        .build_state()
        .expect("state");
    assert_eq!(state.account_ids, vec![7_000]);
}

#[test]
fn actor_code_is_stored_under_its_raw_cid() {
    let state = ChainBuilder::new()
        .actor(1_000, EMPTY_MODULE, TokenAmount::zero())
        .build_state()
        .expect("state");
    let code = code_cid(EMPTY_MODULE);
    assert_eq!(
        state.store.get(&code).expect("get"),
        Some(EMPTY_MODULE.to_vec())
    );
}

#[test]
fn the_state_car_loads_back_to_the_same_root() {
    let builder = ChainBuilder::new().account(100, TokenAmount::from_whole(1u64));
    let car = builder.state_car().expect("car");
    let store = MemoryBlockstore::new();
    let roots = fvmi_ipld::load_car(&store, car.as_slice()).expect("load");
    assert_eq!(roots, vec![builder.build_state().expect("state").root]);
}

#[test]
fn a_chain_needs_an_account_to_send_from() {
    assert!(ChainBuilder::new().build().is_err());
}

#[test]
fn messages_take_the_next_sequence_and_the_sender_pays() {
    let start = TokenAmount::from_whole(10u64);
    let mut chain = ChainBuilder::new()
        .key_account(key(3), start.clone())
        .account(200, TokenAmount::zero())
        .build()
        .expect("chain");
    assert_eq!(chain.sender(), key(3));
    let value = TokenAmount::from_atto(5u64);
    for sequence in 0..2 {
        let message = chain.messages_mut().message(
            Address::new_id(200),
            0,
            RawBytes::default(),
            value.clone(),
        );
        assert_eq!(message.sequence, sequence);
        let ret = chain.apply(&message).expect("applies");
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    }
    assert_eq!(chain.messages().next_sequence, 2);
    assert_eq!(chain.balance(200).expect("balance"), &value + &value);
    let sender = chain.actor(FIRST_NEW_ID).expect("read").expect("sender");
    assert_eq!(sender.sequence, 2);
    assert!(sender.balance < start);
}

#[test]
fn an_account_state_is_its_address_in_a_one_field_array() {
    let mut tree = StateTree::new(MemoryBlockstore::new(), StateTreeVersion::V4).expect("tree");
    install_account(&mut tree, 99, &Address::new_id(99), TokenAmount::zero()).expect("install");
    let actor = tree.get_actor(99).expect("read").expect("account");
    assert_eq!(actor.code, Manifest::v7_code(ActorType::Account));
    // [h'0063']
    let state = tree.store().get(&actor.state).expect("get").expect("state");
    assert_eq!(state, vec![0x81, 0x42, 0, 99]);
}
