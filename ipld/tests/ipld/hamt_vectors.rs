//! Root CIDs and store traffic the reference HAMT (fvm_ipld_hamt 0.5) produces for fixed inputs.

use fvmi_ipld::blockstore::{Blockstore, BlockstoreStats, MemoryBlockstore, TrackingBlockstore};
use fvmi_ipld::hamt::{BytesKey, Hamt};
use serde_bytes::ByteBuf;

fn key(v: impl std::fmt::Display) -> BytesKey {
    BytesKey(v.to_string().into_bytes())
}

fn stats(reads: u64, writes: u64, bytes_read: u64, bytes_written: u64) -> BlockstoreStats {
    BlockstoreStats {
        reads,
        bytes_read,
        writes,
        bytes_written,
    }
}

#[test]
fn many_sets_then_deletes_return_to_the_same_root() {
    let mem = MemoryBlockstore::new();
    let store = TrackingBlockstore::new(&mem);
    let mut hamt: Hamt<_, BytesKey> = Hamt::new_with_bit_width(&store, 5);
    for i in 0..200 {
        hamt.set(key(i), key(i)).unwrap();
    }
    let first = hamt.flush().unwrap();
    assert_eq!(
        first.to_string(),
        "bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a"
    );
    for i in 200..400 {
        hamt.set(key(i), key(i)).unwrap();
    }
    assert_eq!(
        hamt.flush().unwrap().to_string(),
        "bafy2bzacecxcp736xkl2mcyjlors3tug6vdlbispbzxvb75xlrhthiw2xwxvw"
    );
    for i in 200..400 {
        assert!(hamt.delete(&key(i)).unwrap().is_some());
    }
    for i in 0..200 {
        assert_eq!(hamt.get(&key(i)).unwrap(), Some(&key(i)));
    }
    assert_eq!(hamt.flush().unwrap(), first);
    assert_eq!(store.stats(), stats(0, 93, 0, 11734));
}

#[test]
fn delete_from_a_loaded_root() {
    let mem = MemoryBlockstore::new();
    let store = TrackingBlockstore::new(&mem);
    let mut hamt: Hamt<_, BytesKey> = Hamt::new_with_bit_width(&store, 8);
    hamt.set(key("foo"), key("cat dog bear")).unwrap();
    hamt.set(key("bar"), key("cat dog")).unwrap();
    hamt.set(key("baz"), key("cat")).unwrap();
    let root = hamt.flush().unwrap();
    assert_eq!(
        root.to_string(),
        "bafy2bzacebql36crv4odvxzstx2ubaczmawy2tlljxezvorcsoqeyyojxkrom"
    );
    let mut loaded: Hamt<_, BytesKey> = Hamt::load_with_bit_width(&root, &store, 8).unwrap();
    assert!(loaded.delete(&b"foo"[..]).unwrap().is_some());
    assert_eq!(loaded.get(&b"foo"[..]).unwrap(), None);
    assert_eq!(
        loaded.flush().unwrap().to_string(),
        "bafy2bzaced7up7wkm7cirieh5bs4iyula5inrprihmjzozmku3ywvekzzmlyi"
    );
    assert_eq!(store.stats(), stats(1, 2, 79, 139));
}

#[test]
fn delete_last_entry_gives_the_empty_root() {
    let mem = MemoryBlockstore::new();
    let store = TrackingBlockstore::new(&mem);
    let mut hamt: Hamt<_, ByteBuf> = Hamt::new_with_bit_width(&store, 8);
    hamt.set(BytesKey(vec![0]), ByteBuf::from(b"Test data".to_vec()))
        .unwrap();
    let root = hamt.flush().unwrap();
    assert_eq!(
        root.to_string(),
        "bafy2bzaceb2hikcc6tfuuuuehjstbiq356oruwx6ejyse77zupq445unranv6"
    );
    let mut loaded: Hamt<_, ByteBuf> = Hamt::load_with_bit_width(&root, &store, 8).unwrap();
    assert!(loaded.delete(&[0u8][..]).unwrap().is_some());
    let empty = loaded.flush().unwrap();
    assert_eq!(
        empty.to_string(),
        "bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay"
    );
    assert!(loaded.is_empty());
    assert_eq!(store.stats(), stats(1, 2, 31, 34));
    assert_eq!(mem.get(&empty).unwrap().unwrap(), [0x82, 0x40, 0x80]);
}

#[test]
fn unchanged_value_writes_only_the_root() {
    let mem = MemoryBlockstore::new();
    let store = TrackingBlockstore::new(&mem);
    let mut hamt: Hamt<_, BytesKey> = Hamt::new_with_bit_width(&store, 1);
    for i in 0..30 {
        hamt.set(key(i), key("filler")).unwrap();
    }
    assert_eq!(
        hamt.flush().unwrap().to_string(),
        "bafy2bzacebjilcrsqa4uyxuh36gllup4rlgnvwgeywdm5yqq2ks4jrsj756qq"
    );
    hamt.set(key("favorite-animal"), key("bright green bear"))
        .unwrap();
    let second = hamt.flush().unwrap();
    assert_eq!(
        second.to_string(),
        "bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku"
    );
    assert_eq!(store.stats(), stats(0, 18, 0, 1282));
    hamt.set(key("favorite-animal"), key("bright green bear"))
        .unwrap();
    assert_eq!(hamt.flush().unwrap(), second);
    assert_eq!(store.stats(), stats(0, 19, 0, 1372));
}

#[test]
fn collapse_sorts_entries_gathered_from_children() {
    let varint_key = |mut i: u64| {
        let mut out = Vec::new();
        loop {
            let byte = (i & 0x7f) as u8;
            i >>= 7;
            if i == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        BytesKey(out)
    };
    let mem = MemoryBlockstore::new();
    let store = TrackingBlockstore::new(&mem);
    let mut hamt: Hamt<_, u8> = Hamt::new_with_bit_width(&store, 5);
    for i in 100..195 {
        hamt.set(varint_key(i), 42).unwrap();
    }
    let root = hamt.flush().unwrap();
    assert_eq!(
        root.to_string(),
        "bafy2bzacebqox3gtng4ytexyacr6zmaliyins3llnhbnfbcrqmhzuhmuuawqk"
    );
    let mut loaded: Hamt<_, u8> = Hamt::load_with_bit_width(&root, &store, 5).unwrap();
    loaded.delete(&varint_key(104)).unwrap();
    loaded.delete(&varint_key(108)).unwrap();
    let root = loaded.flush().unwrap();
    Hamt::<_, u8>::load_with_bit_width(&root, &store, 5).unwrap();
    assert_eq!(
        root.to_string(),
        "bafy2bzacedlyeuub3mo4aweqs7zyxrbldsq2u4a2taswubudgupglu2j4eru6"
    );
    assert_eq!(store.stats(), stats(3, 11, 1449, 1751));
}

mod scan {
    use cid::Cid;
    use fvmi_ipld::blockstore::{Blockstore, MemoryBlockstore};
    use fvmi_ipld::cbor::DAG_CBOR;
    use fvmi_ipld::hamt::{scan_stored_nodes, BytesKey, Hamt, HamtError, StoredScan};

    fn sample() -> (MemoryBlockstore, Cid, Vec<(BytesKey, u64)>) {
        let store = MemoryBlockstore::new();
        let mut hamt: Hamt<_, u64> = Hamt::new_with_bit_width(&store, 2);
        for i in 0..60u64 {
            hamt.set(BytesKey(i.to_be_bytes().to_vec()), i).unwrap();
        }
        let root = hamt.flush().unwrap();
        let mut entries = Vec::new();
        hamt.for_each(|k, v| {
            entries.push((k.clone(), *v));
            Ok::<_, HamtError>(())
        })
        .unwrap();
        (store, root, entries)
    }

    #[test]
    fn finds_every_node_and_entry() {
        let (store, root, entries) = sample();
        let scan: StoredScan<BytesKey, u64> = scan_stored_nodes(&store, &root).unwrap();
        assert_eq!(scan.entries, entries);
        assert!(scan.missing.is_empty());
        let mut nodes = scan.nodes.clone();
        nodes.sort();
        assert_eq!(nodes, store.cids());
    }

    #[test]
    fn lists_missing_children_of_a_pruned_tree() {
        let (store, root, _) = sample();
        let pruned = MemoryBlockstore::new();
        let victim = store.cids().into_iter().find(|c| *c != root).unwrap();
        for (cid, bytes) in store.blocks() {
            if cid != victim {
                pruned.put_keyed(&cid, &bytes).unwrap();
            }
        }
        let scan: StoredScan<BytesKey, u64> = scan_stored_nodes(&pruned, &root).unwrap();
        assert_eq!(scan.missing, vec![victim]);
        assert_eq!(scan.nodes.len(), store.len() - 1);
    }

    #[test]
    fn non_canonical_nodes_are_reported() {
        let store = MemoryBlockstore::new();
        // A bitmap with a leading zero byte decodes but does not re-encode the same way.
        let node = [0x82, 0x42, 0x00, 0x01, 0x81, 0x81, 0x82, 0x41, 0x07, 0x01];
        let root = store.put(DAG_CBOR, &node).unwrap();
        let result = scan_stored_nodes::<BytesKey, u64, _>(&store, &root);
        assert!(matches!(result, Err(HamtError::Malformed(_))));
    }
}
