//! AMTs loaded from arbitrary blocks: load, walk every entry, look each one up, then set and
//! delete around the walked indexes, flush and reload. The parameter byte picks the value type:
//! numbers, events as the events root holds them, receipts as the receipts root holds them.
#![no_main]

use cid::Cid;
use fvmi_fuzz::blocks::BlockSet;
use fvmi_ipld::amt::{Amt, AmtError};
use fvmi_ipld::MemoryBlockstore;
use fvmi_kernel::events::StampedEvent;
use fvmi_types::Receipt;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Entries visited at most.
const MAX_ENTRIES: usize = 10_000;

fn walk<V: Serialize + DeserializeOwned + Clone>(store: &MemoryBlockstore, root: &Cid, op: u8) {
    let Ok(mut amt) = Amt::<V, _>::load(root, store) else {
        return;
    };
    let _ = (amt.count(), amt.height(), amt.bit_width());
    let mut entries = Vec::new();
    let walked = amt.for_each(|index, value: &V| {
        entries.push((index, value.clone()));
        if entries.len() >= MAX_ENTRIES {
            return Err(AmtError::MissingIndex(index));
        }
        Ok::<(), AmtError>(())
    });
    for (index, _) in &entries {
        let _ = amt.get(*index);
    }
    let _ = amt.get(u64::from(op) << (op % 64));
    if walked.is_err() {
        return;
    }
    if let Some((index, value)) = entries.last().cloned() {
        match op % 3 {
            0 => {
                let _ = amt.delete(index);
            }
            1 => {
                let _ = amt.set(index.saturating_add(u64::from(op)), value);
            }
            _ => {
                let _ = amt.batch_delete([index, index / 2], false);
            }
        }
    }
    if let Ok(new_root) = amt.flush() {
        if let Ok(again) = Amt::<V, _>::load(&new_root, store) {
            let _ = again.for_each(|_, _| Ok::<(), AmtError>(()));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let set = BlockSet::parse(data);
    let (store, Some(root)) = set.store() else {
        return;
    };
    match set.parameter % 3 {
        0 => walk::<u64>(&store, &root, set.parameter),
        1 => walk::<StampedEvent>(&store, &root, set.parameter),
        _ => walk::<Receipt>(&store, &root, set.parameter),
    }
});
