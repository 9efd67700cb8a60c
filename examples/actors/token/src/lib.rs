//! The token example actor: balances of a made-up token kept in its state, plus two methods
//! that reach other actors — one sends FIL, one calls the counter actor.
//!
//! State (the root block, DAG-CBOR): `{ balances: [[holder id, amount], ...], counter_calls }`
//! with `balances` sorted by holder and free of zero amounts.
//!
//! | # | method        | parameters                         | returns                     |
//! |---|---------------|------------------------------------|-----------------------------|
//! | 1 | constructor   | `u64` supply, all to the caller    | nothing                     |
//! | 2 | balance_of    | `holder: address`                  | `u64`                       |
//! | 3 | transfer      | `[to: address, amount: u64]`       | the caller's new balance    |
//! | 4 | send_fil      | `[to: address, amount: bigint]`    | our FIL balance left        |
//! | 5 | call_counter  | `[counter: address, abort: u32?]`  | `[exit code, count or null]`|
//!
//! Failure paths: `transfer` beyond the caller's balance aborts with `USR_INSUFFICIENT_FUNDS`;
//! `send_fil` beyond our FIL balance aborts with `USR_INSUFFICIENT_FUNDS`; `call_counter` on an
//! address with no actor aborts with `USR_NOT_FOUND`. When the counter itself fails (`abort`
//! set: it runs `increment_then_abort`), its changes are reverted but ours stay: the call is
//! counted and its exit code returned.

use fvmi_actors_sdk::send::SendResponse;
use fvmi_actors_sdk::{
    actor, cbor, invoke, ipld, send, sself, ActorError, ActorResult, ErrorNumber, MessageContext,
    Params,
};
use fvmi_types::{ActorID, Address, ExitCode, RawBytes, TokenAmount};
use serde::{Deserialize, Serialize};

/// Counter actor methods this actor calls.
const COUNTER_INCREMENT: u64 = 2;
const COUNTER_INCREMENT_THEN_ABORT: u64 = 6;

/// The actor's state root.
#[derive(Serialize, Deserialize)]
struct State {
    balances: Vec<(ActorID, u64)>,
    counter_calls: u64,
}

impl State {
    fn balance(&self, holder: ActorID) -> u64 {
        match self.balances.binary_search_by_key(&holder, |entry| entry.0) {
            Ok(index) => self.balances.get(index).map_or(0, |entry| entry.1),
            Err(_) => 0,
        }
    }

    fn set_balance(&mut self, holder: ActorID, amount: u64) {
        match self.balances.binary_search_by_key(&holder, |entry| entry.0) {
            Ok(index) if amount == 0 => {
                self.balances.remove(index);
            }
            Ok(index) => {
                if let Some(entry) = self.balances.get_mut(index) {
                    entry.1 = amount;
                }
            }
            Err(_) if amount == 0 => {}
            Err(index) => self.balances.insert(index, (holder, amount)),
        }
    }
}

invoke!(dispatch);

/// Routes a call to its method.
fn dispatch(context: &MessageContext, params: Params) -> ActorResult<Option<RawBytes>> {
    match context.method_number {
        1 => constructor(context, &params),
        2 => balance_of(&params).and_then(|amount| encode(&amount)),
        3 => transfer(context, &params).and_then(|amount| encode(&amount)),
        4 => send_fil(&params).and_then(|left| encode(&left)),
        5 => call_counter(&params).and_then(|outcome| encode(&outcome)),
        _ => Err(ActorError::unhandled_message()),
    }
}

fn constructor(context: &MessageContext, params: &Params) -> ActorResult<Option<RawBytes>> {
    let supply: u64 = params.decode()?;
    let mut state = State {
        balances: Vec::new(),
        counter_calls: 0,
    };
    state.set_balance(context.caller, supply);
    save_state(&state)?;
    Ok(None)
}

fn balance_of(params: &Params) -> ActorResult<u64> {
    let holder: Address = params.decode()?;
    let state = load_state()?;
    Ok(resolve(&holder)?.map_or(0, |id| state.balance(id)))
}

fn transfer(context: &MessageContext, params: &Params) -> ActorResult<u64> {
    let (to, amount): (Address, u64) = params.decode()?;
    let to = resolve(&to)?.ok_or_else(|| ActorError::not_found("no such recipient"))?;
    let mut state = load_state()?;
    let from_balance = state.balance(context.caller);
    let left = from_balance.checked_sub(amount).ok_or_else(|| {
        ActorError::new(
            ExitCode::USR_INSUFFICIENT_FUNDS,
            format!("balance {from_balance} below {amount}"),
        )
    })?;
    state.set_balance(context.caller, left);
    // Read the recipient after the debit so that a transfer to oneself changes nothing.
    let to_balance = state.balance(to);
    let credited = to_balance
        .checked_add(amount)
        .ok_or_else(|| ActorError::illegal_argument("recipient balance overflow"))?;
    state.set_balance(to, credited);
    save_state(&state)?;
    Ok(state.balance(context.caller))
}

fn send_fil(params: &Params) -> ActorResult<TokenAmount> {
    let (to, amount): (Address, TokenAmount) = params.decode()?;
    // Method 0 is a plain value transfer: no code runs at the recipient.
    match send::send(&to, 0, &[], &amount) {
        Ok(response) => check_success(&response)?,
        Err(ErrorNumber::InsufficientFunds) => {
            return Err(ActorError::new(
                ExitCode::USR_INSUFFICIENT_FUNDS,
                format!("cannot send {amount}"),
            ))
        }
        Err(error) => return Err(ActorError::syscall("send::send", error)),
    }
    sself::current_balance().map_err(|e| ActorError::syscall("self::current_balance", e))
}

fn call_counter(params: &Params) -> ActorResult<(u32, Option<u64>)> {
    let (counter, abort_with): (Address, Option<u32>) = params.decode()?;
    let mut state = load_state()?;
    state.counter_calls += 1;
    save_state(&state)?;

    let response = match abort_with {
        None => send::send(&counter, COUNTER_INCREMENT, &[], &TokenAmount::zero()),
        Some(code) => send::send(
            &counter,
            COUNTER_INCREMENT_THEN_ABORT,
            &cbor::to_vec(&code)?,
            &TokenAmount::zero(),
        ),
    };
    let response = match response {
        Ok(response) => response,
        Err(ErrorNumber::NotFound) => return Err(ActorError::not_found("no counter actor there")),
        Err(error) => return Err(ActorError::syscall("send::send", error)),
    };
    if !response.exit_code.is_success() {
        // The counter's changes were reverted; ours (the call count) stay.
        return Ok((response.exit_code.value(), None));
    }
    let count: u64 = cbor::from_slice(response.return_data.bytes())?;
    Ok((0, Some(count)))
}

/// The ID of the actor at `address`, `None` when there is no actor there. (ID addresses always
/// "resolve" to themselves, so existence is checked by asking for the actor's code.)
fn resolve(address: &Address) -> ActorResult<Option<ActorID>> {
    let Some(id) = actor::resolve_address(address)
        .map_err(|e| ActorError::syscall("actor::resolve_address", e))?
    else {
        return Ok(None);
    };
    let code = actor::get_actor_code_cid(id)
        .map_err(|e| ActorError::syscall("actor::get_actor_code_cid", e))?;
    Ok(code.map(|_| id))
}

fn check_success(response: &SendResponse) -> ActorResult<()> {
    if response.exit_code.is_success() {
        Ok(())
    } else {
        Err(ActorError::new(
            response.exit_code,
            "the recipient refused the transfer",
        ))
    }
}

fn load_state() -> ActorResult<State> {
    let root = sself::root().map_err(|e| ActorError::syscall("self::root", e))?;
    let bytes = ipld::get(&root).map_err(|e| ActorError::syscall("ipld::get", e))?;
    Ok(cbor::from_slice(&bytes)?)
}

fn save_state(state: &State) -> ActorResult<()> {
    let bytes = cbor::to_vec(state)?;
    let root = ipld::put_cbor_block(&bytes).map_err(|e| ActorError::syscall("ipld::put", e))?;
    sself::set_root(&root).map_err(|e| ActorError::syscall("self::set_root", e))
}

/// Encodes a return value.
fn encode<T: Serialize>(value: &T) -> ActorResult<Option<RawBytes>> {
    Ok(Some(cbor::to_raw_bytes(value)?))
}
