//! AMT property tests against a `BTreeMap<u64, V>` model: contents, canonical form (same
//! contents, same root CID, whatever the order of edits), shrinking to the empty root, and
//! corrupted or truncated blocks that must give errors, never panics.

use std::collections::BTreeMap;

use fvmi_ipld::amt::{Amt, AmtError};
use fvmi_ipld::blockstore::{Blockstore, MemoryBlockstore};
use proptest::prelude::*;

/// Index sets mixing dense small indices with a few far ones (up to 2^40).
fn entries() -> impl Strategy<Value = Vec<(u64, u32)>> {
    let index = prop_oneof![4 => 0u64..200, 1 => 0u64..1 << 40];
    prop::collection::vec((index, any::<u32>()), 0..60)
}

fn build<BS: Blockstore>(store: BS, bit_width: u32, entries: &[(u64, u32)]) -> Amt<u32, BS> {
    let mut amt = Amt::new_with_bit_width(store, bit_width).unwrap();
    for &(index, value) in entries {
        amt.set(index, value).unwrap();
    }
    amt
}

fn contents<BS: Blockstore>(amt: &Amt<u32, BS>) -> BTreeMap<u64, u32> {
    let mut out = BTreeMap::new();
    amt.for_each(|index, value| {
        out.insert(index, *value);
        Ok::<_, AmtError>(())
    })
    .unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn matches_model(
        bit_width in 1u32..6,
        edits in prop::collection::vec((any::<bool>(), prop_oneof![0u64..100, 0u64..1 << 40], any::<u32>()), 0..120),
    ) {
        let store = MemoryBlockstore::new();
        let mut amt = Amt::new_with_bit_width(&store, bit_width).unwrap();
        let mut model = BTreeMap::new();
        for (step, (insert, index, value)) in edits.into_iter().enumerate() {
            if insert {
                amt.set(index, value).unwrap();
                model.insert(index, value);
            } else {
                prop_assert_eq!(amt.delete(index).unwrap(), model.remove(&index));
            }
            prop_assert_eq!(amt.get(index).unwrap(), model.get(&index));
            if step % 16 == 0 {
                let root = amt.flush().unwrap();
                amt = Amt::load(&root, &store).unwrap();
            }
        }
        prop_assert_eq!(amt.count(), model.len() as u64);
        prop_assert_eq!(&contents(&amt), &model);
        let root = amt.flush().unwrap();
        let reloaded: Amt<u32, _> = Amt::load(&root, &store).unwrap();
        prop_assert_eq!(contents(&reloaded), model);
    }

    #[test]
    fn same_contents_same_root(bit_width in 1u32..6, entries in entries(), extra in entries()) {
        let store = MemoryBlockstore::new();
        let model: BTreeMap<u64, u32> = entries.iter().copied().collect();
        let canonical: Vec<(u64, u32)> = model.iter().map(|(&i, &v)| (i, v)).collect();
        let mut forward = build(&store, bit_width, &canonical);
        // Insert extra entries, flush, then delete them again: the tree must shrink back.
        let mut reversed = build(&store, bit_width, &[]);
        for &(index, value) in &extra {
            if !model.contains_key(&index) {
                reversed.set(index, value).unwrap();
            }
        }
        for &(index, value) in canonical.iter().rev() {
            reversed.set(index, value).unwrap();
        }
        reversed.flush().unwrap();
        for &(index, _) in &extra {
            if !model.contains_key(&index) {
                reversed.delete(index).unwrap();
            }
        }
        prop_assert_eq!(forward.flush().unwrap(), reversed.flush().unwrap());
        prop_assert_eq!(forward.height(), reversed.height());
    }

    #[test]
    fn delete_to_empty_gives_empty_root(bit_width in 1u32..6, entries in entries()) {
        let store = MemoryBlockstore::new();
        let mut empty = build(&store, bit_width, &[]);
        let empty_root = empty.flush().unwrap();
        let mut amt = build(&store, bit_width, &entries);
        let root = amt.flush().unwrap();
        let mut amt: Amt<u32, _> = Amt::load(&root, &store).unwrap();
        amt.batch_delete(entries.iter().map(|&(index, _)| index), false).unwrap();
        prop_assert_eq!(amt.count(), 0);
        prop_assert_eq!(amt.height(), 0);
        prop_assert_eq!(amt.flush().unwrap(), empty_root);
    }

    #[test]
    fn corrupted_blocks_error_without_panic(
        entries in entries(),
        victim in any::<prop::sample::Index>(),
        position in any::<prop::sample::Index>(),
        mutation in prop_oneof![any::<u8>().prop_map(Some), Just(None)],
    ) {
        let source = MemoryBlockstore::new();
        let mut amt = build(&source, 3, &entries);
        let root = amt.flush().unwrap();
        let blocks = source.blocks();
        let (victim_cid, block) = &blocks[victim.index(blocks.len())];
        let mut corrupted = block.clone();
        let at = position.index(corrupted.len());
        match mutation {
            Some(byte) => corrupted[at] ^= byte | 1,
            None => corrupted.truncate(at),
        }
        // Same CIDs, one block altered: every operation either works or returns an error.
        let store = MemoryBlockstore::new();
        for (cid, bytes) in &blocks {
            let data = if cid == victim_cid { &corrupted } else { bytes };
            store.put_keyed(cid, data).unwrap();
        }
        if let Ok(mut amt) = Amt::<u32, _>::load(&root, &store) {
            let _ = contents_checked(&amt);
            for &(index, value) in entries.iter().take(10) {
                let _ = amt.get(index);
                let _ = amt.set(index.wrapping_add(1), value);
                let _ = amt.delete(index);
            }
            let _ = amt.flush();
        }
    }
}

fn contents_checked<BS: Blockstore>(amt: &Amt<u32, BS>) -> Result<usize, AmtError> {
    let mut count = 0;
    amt.for_each(|_, _| {
        count += 1;
        Ok::<_, AmtError>(())
    })?;
    Ok(count)
}
