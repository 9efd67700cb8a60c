//! Truncated and mutated CBOR, CAR and HAMT input gives errors, never panics.

use cid::Cid;
use fvmi_ipld::blockstore::{Blockstore, MemoryBlockstore};
use fvmi_ipld::car::{load_car, write_car};
use fvmi_ipld::cbor::{from_slice, to_vec, DAG_CBOR};
use fvmi_ipld::hamt::{BytesKey, Hamt, HamtError};
use proptest::prelude::*;

/// A small HAMT (two levels at bit width 1) and its store.
fn sample_hamt() -> (MemoryBlockstore, Cid) {
    let store = MemoryBlockstore::new();
    let mut hamt: Hamt<_, u64> = Hamt::new_with_bit_width(&store, 1);
    for i in 0..12u64 {
        hamt.set(BytesKey(i.to_be_bytes().to_vec()), i).unwrap();
    }
    let root = hamt.flush().unwrap();
    (store, root)
}

/// Exercises every read path of the HAMT at `root`, ignoring errors.
fn exercise(store: &MemoryBlockstore, root: &Cid, width: u32) {
    let Ok(mut hamt) = Hamt::<_, u64>::load_with_bit_width(root, store, width) else {
        return;
    };
    let _ = hamt.for_each(|_, _| Ok::<_, HamtError>(()));
    for i in 0..14u64 {
        let _ = hamt.get(&i.to_be_bytes()[..]);
    }
    let _ = hamt.set(BytesKey(vec![1, 2, 3]), 5);
    let _ = hamt.delete(&3u64.to_be_bytes()[..]);
    let _ = hamt.flush();
}

fn mutate(bytes: &mut Vec<u8>, edits: &[(usize, u8)], cut: usize) {
    for (at, byte) in edits {
        if !bytes.is_empty() {
            let i = at % bytes.len();
            bytes[i] = *byte;
        }
    }
    bytes.truncate(cut % (bytes.len() + 1));
}

proptest! {
    #[test]
    fn mutated_hamt_nodes_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
        which in any::<usize>(),
        width in 1u32..=9,
    ) {
        let (store, root) = sample_hamt();
        let cids = store.cids();
        let victim = cids[which % cids.len()];
        let mut bytes = store.get(&victim).unwrap().unwrap();
        mutate(&mut bytes, &edits, cut);
        // Keep the victim's CID so links still reach the damaged node.
        store.put_keyed(&victim, &bytes).unwrap();
        exercise(&store, &root, width);
    }

    #[test]
    fn random_bytes_as_hamt_root_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        let store = MemoryBlockstore::new();
        let root = store.put(DAG_CBOR, &bytes).unwrap();
        exercise(&store, &root, 5);
    }

    #[test]
    fn mutated_cbor_never_panics(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
    ) {
        let (_, root) = sample_hamt();
        let value = (root, vec![1u64, u64::MAX], "text", serde_bytes::ByteBuf::from(vec![7u8; 30]), -9i64);
        let mut bytes = to_vec(&value).unwrap();
        mutate(&mut bytes, &edits, cut);
        let _ = from_slice::<(Cid, Vec<u64>, String, serde_bytes::ByteBuf, i64)>(&bytes);
    }

    #[test]
    fn mutated_car_never_panics(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
    ) {
        let (store, root) = sample_hamt();
        let mut car = Vec::new();
        write_car(&[root], store.blocks(), &mut car).unwrap();
        mutate(&mut car, &edits, cut);
        let _ = load_car(&MemoryBlockstore::new(), &car[..]);
    }
}
