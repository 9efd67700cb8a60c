//! The HAMT against a `BTreeMap` model, and canonical form: equal contents give equal root CIDs.

use std::collections::BTreeMap;

use cid::Cid;
use fvmi_ipld::blockstore::MemoryBlockstore;
use fvmi_ipld::hamt::{BytesKey, Hamt, HamtError};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Set(u16, u32),
    SetIfAbsent(u16, u32),
    Delete(u16),
    Flush,
    Reload,
}

fn op(key_space: u16) -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..key_space, any::<u32>()).prop_map(|(k, v)| Op::Set(k, v)),
        1 => (0..key_space, any::<u32>()).prop_map(|(k, v)| Op::SetIfAbsent(k, v)),
        4 => (0..key_space).prop_map(Op::Delete),
        1 => Just(Op::Flush),
        1 => Just(Op::Reload),
    ]
}

fn key(k: u16) -> BytesKey {
    BytesKey(format!("key-{k}").into_bytes())
}

fn entries(hamt: &Hamt<&MemoryBlockstore, u32>) -> Vec<(BytesKey, u32)> {
    let mut out = Vec::new();
    hamt.for_each(|k, v| {
        out.push((k.clone(), *v));
        Ok::<_, HamtError>(())
    })
    .unwrap();
    out
}

/// A HAMT built from scratch with `items` inserted in the given order.
fn build(store: &MemoryBlockstore, width: u32, items: &[(BytesKey, u32)]) -> Cid {
    let mut hamt = Hamt::new_with_bit_width(store, width);
    for (k, v) in items {
        hamt.set(k.clone(), *v).unwrap();
    }
    hamt.flush().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn behaves_like_a_btreemap(width in 1u32..=8, ops in proptest::collection::vec(op(64), 1..160)) {
        let store = MemoryBlockstore::new();
        let mut hamt: Hamt<_, u32> = Hamt::new_with_bit_width(&store, width);
        let mut model: BTreeMap<BytesKey, u32> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Set(k, v) => {
                    prop_assert_eq!(hamt.set(key(k), v).unwrap(), model.insert(key(k), v));
                }
                Op::SetIfAbsent(k, v) => {
                    let absent = !model.contains_key(&key(k));
                    if absent {
                        model.insert(key(k), v);
                    }
                    prop_assert_eq!(hamt.set_if_absent(key(k), v).unwrap(), absent);
                }
                Op::Delete(k) => {
                    let expected = model.remove(&key(k)).map(|v| (key(k), v));
                    prop_assert_eq!(hamt.delete(&key(k)).unwrap(), expected);
                }
                Op::Flush => {
                    hamt.flush().unwrap();
                }
                Op::Reload => {
                    let root = hamt.flush().unwrap();
                    hamt = Hamt::load_with_bit_width(&root, &store, width).unwrap();
                }
            }
        }
        for k in 0..64 {
            prop_assert_eq!(hamt.get(&key(k)).unwrap(), model.get(&key(k)));
        }
        let mut walked = entries(&hamt);
        prop_assert_eq!(walked.len(), model.len());
        walked.sort();
        let expected: Vec<_> = model.iter().map(|(k, v)| (k.clone(), *v)).collect();
        prop_assert_eq!(&walked, &expected);
        prop_assert_eq!(hamt.is_empty(), model.is_empty());

        // Canonical form: the same contents built in key order give the same root.
        let root = hamt.flush().unwrap();
        prop_assert_eq!(root, build(&store, width, &expected));

        // Delete everything: the empty root.
        for k in model.keys() {
            prop_assert!(hamt.delete(k).unwrap().is_some());
        }
        prop_assert!(hamt.is_empty());
        prop_assert_eq!(hamt.flush().unwrap(), build(&store, width, &[]));
    }

    #[test]
    fn insertion_order_does_not_matter(
        width in 1u32..=8,
        keys in proptest::collection::btree_set(0u16..400, 0..120),
        seed in any::<u64>(),
        extra in proptest::collection::vec(400u16..800, 0..40),
    ) {
        let store = MemoryBlockstore::new();
        let items: Vec<(BytesKey, u32)> = keys.iter().map(|k| (key(*k), u32::from(*k))).collect();
        let sorted_root = build(&store, width, &items);

        // A deterministic shuffle from the seed.
        let mut shuffled = items.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        // Interleave keys that are inserted and removed again, with a flush in between.
        let mut hamt: Hamt<_, u32> = Hamt::new_with_bit_width(&store, width);
        for (i, (k, v)) in shuffled.iter().enumerate() {
            hamt.set(k.clone(), *v).unwrap();
            if let Some(e) = extra.get(i) {
                hamt.set(key(*e), 0).unwrap();
            }
        }
        hamt.flush().unwrap();
        for e in &extra {
            hamt.delete(&key(*e)).unwrap();
        }
        prop_assert_eq!(hamt.flush().unwrap(), sorted_root);
    }
}
