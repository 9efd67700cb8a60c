//! The counter example actor: a number in its state, plus a small key/value store kept in
//! separate IPLD blocks.
//!
//! State (the root block, DAG-CBOR): `{ count: u64, entries: Cid }`. `entries` links a block
//! holding a map from keys to the CIDs of value blocks; each value is a DAG-CBOR byte string in
//! a block of its own. So after `put_entry` the state spans root → map → value blocks.
//!
//! | # | method                | parameters                | returns         |
//! |---|-----------------------|---------------------------|-----------------|
//! | 1 | constructor           | `u64` start (or nothing)  | nothing         |
//! | 2 | increment             | `u64` step (or nothing=1) | new count `u64` |
//! | 3 | get                   | nothing                   | count `u64`     |
//! | 4 | put_entry             | `[key: text, value: bytes]` | entry count `u64` |
//! | 5 | get_entry             | `key: text`               | `bytes` or null |
//! | 6 | increment_then_abort  | `u32` exit code           | (aborts)        |
//!
//! Method 6 changes the state and then aborts: the VM throws the change away.

use std::collections::BTreeMap;

use cid::Cid;
use fvmi_actors_sdk::{cbor, invoke, ipld, sself, ActorError, ActorResult, MessageContext, Params};
use fvmi_types::{ExitCode, RawBytes};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

/// The actor's state root.
#[derive(Serialize, Deserialize)]
struct State {
    count: u64,
    entries: Cid,
}

/// The block `State::entries` links: key → CID of the value block.
type Entries = BTreeMap<String, Cid>;

invoke!(dispatch);

/// Routes a call to its method.
fn dispatch(context: &MessageContext, params: Params) -> ActorResult<Option<RawBytes>> {
    match context.method_number {
        1 => constructor(&params),
        2 => increment(&params).and_then(|count| encode(&count)),
        3 => encode(&load_state()?.count),
        4 => put_entry(&params).and_then(|len| encode(&len)),
        5 => get_entry(&params).and_then(|value| encode(&value)),
        6 => increment_then_abort(&params),
        _ => Err(ActorError::unhandled_message()),
    }
}

fn constructor(params: &Params) -> ActorResult<Option<RawBytes>> {
    let count = optional_u64(params)?.unwrap_or(0);
    let entries = put_cbor(&Entries::new())?;
    save_state(&State { count, entries })?;
    Ok(None)
}

fn increment(params: &Params) -> ActorResult<u64> {
    let step = optional_u64(params)?.unwrap_or(1);
    let mut state = load_state()?;
    state.count = state
        .count
        .checked_add(step)
        .ok_or_else(|| ActorError::illegal_argument("counter overflow"))?;
    save_state(&state)?;
    Ok(state.count)
}

fn put_entry(params: &Params) -> ActorResult<u64> {
    let (key, value): (String, ByteBuf) = params.decode()?;
    let mut state = load_state()?;
    let mut entries: Entries = get_cbor(&state.entries)?;
    let value_cid = put_cbor(&value)?;
    entries.insert(key, value_cid);
    state.entries = put_cbor(&entries)?;
    save_state(&state)?;
    Ok(entries.len() as u64)
}

fn get_entry(params: &Params) -> ActorResult<Option<ByteBuf>> {
    let key: String = params.decode()?;
    let state = load_state()?;
    let entries: Entries = get_cbor(&state.entries)?;
    entries.get(&key).map(get_cbor).transpose()
}

fn increment_then_abort(params: &Params) -> ActorResult<Option<RawBytes>> {
    let code: u32 = params.decode()?;
    let count = increment(&Params::new(cbor::DAG_CBOR, Vec::new()))?;
    // The new count is already the state root here; aborting reverts it.
    Err(ActorError::new(
        ExitCode::new(code),
        format!("aborting on purpose after counting to {count}"),
    ))
}

/// A `u64` parameter, or `None` when no parameters were sent.
fn optional_u64(params: &Params) -> ActorResult<Option<u64>> {
    if params.is_empty() {
        return Ok(None);
    }
    params.decode().map(Some)
}

fn load_state() -> ActorResult<State> {
    let root = sself::root().map_err(|e| ActorError::syscall("self::root", e))?;
    get_cbor(&root)
}

fn save_state(state: &State) -> ActorResult<()> {
    let root = put_cbor(state)?;
    sself::set_root(&root).map_err(|e| ActorError::syscall("self::set_root", e))
}

/// Stores `value` as a DAG-CBOR block and returns its CID.
fn put_cbor<T: Serialize>(value: &T) -> ActorResult<Cid> {
    let bytes = cbor::to_vec(value)?;
    ipld::put_cbor_block(&bytes).map_err(|e| ActorError::syscall("ipld::put", e))
}

/// Loads and decodes the DAG-CBOR block `cid` names.
fn get_cbor<T: serde::de::DeserializeOwned>(cid: &Cid) -> ActorResult<T> {
    let bytes = ipld::get(cid).map_err(|e| ActorError::syscall("ipld::get", e))?;
    Ok(cbor::from_slice(&bytes)?)
}

/// Encodes a return value.
fn encode<T: Serialize>(value: &T) -> ActorResult<Option<RawBytes>> {
    Ok(Some(cbor::to_raw_bytes(value)?))
}
