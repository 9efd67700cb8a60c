//! The counter actor on the VM: construction, counting, state spread over blocks, and the revert
//! of a method that aborts after changing the state.

use cid::Cid;
use fvmi_types::{ExitCode, TokenAmount};
use serde::Deserialize;
use serde_bytes::ByteBuf;
use std::collections::BTreeMap;

use crate::harness::{decode_return, fee_paid, sender_start_balance, Chain, COUNTER, SENDER};

/// Mirror of the counter's state root.
#[derive(Debug, Deserialize)]
struct CounterState {
    count: u64,
    entries: Cid,
}

const CONSTRUCTOR: u64 = 1;
const INCREMENT: u64 = 2;
const GET: u64 = 3;
const PUT_ENTRY: u64 = 4;
const GET_ENTRY: u64 = 5;
const INCREMENT_THEN_ABORT: u64 = 6;

fn constructed(start: u64) -> Chain {
    let mut chain = Chain::new();
    let ret = chain.send(COUNTER, CONSTRUCTOR, Some(&start), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    assert!(ret.msg_receipt.return_data.is_empty());
    chain
}

#[test]
fn counts_from_its_start_value() {
    let mut chain = constructed(5);
    assert_eq!(decode_return::<u64>(&chain.call(COUNTER, GET)), 5);
    assert_eq!(decode_return::<u64>(&chain.call(COUNTER, INCREMENT)), 6);
    let ret = chain.send(COUNTER, INCREMENT, Some(&10u64), TokenAmount::zero());
    assert_eq!(decode_return::<u64>(&ret), 16);
    assert_eq!(decode_return::<u64>(&chain.call(COUNTER, GET)), 16);
    assert_eq!(chain.state::<CounterState>(COUNTER).count, 16);
    assert_eq!(chain.actor(SENDER).sequence, 5);
}

#[test]
fn overflow_is_an_illegal_argument_and_changes_nothing() {
    let mut chain = constructed(u64::MAX - 1);
    let before = chain.actor(COUNTER).state;
    let ret = chain.send(COUNTER, INCREMENT, Some(&2u64), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_ILLEGAL_ARGUMENT);
    assert_eq!(chain.actor(COUNTER).state, before);
    assert_eq!(
        decode_return::<u64>(&chain.call(COUNTER, INCREMENT)),
        u64::MAX
    );
}

#[test]
fn entries_live_in_their_own_blocks() {
    let mut chain = constructed(0);
    let put = |chain: &mut Chain, key: &str, value: &[u8]| {
        let params = (key, ByteBuf::from(value.to_vec()));
        decode_return::<u64>(&chain.send(COUNTER, PUT_ENTRY, Some(&params), TokenAmount::zero()))
    };
    assert_eq!(put(&mut chain, "greeting", b"hello"), 1);
    assert_eq!(put(&mut chain, "answer", &[42; 100]), 2);
    assert_eq!(put(&mut chain, "greeting", b"bonjour"), 2);

    let get = |chain: &mut Chain, key: &str| {
        let ret = chain.send(COUNTER, GET_ENTRY, Some(&key), TokenAmount::zero());
        assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
        decode_return::<Option<ByteBuf>>(&ret).map(ByteBuf::into_vec)
    };
    assert_eq!(get(&mut chain, "greeting"), Some(b"bonjour".to_vec()));
    assert_eq!(get(&mut chain, "answer"), Some(vec![42; 100]));
    assert_eq!(get(&mut chain, "missing"), None);

    // Walk the blocks: root -> map -> one block per value, all reachable after a flush.
    chain.flush();
    let state: CounterState = chain.state(COUNTER);
    assert_eq!(state.count, 0);
    let entries: BTreeMap<String, Cid> = chain.block(&state.entries);
    assert_eq!(
        entries.keys().map(String::as_str).collect::<Vec<_>>(),
        ["answer", "greeting"]
    );
    let answer: ByteBuf = chain.block(&entries["answer"]);
    assert_eq!(answer.into_vec(), vec![42; 100]);
}

#[test]
fn an_abort_after_a_state_change_reverts_it() {
    let mut chain = constructed(0);
    assert_eq!(decode_return::<u64>(&chain.call(COUNTER, INCREMENT)), 1);
    let state_before = chain.actor(COUNTER).state;
    let sender_before = chain.balance(SENDER);

    let ret = chain.send(
        COUNTER,
        INCREMENT_THEN_ABORT,
        Some(&42u32),
        TokenAmount::zero(),
    );
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::new(42));
    assert!(ret.msg_receipt.return_data.is_empty());
    assert!(ret.msg_receipt.gas_used > 0);
    // The state is as before the message; the sender still paid for the gas.
    assert_eq!(chain.balance(SENDER), &sender_before - &fee_paid(&ret));
    assert_eq!(chain.actor(COUNTER).state, state_before);
    assert_eq!(decode_return::<u64>(&chain.call(COUNTER, GET)), 1);
}

#[test]
fn value_sent_with_a_call_stays_with_the_actor() {
    let mut chain = constructed(0);
    let value = TokenAmount::from_atto(1_234_567_890_123_456_789u64);
    let ret = chain.send::<()>(COUNTER, INCREMENT, None, value.clone());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    assert_eq!(chain.balance(COUNTER), value);
    assert_eq!(
        chain.balance(SENDER),
        &(&sender_start_balance() - &value) - &(&fee_paid(&ret) + &constructor_fee())
    );
}

/// What constructing the counter cost, measured on a fresh chain.
fn constructor_fee() -> TokenAmount {
    let mut chain = Chain::new();
    fee_paid(&chain.send(COUNTER, CONSTRUCTOR, Some(&0u64), TokenAmount::zero()))
}

#[test]
fn unknown_methods_and_bad_parameters_fail_cleanly() {
    let mut chain = constructed(0);
    assert_eq!(
        chain.call(COUNTER, 99).msg_receipt.exit_code,
        ExitCode::USR_UNHANDLED_MESSAGE
    );
    let ret = chain.send(COUNTER, INCREMENT, Some(&"ten"), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_SERIALIZATION);
    assert_eq!(chain.state::<CounterState>(COUNTER).count, 0);
}
