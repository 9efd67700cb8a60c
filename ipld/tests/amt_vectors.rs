//! AMT known-answer tests: root CIDs and blockstore traffic (reads, writes, bytes) taken from
//! the reference implementation's test suite, plus malformed-root checks.

use cid::Cid;
use fvmi_ipld::amt::{Amt, AmtError, MalformedNode, MAX_INDEX};
use fvmi_ipld::blockstore::{BlockstoreStats, CborStore, MemoryBlockstore, TrackingBlockstore};
use serde_bytes::ByteBuf;

fn bytes(value: &[u8]) -> ByteBuf {
    ByteBuf::from(value.to_vec())
}

fn stats(reads: u64, writes: u64, bytes_read: u64, bytes_written: u64) -> BlockstoreStats {
    BlockstoreStats {
        reads,
        bytes_read,
        writes,
        bytes_written,
    }
}

fn tracked() -> TrackingBlockstore<MemoryBlockstore> {
    TrackingBlockstore::new(MemoryBlockstore::new())
}

#[test]
fn basic_get_set() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    amt.set(2, bytes(b"foo")).unwrap();
    assert_eq!(amt.get(2).unwrap(), Some(&bytes(b"foo")));
    assert_eq!(amt.count(), 1);
    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    assert_eq!(loaded.get(2).unwrap(), Some(&bytes(b"foo")));
    let again = amt.flush().unwrap();
    assert_eq!(
        again.to_string(),
        "bafy2bzacedv5uu5za6oqtnozjvju5lhbgaybayzhw4txiojw7hd47ktgbv5wc"
    );
    assert_eq!(store.stats(), stats(1, 2, 13, 26));
}

#[test]
fn out_of_range() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    amt.set(MAX_INDEX, bytes(b"what is up")).unwrap();
    assert_eq!(amt.height(), 21);
    assert_eq!(
        amt.set(MAX_INDEX + 1, bytes(b"what is up")),
        Err(AmtError::IndexOutOfRange(u64::MAX))
    );
    assert!(amt.get(u64::MAX).is_err());
    assert!(amt.delete(u64::MAX).is_err());
    amt.set(MAX_INDEX - 1, bytes(b"what is up")).unwrap();
    assert_eq!(amt.height(), 21);
    let cid = amt.flush().unwrap();
    assert_eq!(
        cid.to_string(),
        "bafy2bzacecl3zuubhdvkojg6uhbu4mebaehx554q6algfjitqiivvnrqprkxo"
    );
    assert_eq!(store.stats(), stats(0, 22, 0, 1039));
}

#[test]
fn expand() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    for (index, value) in [(2, b"foo"), (11, b"bar"), (79, b"baz")] {
        amt.set(index, bytes(value)).unwrap();
    }
    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    for (index, value) in [(2, b"foo"), (11, b"bar"), (79, b"baz")] {
        assert_eq!(amt.get(index).unwrap(), Some(&bytes(value)));
        assert_eq!(loaded.get(index).unwrap(), Some(&bytes(value)));
    }
    assert_eq!(
        cid.to_string(),
        "bafy2bzacecughjbclx3lbqwibrwc6pe7nttlc3qewedsrayghsvh5j5lpofiq"
    );
    assert_eq!(store.stats(), stats(6, 6, 261, 261));
}

#[test]
fn bulk_insert() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    for index in 0..5000 {
        amt.set(index, bytes(b"foo foo bar")).unwrap();
    }
    assert_eq!(amt.count(), 5000);
    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    for index in 0..5000 {
        assert_eq!(loaded.get(index).unwrap(), Some(&bytes(b"foo foo bar")));
    }
    assert_eq!(
        cid.to_string(),
        "bafy2bzacecfquuqzqzlox25aynodzw2qhxijdzfvno6tibyes3kb6nd3f7uxa"
    );
    assert_eq!(store.stats(), stats(717, 717, 94379, 94379));
}

#[test]
fn flush_keeps_nodes_cached() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    for index in 0..100 {
        amt.set(index, bytes(b"foo foo bar")).unwrap();
    }
    amt.flush().unwrap();
    for index in 0..100 {
        assert_eq!(amt.get(index).unwrap(), Some(&bytes(b"foo foo bar")));
    }
    assert_eq!(store.stats(), stats(0, 16, 0, 1930));
}

#[test]
fn delete_then_rebuild() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    for index in 0..4 {
        amt.set(index, bytes(b"cat")).unwrap();
    }
    assert_eq!(amt.delete(1).unwrap(), Some(bytes(b"cat")));
    assert_eq!(amt.get(1).unwrap(), None);
    assert_eq!(amt.count(), 3);
    for index in [0, 2, 3] {
        assert!(amt.delete(index).unwrap().is_some());
    }
    assert_eq!(amt.count(), 0);
    amt.set(23, bytes(b"dog")).unwrap();
    amt.set(24, bytes(b"dog")).unwrap();
    amt.delete(23).unwrap();
    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    assert_eq!(loaded.count(), 1);

    let mut fresh = Amt::new(&store);
    fresh.set(24, bytes(b"dog")).unwrap();
    assert_eq!(fresh.flush().unwrap(), cid);
    assert_eq!(
        cid.to_string(),
        "bafy2bzacebnnxpurpb3zqqr22i7ch4uruz6hgykn3ryzoo4hh3ox2m2kufsvg"
    );
    assert_eq!(store.stats(), stats(1, 4, 52, 122));
}

#[test]
fn delete_missing_changes_nothing() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    amt.set(1, "one".to_string()).unwrap();
    amt.set(9, "nine".to_string()).unwrap();
    assert_eq!(amt.height(), 1);
    assert_eq!(amt.delete(10).unwrap(), None);
    assert_eq!(amt.delete(0).unwrap(), None);
    assert_eq!(amt.delete(1 << 40).unwrap(), None);
    assert_eq!(amt.count(), 2);
    assert_eq!(amt.get(9).unwrap(), Some(&"nine".to_string()));
}

#[test]
fn delete_first_entry() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    amt.set(0, bytes(b"cat")).unwrap();
    amt.set(27, bytes(b"cat")).unwrap();
    assert_eq!(amt.height(), 1);
    amt.delete(27).unwrap();
    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    assert_eq!((loaded.count(), loaded.height()), (1, 0));
    assert_eq!(
        cid.to_string(),
        "bafy2bzacecmxrjeri2ojuy3riae2mpbnztx2hqggqgkcrxao2nwpga77j2vqe"
    );
    assert_eq!(store.stats(), stats(1, 1, 13, 13));
}

#[test]
fn delete_reduces_height() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    amt.set(1, bytes(b"thing")).unwrap();
    let one = amt.flush().unwrap();
    amt.set(37, bytes(b"other")).unwrap();
    assert_eq!(amt.height(), 1);
    let two = amt.flush().unwrap();

    let mut loaded: Amt<ByteBuf, _> = Amt::load(&two, &store).unwrap();
    assert_eq!((loaded.count(), loaded.height()), (2, 1));
    assert!(loaded.delete(37).unwrap().is_some());
    assert_eq!((loaded.count(), loaded.height()), (1, 0));
    assert_eq!(loaded.flush().unwrap(), one);
    assert_eq!(
        one.to_string(),
        "bafy2bzacebmkyah6kppbszluix3g332hntzx6wfdcqcr5hjdsaxri5jhgrdmo"
    );
    assert_eq!(store.stats(), stats(3, 5, 117, 147));
}

#[test]
fn for_each_in_order() {
    let store = tracked();
    let mut amt = Amt::new(&store);
    let indices: Vec<u64> = (0..10_000).filter(|i| (i + 1) % 3 == 0).collect();
    for &index in &indices {
        amt.set(index, bytes(b"value")).unwrap();
    }
    let mut seen = 0;
    amt.for_each(|_, _| {
        seen += 1;
        Ok::<_, AmtError>(())
    })
    .unwrap();
    assert_eq!(seen, indices.len());

    let cid = amt.flush().unwrap();
    let loaded: Amt<ByteBuf, _> = Amt::load(&cid, &store).unwrap();
    let mut visited = Vec::new();
    loaded
        .for_each(|index, _| {
            visited.push(index);
            Ok::<_, AmtError>(())
        })
        .unwrap();
    assert_eq!(visited, indices);
    // A second walk is served from the cache.
    loaded.for_each(|_, _| Ok::<_, AmtError>(())).unwrap();
    assert_eq!(
        cid.to_string(),
        "bafy2bzaceanqxtbsuyhqgxubiq6vshtbhktmzp2if4g6kxzttxmzkdxmtipcm"
    );
    assert_eq!(store.stats(), stats(1431, 1431, 88649, 88649));
}

#[test]
fn for_each_while_stops_early() {
    let mut amt = Amt::new(MemoryBlockstore::new());
    for index in [1u64, 9, 66, 74, 82, 515] {
        amt.set(index, index).unwrap();
    }
    let mut visited = Vec::new();
    amt.for_each_while(|index, _| {
        visited.push(index);
        Ok::<_, AmtError>(index < 74)
    })
    .unwrap();
    assert_eq!(visited, [1, 9, 66, 74]);
}

#[test]
fn set_then_delete_far_index_restores_empty_root() {
    let store = tracked();
    let mut amt: Amt<ByteBuf, _> = Amt::new(&store);
    let empty = amt.flush().unwrap();
    amt.set(100_000, bytes(b"foo")).unwrap();
    amt.delete(100_000).unwrap();
    assert_eq!(amt.flush().unwrap(), empty);
    assert_eq!(
        empty.to_string(),
        "bafy2bzacedijw74yui7otvo63nfl3hdq2vdzuy7wx2tnptwed6zml4vvz7wee"
    );
    assert_eq!(store.stats(), stats(0, 2, 0, 18));
}

#[test]
fn strict_batch_delete_reports_missing_index() {
    let mut amt = Amt::new(MemoryBlockstore::new());
    amt.batch_set([10u64, 11, 12]).unwrap();
    assert_eq!(amt.batch_delete([2, 0], true), Ok(true));
    assert_eq!(
        amt.batch_delete([1, 5], true),
        Err(AmtError::MissingIndex(5))
    );
    assert_eq!(amt.count(), 0);
    assert_eq!(amt.batch_delete([1, 5], false), Ok(false));
}

/// A root block as written on the wire, with `u64` values.
type RawRoot = (u32, u32, u64, (ByteBuf, Vec<Cid>, Vec<u64>));

#[test]
fn rejects_bad_roots() {
    let store = MemoryBlockstore::new();
    let missing = store.put_cbor(&"not stored here").unwrap();
    let other = MemoryBlockstore::new();
    assert_eq!(
        Amt::<u64, _>::load(&missing, &other).err(),
        Some(AmtError::NotFound(missing))
    );
    let leaf = (
        ByteBuf::from(vec![0u8]),
        Vec::<Cid>::new(),
        Vec::<u64>::new(),
    );
    let too_high = store.put_cbor(&(3u32, 65u32, 0u64, &leaf)).unwrap();
    assert_eq!(
        Amt::<u64, _>::load(&too_high, &store).err(),
        Some(AmtError::HeightTooLarge(65))
    );
    let zero_width = store.put_cbor(&(0u32, 0u32, 0u64, &leaf)).unwrap();
    assert_eq!(
        Amt::<u64, _>::load(&zero_width, &store).err(),
        Some(AmtError::InvalidBitWidth(0))
    );
    assert!(Amt::<u64, _>::new_with_bit_width(&store, 19).is_err());

    let load = |root: &RawRoot| Amt::<u64, _>::load(&store.put_cbor(root).unwrap(), &store).err();
    let bitmap = |byte: u8| ByteBuf::from(vec![byte]);
    // Values in an inner node (height 1).
    let values_high = (3, 1, 1, (bitmap(1), vec![], vec![7]));
    assert_eq!(
        load(&values_high),
        Some(AmtError::MalformedNode(MalformedNode::KindForHeight))
    );
    // Links in a leaf.
    let links_low = (3, 0, 1, (bitmap(1), vec![missing], vec![]));
    assert_eq!(
        load(&links_low),
        Some(AmtError::MalformedNode(MalformedNode::KindForHeight))
    );
    let both = (3, 1, 1, (bitmap(3), vec![missing], vec![7]));
    assert_eq!(
        load(&both),
        Some(AmtError::MalformedNode(MalformedNode::LinksAndValues))
    );
    let long_bitmap = (3, 0, 1, (ByteBuf::from(vec![1, 0]), vec![], vec![7]));
    assert_eq!(
        load(&long_bitmap),
        Some(AmtError::MalformedNode(MalformedNode::BitmapLength {
            expected: 1,
            actual: 2
        }))
    );
    let too_few = (3, 0, 2, (bitmap(3), vec![], vec![7]));
    assert_eq!(
        load(&too_few),
        Some(AmtError::MalformedNode(MalformedNode::ItemCount))
    );
    let too_many = (3, 0, 2, (bitmap(1), vec![], vec![7, 8]));
    assert_eq!(
        load(&too_many),
        Some(AmtError::MalformedNode(MalformedNode::ItemCount))
    );
    // A child block that is missing surfaces when it is first needed.
    let absent = fvmi_ipld::cbor::cid_of(fvmi_ipld::cbor::DAG_CBOR, b"absent");
    let dangling: RawRoot = (3, 1, 1, (bitmap(1), vec![absent], vec![]));
    let root = store.put_cbor(&dangling).unwrap();
    let amt = Amt::<u64, _>::load(&root, &store).unwrap();
    assert_eq!(amt.get(0), Err(AmtError::NotFound(absent)));
}
