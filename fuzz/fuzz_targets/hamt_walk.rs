//! HAMTs loaded from arbitrary blocks: load, walk every entry, look each one up, scan the stored
//! nodes, then change and flush; errors are fine, panics and hangs are not. The parameter byte
//! picks the bit width and the value type (state-tree actors, address-map IDs, raw bytes).
#![no_main]

use cid::Cid;
use fvmi_fuzz::blocks::BlockSet;
use fvmi_ipld::hamt::scan_stored_nodes;
use fvmi_ipld::{BytesKey, Hamt, HamtError, MemoryBlockstore};
use fvmi_state::StoredActor;
use fvmi_types::RawBytes;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Entries visited at most (DAGs may share nodes; the walk stays bounded).
const MAX_ENTRIES: usize = 10_000;

fn walk<V: Serialize + DeserializeOwned + Clone + PartialEq>(
    store: &MemoryBlockstore,
    root: &Cid,
    bit_width: u32,
) {
    let _ = scan_stored_nodes::<BytesKey, V, _>(store, root);
    let Ok(mut hamt) = Hamt::<_, V>::load_with_bit_width(root, store, bit_width) else {
        return;
    };
    let mut entries = Vec::new();
    let walked = hamt.for_each(|key, value| {
        entries.push((key.clone(), value.clone()));
        if entries.len() >= MAX_ENTRIES {
            return Err(HamtError::Malformed("enough entries".into()));
        }
        Ok::<(), HamtError>(())
    });
    for (key, _) in &entries {
        let _ = hamt.get(key);
    }
    let _ = hamt.is_empty();
    if walked.is_err() {
        return;
    }
    // Change the map: delete the first entry, re-insert it under a new key, flush and reload.
    if let Some((key, value)) = entries.first() {
        let _ = hamt.delete(key);
        let mut other = key.0.clone();
        other.push(0);
        let _ = hamt.set(BytesKey(other), value.clone());
    }
    if let Ok(new_root) = hamt.flush() {
        if let Ok(again) = Hamt::<_, V>::load_with_bit_width(&new_root, store, bit_width) {
            let _ = again.for_each(|_, _| Ok::<(), HamtError>(()));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let set = BlockSet::parse(data);
    let (store, Some(root)) = set.store() else {
        return;
    };
    let bit_width = u32::from(set.parameter % 8) + 1;
    match (set.parameter >> 3) % 3 {
        0 => walk::<StoredActor>(&store, &root, bit_width),
        1 => walk::<u64>(&store, &root, bit_width),
        _ => walk::<RawBytes>(&store, &root, bit_width),
    }
});
