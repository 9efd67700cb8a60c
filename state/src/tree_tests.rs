//! Unit tests of the state tree: actors, address registration and lookup, transactions.

use std::collections::BTreeMap;

use cid::Cid;
use fvmi_ipld::cbor::{cid_of, DAG_CBOR};
use fvmi_ipld::{CborStore, Hamt, MemoryBlockstore};
use fvmi_types::builtin::INIT_ACTOR_ID;
use fvmi_types::{ActorID, ActorType, Address, TokenAmount, HAMT_BIT_WIDTH};
use proptest::prelude::*;

use crate::{ActorState, InitState, Manifest, StateError, StateTree, StateTreeVersion};

fn actor(seq: u64, balance: u64) -> ActorState {
    let code = Manifest::v7_code(ActorType::Account);
    ActorState::new(
        code,
        cid_of(DAG_CBOR, &seq.to_be_bytes()),
        TokenAmount::from_atto(balance),
        seq,
    )
}

/// A tree holding only an init actor with an empty address map and next ID 100.
fn tree_with_init(store: &MemoryBlockstore) -> StateTree<&MemoryBlockstore> {
    let mut empty: Hamt<_, ActorID> = Hamt::new_with_bit_width(store, HAMT_BIT_WIDTH);
    let address_map = empty.flush().unwrap();
    let init = InitState {
        address_map,
        next_id: 100,
        network_name: "testnet".into(),
    };
    let state = store.put_cbor(&init).unwrap();
    let mut tree = StateTree::new(store, StateTreeVersion::V4).unwrap();
    let code = Manifest::v7_code(ActorType::Init);
    tree.set_actor(
        INIT_ACTOR_ID,
        ActorState::new(code, state, TokenAmount::zero(), 0),
    );
    tree
}

#[test]
fn actors_survive_flush_and_reload() {
    let store = MemoryBlockstore::new();
    let mut tree = StateTree::new(&store, StateTreeVersion::V4).unwrap();
    assert_eq!(tree.get_actor(5).unwrap(), None);
    tree.set_actor(5, actor(1, 10));
    tree.set_actor(1000, actor(2, 20));
    assert_eq!(tree.get_actor(5).unwrap(), Some(actor(1, 10)));
    let root = tree.flush().unwrap();

    let mut reloaded = StateTree::new_from_root(&store, &root).unwrap();
    assert_eq!(reloaded.version(), StateTreeVersion::V4);
    assert_eq!(reloaded.get_actor(1000).unwrap(), Some(actor(2, 20)));
    let mut seen = Vec::new();
    reloaded
        .for_each(|id, a| {
            seen.push((id, a.sequence));
            Ok::<_, StateError>(())
        })
        .unwrap();
    seen.sort();
    assert_eq!(seen, vec![(5, 1), (1000, 2)]);

    reloaded.delete_actor(5);
    reloaded.delete_actor(77);
    assert_eq!(reloaded.get_actor(5).unwrap(), None);
    let after_delete = reloaded.flush().unwrap();
    assert_ne!(after_delete, root);
    let again = StateTree::new_from_root(&store, &after_delete).unwrap();
    assert_eq!(again.get_actor(5).unwrap(), None);
    // Putting the actor back restores the original root exactly.
    let mut again = again;
    again.set_actor(5, actor(1, 10));
    assert_eq!(again.flush().unwrap(), root);
}

#[test]
fn mutate_requires_an_existing_actor() {
    let store = MemoryBlockstore::new();
    let mut tree = StateTree::new(&store, StateTreeVersion::V4).unwrap();
    tree.set_actor(9, actor(0, 1));
    tree.mutate_actor(9, |a| {
        a.sequence += 1;
        Ok::<_, StateError>(())
    })
    .unwrap();
    assert_eq!(tree.get_actor(9).unwrap().unwrap().sequence, 1);
    let missing = tree.mutate_actor(10, |_| Ok::<_, StateError>(()));
    assert_eq!(missing, Err(StateError::ActorNotFound(10)));
    assert!(!tree
        .maybe_mutate_actor(10, |_| Ok::<_, StateError>(()))
        .unwrap());
}

#[test]
fn register_and_lookup_addresses() {
    let store = MemoryBlockstore::new();
    let mut tree = tree_with_init(&store);
    let a = Address::new_actor(b"first");
    let b = Address::new_actor(b"second");
    assert_eq!(tree.lookup_id(&a).unwrap(), None);
    assert_eq!(tree.register_new_address(&a).unwrap(), 100);
    assert_eq!(tree.register_new_address(&b).unwrap(), 101);
    assert_eq!(tree.lookup_id(&a).unwrap(), Some(100));
    assert_eq!(tree.lookup_id(&b).unwrap(), Some(101));
    assert_eq!(tree.lookup_id(&Address::new_id(42)).unwrap(), Some(42));
    let (init, _) = tree.init_state().unwrap();
    assert_eq!(init.next_id, 102);

    let root = tree.flush().unwrap();
    let reloaded = StateTree::new_from_root(&store, &root).unwrap();
    assert_eq!(reloaded.lookup_id(&b).unwrap(), Some(101));
    assert_eq!(
        reloaded.lookup_id(&Address::new_actor(b"other")).unwrap(),
        None
    );
}

#[test]
fn lookup_without_init_actor_is_an_error() {
    let store = MemoryBlockstore::new();
    let tree = StateTree::new(&store, StateTreeVersion::V4).unwrap();
    assert_eq!(
        tree.lookup_id(&Address::new_actor(b"x")),
        Err(StateError::InitActorMissing)
    );
}

#[test]
fn reverted_transactions_leave_no_trace() {
    let store = MemoryBlockstore::new();
    let mut tree = tree_with_init(&store);
    tree.set_actor(7, actor(0, 5));
    let addr = Address::new_actor(b"tx");

    tree.begin_transaction();
    tree.set_actor(7, actor(1, 6));
    tree.set_actor(8, actor(0, 1));
    assert_eq!(tree.register_new_address(&addr).unwrap(), 100);
    assert_eq!(tree.lookup_id(&addr).unwrap(), Some(100));
    tree.begin_transaction();
    tree.delete_actor(7);
    assert_eq!(tree.get_actor(7).unwrap(), None);
    assert_eq!(tree.transaction_depth(), 2);
    assert!(matches!(
        tree.flush(),
        Err(StateError::FlushInTransaction(2))
    ));
    tree.end_transaction(false).unwrap();
    assert_eq!(tree.get_actor(7).unwrap(), None);
    tree.end_transaction(true).unwrap();

    assert_eq!(tree.get_actor(7).unwrap(), Some(actor(0, 5)));
    assert_eq!(tree.get_actor(8).unwrap(), None);
    assert_eq!(tree.lookup_id(&addr).unwrap(), None);
    assert_eq!(tree.init_state().unwrap().0.next_id, 100);
    assert_eq!(tree.end_transaction(true), Err(StateError::NoTransaction));
    assert_eq!(tree.end_transaction(false), Err(StateError::NoTransaction));

    tree.begin_transaction();
    assert_eq!(tree.register_new_address(&addr).unwrap(), 100);
    tree.end_transaction(false).unwrap();
    assert_eq!(tree.lookup_id(&addr).unwrap(), Some(100));
}

#[test]
fn only_versions_3_and_4_are_supported() {
    let store = MemoryBlockstore::new();
    assert!(matches!(
        StateTree::new(&store, StateTreeVersion::V2),
        Err(StateError::UnsupportedVersion(2))
    ));
    let root = store
        .put_cbor(&(1u64, cid_of(DAG_CBOR, b"a"), cid_of(DAG_CBOR, b"b")))
        .unwrap();
    assert!(matches!(
        StateTree::new_from_root(&store, &root),
        Err(StateError::UnsupportedVersion(1))
    ));
}

#[derive(Debug, Clone)]
enum Op {
    Set(u64, u64),
    Delete(u64),
    Begin,
    Commit,
    Revert,
    Flush,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u64..12, any::<u64>()).prop_map(|(id, v)| Op::Set(id, v)),
        2 => (0u64..12).prop_map(Op::Delete),
        1 => Just(Op::Begin),
        1 => Just(Op::Commit),
        1 => Just(Op::Revert),
        1 => Just(Op::Flush),
    ]
}

proptest! {
    /// The tree against a stack of maps: a transaction copies the top map, commit replaces the
    /// one below, revert drops it.
    #[test]
    fn matches_a_layered_model(ops in proptest::collection::vec(op(), 1..80)) {
        let store = MemoryBlockstore::new();
        let mut tree = StateTree::new(&store, StateTreeVersion::V4).unwrap();
        let mut model: Vec<BTreeMap<u64, ActorState>> = vec![BTreeMap::new()];
        let mut last_root: Option<(Cid, BTreeMap<u64, ActorState>)> = None;
        for op in ops {
            let top = model.len() - 1;
            match op {
                Op::Set(id, v) => {
                    tree.set_actor(id, actor(v % 3, v));
                    model[top].insert(id, actor(v % 3, v));
                }
                Op::Delete(id) => {
                    tree.delete_actor(id);
                    model[top].remove(&id);
                }
                Op::Begin => {
                    tree.begin_transaction();
                    model.push(model[top].clone());
                }
                Op::Commit | Op::Revert => {
                    let revert = matches!(op, Op::Revert);
                    if top == 0 {
                        prop_assert!(tree.end_transaction(revert).is_err());
                    } else {
                        tree.end_transaction(revert).unwrap();
                        let layer = model.pop().unwrap();
                        if !revert {
                            model[top - 1] = layer;
                        }
                    }
                }
                Op::Flush => {
                    if top == 0 {
                        let root = tree.flush().unwrap();
                        if let Some((old_root, old_model)) = &last_root {
                            prop_assert_eq!(old_root == &root, old_model == &model[0]);
                        }
                        last_root = Some((root, model[0].clone()));
                    } else {
                        prop_assert!(tree.flush().is_err());
                    }
                }
            }
            let top = model.len() - 1;
            for id in 0..12 {
                prop_assert_eq!(tree.get_actor(id).unwrap(), model[top].get(&id).cloned());
            }
        }
    }
}
