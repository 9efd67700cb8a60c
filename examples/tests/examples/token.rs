//! The token actor on the VM: balances and transfers in its state, FIL sends (method 0) and calls
//! into the counter actor, with their failure paths.

use fvmi_types::{Address, ExitCode, TokenAmount};
use serde::Deserialize;

use crate::harness::{
    decode_return, fee_paid, token_start_balance, Chain, BURNT_FUNDS, COUNTER, OTHER, REWARD,
    SENDER, TOKEN,
};

/// Mirror of the token's state root.
#[derive(Debug, Deserialize)]
struct TokenState {
    balances: Vec<(u64, u64)>,
    counter_calls: u64,
}

const CONSTRUCTOR: u64 = 1;
const BALANCE_OF: u64 = 2;
const TRANSFER: u64 = 3;
const SEND_FIL: u64 = 4;
const CALL_COUNTER: u64 = 5;

const SUPPLY: u64 = 1_000_000;

fn constructed() -> Chain {
    let mut chain = Chain::new();
    let ret = chain.send(TOKEN, CONSTRUCTOR, Some(&SUPPLY), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    let ret = chain.send(COUNTER, 1, Some(&0u64), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    chain
}

fn balance_of(chain: &mut Chain, holder: u64) -> u64 {
    let ret = chain.send(
        TOKEN,
        BALANCE_OF,
        Some(&Address::new_id(holder)),
        TokenAmount::zero(),
    );
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    decode_return(&ret)
}

/// The FIL held by every actor of the test state.
fn total_fil(chain: &Chain) -> TokenAmount {
    [REWARD, BURNT_FUNDS, SENDER, OTHER, COUNTER, TOKEN]
        .into_iter()
        .fold(TokenAmount::zero(), |sum, id| &sum + &chain.balance(id))
}

#[test]
fn transfers_move_tokens_between_holders() {
    let mut chain = constructed();
    assert_eq!(balance_of(&mut chain, SENDER), SUPPLY);
    assert_eq!(balance_of(&mut chain, OTHER), 0);

    let params = (Address::new_id(OTHER), 300_000u64);
    let ret = chain.send(TOKEN, TRANSFER, Some(&params), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    assert_eq!(decode_return::<u64>(&ret), SUPPLY - 300_000);
    assert_eq!(balance_of(&mut chain, OTHER), 300_000);
    let state: TokenState = chain.state(TOKEN);
    assert_eq!(
        state.balances,
        [(SENDER, SUPPLY - 300_000), (OTHER, 300_000)]
    );

    // Sending everything to oneself changes nothing.
    let params = (Address::new_id(SENDER), SUPPLY - 300_000);
    let ret = chain.send(TOKEN, TRANSFER, Some(&params), TokenAmount::zero());
    assert_eq!(decode_return::<u64>(&ret), SUPPLY - 300_000);
    assert_eq!(chain.state::<TokenState>(TOKEN).balances, state.balances);
}

#[test]
fn overdrawing_a_token_balance_fails_without_a_trace() {
    let mut chain = constructed();
    let before = chain.actor(TOKEN).state;
    let params = (Address::new_id(OTHER), SUPPLY + 1);
    let ret = chain.send(TOKEN, TRANSFER, Some(&params), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_INSUFFICIENT_FUNDS);
    assert_eq!(chain.actor(TOKEN).state, before);
    assert_eq!(balance_of(&mut chain, OTHER), 0);

    let params = (Address::new_id(4_242), 1u64);
    let ret = chain.send(TOKEN, TRANSFER, Some(&params), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_NOT_FOUND);
    assert_eq!(chain.actor(TOKEN).state, before);
}

#[test]
fn sending_fil_moves_exactly_the_amount() {
    let mut chain = constructed();
    let total = total_fil(&chain);
    let sender_before = chain.balance(SENDER);
    let amount = TokenAmount::from_atto(3_000_000_000_000_000_123u64);

    let params = (Address::new_id(OTHER), amount.clone());
    let ret = chain.send(TOKEN, SEND_FIL, Some(&params), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    let left = &token_start_balance() - &amount;
    assert_eq!(decode_return::<TokenAmount>(&ret), left);
    assert_eq!(chain.balance(TOKEN), left);
    assert_eq!(chain.balance(OTHER), amount);
    assert_eq!(chain.balance(SENDER), &sender_before - &fee_paid(&ret));
    assert_eq!(total_fil(&chain), total, "FIL is neither made nor lost");
}

#[test]
fn sending_more_fil_than_held_fails_and_moves_nothing() {
    let mut chain = constructed();
    let total = total_fil(&chain);
    let amount = &token_start_balance() + &TokenAmount::from_atto(1u64);
    let params = (Address::new_id(OTHER), amount);
    let ret = chain.send(TOKEN, SEND_FIL, Some(&params), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_INSUFFICIENT_FUNDS);
    assert_eq!(chain.balance(TOKEN), token_start_balance());
    assert_eq!(chain.balance(OTHER), TokenAmount::zero());
    assert_eq!(total_fil(&chain), total);
}

#[test]
fn calling_the_counter_returns_its_result() {
    let mut chain = constructed();
    let params = (Address::new_id(COUNTER), None::<u32>);
    for expected in 1..=3u64 {
        let ret = chain.send(TOKEN, CALL_COUNTER, Some(&params), TokenAmount::zero());
        assert_eq!(
            ret.msg_receipt.exit_code,
            ExitCode::OK,
            "{:?}",
            ret.failure_info
        );
        assert_eq!(
            decode_return::<(u32, Option<u64>)>(&ret),
            (0, Some(expected))
        );
    }
    assert_eq!(chain.state::<TokenState>(TOKEN).counter_calls, 3);
    let count: u64 = decode_return(&chain.call(COUNTER, 3));
    assert_eq!(count, 3);
}

#[test]
fn a_failing_callee_is_reverted_while_the_caller_keeps_its_changes() {
    let mut chain = constructed();
    let params = (Address::new_id(COUNTER), None::<u32>);
    chain.send(TOKEN, CALL_COUNTER, Some(&params), TokenAmount::zero());
    let counter_before = chain.actor(COUNTER).state;

    let params = (Address::new_id(COUNTER), Some(77u32));
    let ret = chain.send(TOKEN, CALL_COUNTER, Some(&params), TokenAmount::zero());
    assert_eq!(
        ret.msg_receipt.exit_code,
        ExitCode::OK,
        "{:?}",
        ret.failure_info
    );
    assert_eq!(decode_return::<(u32, Option<u64>)>(&ret), (77, None));
    assert_eq!(chain.actor(COUNTER).state, counter_before);
    assert_eq!(chain.state::<TokenState>(TOKEN).counter_calls, 2);
}

#[test]
fn calling_a_missing_actor_aborts_and_reverts_the_caller() {
    let mut chain = constructed();
    let before = chain.actor(TOKEN).state;
    let params = (Address::new_id(5_555), None::<u32>);
    let ret = chain.send(TOKEN, CALL_COUNTER, Some(&params), TokenAmount::zero());
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::USR_NOT_FOUND);
    assert_eq!(chain.actor(TOKEN).state, before);
    assert_eq!(chain.state::<TokenState>(TOKEN).counter_calls, 0);
}
