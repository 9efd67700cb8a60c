//! CAR v1: round trips, verification and limits.

use cid::Cid;
use fvmi_ipld::blockstore::{Blockstore, CborStore, MemoryBlockstore};
use fvmi_ipld::car::{
    load_car, load_car_unverified, write_car, CarError, CarReader, MAX_SECTION_LEN,
};
use fvmi_ipld::cbor::{cid_of, identity_cid, DAG_CBOR, RAW};
use multihash::Multihash;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn sample_store() -> (MemoryBlockstore, Cid) {
    let store = MemoryBlockstore::new();
    let leaf = store.put(RAW, b"leaf data").unwrap();
    let mid = store.put_cbor(&(leaf, "mid", 7u64)).unwrap();
    let root = store.put_cbor(&(mid, leaf)).unwrap();
    (store, root)
}

#[test]
fn round_trip_preserves_roots_and_blocks() {
    let (store, root) = sample_store();
    let mut car = Vec::new();
    write_car(&[root], store.blocks(), &mut car).unwrap();
    let copy = MemoryBlockstore::new();
    let roots = load_car(&copy, &car[..]).unwrap();
    assert_eq!(roots, vec![root]);
    assert_eq!(copy.blocks(), store.blocks());
}

#[test]
fn sha256_and_identity_blocks_are_checked() {
    let data = b"sha block".to_vec();
    let sha: [u8; 32] = Sha256::digest(&data).into();
    let sha_cid = Cid::new_v1(RAW, Multihash::wrap(0x12, &sha).unwrap());
    let id_cid = identity_cid(RAW, b"inline").unwrap();
    let mut car = Vec::new();
    write_car(
        &[sha_cid],
        vec![(sha_cid, data.clone()), (id_cid, b"inline".to_vec())],
        &mut car,
    )
    .unwrap();
    let blocks: Vec<_> = CarReader::new(&car[..])
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(blocks.len(), 2);

    let mut bad = Vec::new();
    write_car(&[], vec![(id_cid, b"other".to_vec())], &mut bad).unwrap();
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &bad[..]),
        Err(CarError::HashMismatch(_))
    ));
}

#[test]
fn forced_identity_cids_load_only_unverified() {
    let forced = identity_cid(RAW, b"fil/7/account").unwrap();
    let mut car = Vec::new();
    write_car(
        &[forced],
        vec![(forced, b"\0asm wasm bytes".to_vec())],
        &mut car,
    )
    .unwrap();
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &car[..]),
        Err(CarError::HashMismatch(_))
    ));
    let store = MemoryBlockstore::new();
    assert_eq!(load_car_unverified(&store, &car[..]).unwrap(), vec![forced]);
    assert_eq!(store.get(&forced).unwrap().unwrap(), b"\0asm wasm bytes");
}

#[test]
fn wrong_data_and_unknown_hashes_are_refused() {
    let cid = cid_of(DAG_CBOR, &[0x80]);
    let mut car = Vec::new();
    write_car(&[cid], vec![(cid, vec![0x81, 0x01])], &mut car).unwrap();
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &car[..]),
        Err(CarError::HashMismatch(_))
    ));
    let odd = Cid::new_v1(RAW, Multihash::wrap(0x1e, &[0u8; 32]).unwrap());
    let mut car = Vec::new();
    write_car(&[], vec![(odd, vec![1])], &mut car).unwrap();
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &car[..]),
        Err(CarError::UnsupportedHash { .. })
    ));
}

#[test]
fn oversized_and_empty_sections_are_refused_without_allocating() {
    let mut car = Vec::new();
    write_car(&[], std::iter::empty::<(Cid, Vec<u8>)>(), &mut car).unwrap();
    let mut huge = car.clone();
    // A varint announcing 1 TiB.
    huge.extend([0x80, 0x80, 0x80, 0x80, 0x80, 0x20]);
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &huge[..]),
        Err(CarError::LengthOutOfBounds { limit, .. }) if limit == MAX_SECTION_LEN
    ));
    let mut empty = car.clone();
    empty.push(0);
    assert!(matches!(
        load_car(&MemoryBlockstore::new(), &empty[..]),
        Err(CarError::LengthOutOfBounds { len: 0, .. })
    ));
}

#[test]
fn version_must_be_one() {
    let header = fvmi_ipld::cbor::to_vec(&fvmi_ipld::car::CarHeader {
        roots: vec![],
        version: 2,
    })
    .unwrap();
    let mut car = vec![header.len() as u8];
    car.extend(header);
    assert!(matches!(
        CarReader::new(&car[..]),
        Err(CarError::UnsupportedVersion(2))
    ));
}

proptest! {
    #[test]
    fn arbitrary_blocks_round_trip(blocks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..20)) {
        let store = MemoryBlockstore::new();
        for b in &blocks {
            store.put(RAW, b).unwrap();
        }
        let roots = store.cids();
        let mut car = Vec::new();
        write_car(&roots, store.blocks(), &mut car).unwrap();
        let copy = MemoryBlockstore::new();
        prop_assert_eq!(load_car(&copy, &car[..]).unwrap(), roots.clone());
        prop_assert_eq!(copy.blocks(), store.blocks());
        for cut in [0, 1, car.len() / 2, car.len().saturating_sub(1)] {
            if cut < car.len() && !(cut > 0 && store.is_empty()) {
                let truncated = &car[..cut];
                let result = load_car(&MemoryBlockstore::new(), truncated);
                // Cutting at a section boundary is a shorter valid archive; elsewhere an error.
                if let Ok(r) = result {
                    prop_assert_eq!(r, roots.clone());
                }
            }
        }
    }
}
