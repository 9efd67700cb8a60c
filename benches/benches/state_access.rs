//! 500 state accesses:
//!
//! - `host/state-tree-500`: 500 actor reads and 500 actor writes in a `StateTree` of 500 actors,
//!   then a flush;
//! - `host/hamt-actor-state-500`: an actor whose state is a HAMT of 500 entries; load the actor,
//!   open its HAMT, 500 gets and 500 sets, flush the HAMT, store the new root in the actor,
//!   flush the tree;
//! - `vm/counter-put-get-entry-500`: 250 `put_entry` and 250 `get_entry` messages to the example
//!   counter actor, each one message through the executor.

use std::hint::black_box;
use std::time::Duration;

use cid::Cid;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use fvmi_benches::{bench_chain, COUNTER};
use fvmi_ipld::{BytesKey, CborStore, Hamt, MemoryBlockstore};
use fvmi_kernel::ApplyRet;
use fvmi_state::{ActorState, StateTree, StateTreeVersion};
use fvmi_testkit::{cbor_params, TestChain};
use fvmi_types::{Address, ExitCode, RawBytes, TokenAmount};
use serde_bytes::ByteBuf;

/// Accesses per iteration.
const ACCESSES: u64 = 500;
/// The actor holding the HAMT state.
const HAMT_ACTOR: u64 = 1000;

fn code() -> Cid {
    fvmi_ipld::cid_of(fvmi_ipld::cbor::RAW, b"bench actor code")
}

fn key(i: u64) -> BytesKey {
    BytesKey(format!("key-{i}").into_bytes())
}

/// A flushed tree of [`ACCESSES`] actors plus [`HAMT_ACTOR`], whose state is a HAMT of
/// [`ACCESSES`] entries.
fn populated() -> (MemoryBlockstore, Cid) {
    let store = MemoryBlockstore::new();
    let empty = store.put_cbor(&()).expect("empty block");
    let mut hamt: Hamt<&MemoryBlockstore, u64> = Hamt::new(&store);
    for i in 0..ACCESSES {
        hamt.set(key(i), i).expect("hamt set");
    }
    let hamt_root = hamt.flush().expect("hamt flush");
    let mut tree = StateTree::new(store, StateTreeVersion::V4).expect("tree");
    for id in 0..ACCESSES {
        let balance = TokenAmount::from_atto(id);
        tree.set_actor(100 + id, ActorState::new(code(), empty, balance, 0));
    }
    tree.set_actor(
        HAMT_ACTOR,
        ActorState::new(code(), hamt_root, TokenAmount::zero(), 0),
    );
    let root = tree.flush().expect("tree flush");
    (tree.into_store(), root)
}

fn state_tree_500(store: MemoryBlockstore, root: Cid) -> Cid {
    let mut tree = StateTree::new_from_root(store, &root).expect("tree loads");
    for id in 0..ACCESSES {
        let mut actor = tree
            .get_actor(100 + id)
            .expect("readable")
            .expect("actor present");
        actor.sequence += 1;
        tree.set_actor(100 + id, actor);
    }
    tree.flush().expect("tree flush")
}

fn hamt_state_500(store: MemoryBlockstore, root: Cid) -> Cid {
    let mut tree = StateTree::new_from_root(store, &root).expect("tree loads");
    let mut actor = tree
        .get_actor(HAMT_ACTOR)
        .expect("readable")
        .expect("actor present");
    let mut hamt: Hamt<&_, u64> = Hamt::load(&actor.state, tree.store()).expect("hamt loads");
    for i in 0..ACCESSES {
        let value = *hamt.get(&key(i)).expect("hamt get").expect("entry present");
        hamt.set(key(i), value + 1).expect("hamt set");
    }
    actor.state = hamt.flush().expect("hamt flush");
    tree.set_actor(HAMT_ACTOR, actor);
    tree.flush().expect("tree flush")
}

fn host(c: &mut Criterion) {
    let (store, root) = populated();
    let mut group = c.benchmark_group("host");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("state-tree-500", |b| {
        b.iter_batched(
            || store.clone(),
            |store| black_box(state_tree_500(store, root)),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("hamt-actor-state-500", |b| {
        b.iter_batched(
            || store.clone(),
            |store| black_box(hamt_state_500(store, root)),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// The counter's method numbers.
const CONSTRUCTOR: u64 = 1;
const PUT_ENTRY: u64 = 4;
const GET_ENTRY: u64 = 5;

/// Applies the next message to `to`; it must succeed.
fn call_here(chain: &mut TestChain, to: Address, method: u64, params: RawBytes) -> ApplyRet {
    let message = chain
        .messages_mut()
        .message(to, method, params, TokenAmount::zero());
    let ret = chain.apply(&message).expect("applies");
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    ret
}

fn vm(c: &mut Criterion) {
    let mut chain = bench_chain().expect("bench chain builds");
    let counter = Address::new_id(COUNTER);
    let zero = cbor_params(&0u64).expect("params encode");
    let ret = chain
        .send(counter, CONSTRUCTOR, zero, TokenAmount::zero())
        .expect("constructor applies");
    assert_eq!(ret.msg_receipt.exit_code, ExitCode::OK);
    let keys: Vec<String> = (0..ACCESSES / 2).map(|i| format!("k{}", i % 16)).collect();
    let value = ByteBuf::from(vec![7u8; 32]);

    let mut group = c.benchmark_group("vm");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("counter-put-get-entry-500", |b| {
        b.iter(|| {
            for key in &keys {
                let put = cbor_params(&(key.as_str(), &value)).expect("put encodes");
                call_here(&mut chain, counter, PUT_ENTRY, put);
                let get = cbor_params(key.as_str()).expect("get encodes");
                black_box(call_here(&mut chain, counter, GET_ENTRY, get));
            }
        })
    });
    group.finish();
}

criterion_group!(state_access, host, vm);
criterion_main!(state_access);
