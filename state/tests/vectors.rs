//! Round trip of the pre-state trees of the conformance test vectors: every state root, actors
//! HAMT, init actor state and address map is decoded and encoded again, and must come out with the
//! same bytes and CIDs.
//!
//! The vectors folder defaults to `shared/test-vectors/0006-ohsnap-01` beside the repository and
//! can be set with `FVMI_VECTORS`. A missing default folder skips the test with a message; a
//! missing folder named by `FVMI_VECTORS` fails it.

use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use cid::Cid;
use fvmi_ipld::cbor::{cid_of, to_vec, DAG_CBOR};
use fvmi_ipld::{load_car, Blockstore, BytesKey, CborStore, Hamt, HamtError, MemoryBlockstore};
use fvmi_state::{
    ActorState, InitState, Manifest, StateRoot, StateTree, StateTreeVersion, EMPTY_INFO_BLOCK,
};
use fvmi_types::builtin::INIT_ACTOR_ID;
use fvmi_types::{ActorID, Address, HAMT_BIT_WIDTH};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn vectors_dir() -> Option<PathBuf> {
    match std::env::var_os("FVMI_VECTORS") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(dir.is_dir(), "FVMI_VECTORS={} is not a folder", dir.display());
            Some(dir)
        }
        None => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/test-vectors/0006-ohsnap-01");
            if dir.is_dir() {
                Some(dir)
            } else {
                eprintln!(
                    "skipping: no test vectors at {} (set FVMI_VECTORS)",
                    dir.display()
                );
                None
            }
        }
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The vector's pre-state: its blocks and state root.
fn load_vector(path: &Path) -> (MemoryBlockstore, Cid) {
    let text = std::fs::read_to_string(path).expect("read vector");
    let json: serde_json::Value = serde_json::from_str(&text).expect("vector JSON");
    let car_b64 = json["car"].as_str().expect("car field");
    let gz = base64::engine::general_purpose::STANDARD
        .decode(car_b64)
        .expect("base64 car");
    let mut car = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut car)
        .expect("gzip car");
    let store = MemoryBlockstore::new();
    load_car(&store, &car[..]).expect("load car");
    let root = json["preconditions"]["state_tree"]["root_cid"]["/"]
        .as_str()
        .expect("root cid");
    (store, root.parse().expect("root CID"))
}

/// Checks that `cid` holds exactly the encoding of its decoded `T`.
fn assert_reencodes<T: Serialize + DeserializeOwned>(store: &MemoryBlockstore, cid: &Cid) -> T {
    let bytes = store.get(cid).unwrap().expect("block present");
    let value: T = fvmi_ipld::cbor::from_slice(&bytes).expect("decodes");
    let again = to_vec(&value).unwrap();
    assert_eq!(again, bytes, "re-encoding {cid} changed its bytes");
    assert_eq!(cid_of(DAG_CBOR, &again), *cid);
    value
}

/// Reads every entry of the HAMT at `root`, rebuilds it from scratch in a fresh store and checks
/// that the rebuilt tree has the same root and that each of its nodes is byte-identical to the
/// stored one. Returns the entries.
fn assert_hamt_rebuilds<V>(store: &MemoryBlockstore, root: &Cid) -> Vec<(BytesKey, V)>
where
    V: Serialize + DeserializeOwned + Clone + PartialEq,
{
    let hamt: Hamt<_, V> = Hamt::load_with_bit_width(root, store, HAMT_BIT_WIDTH).unwrap();
    let mut entries = Vec::new();
    hamt.for_each(|k, v| {
        entries.push((k.clone(), v.clone()));
        Ok::<_, HamtError>(())
    })
    .unwrap();
    let fresh = MemoryBlockstore::new();
    let mut rebuilt: Hamt<_, V> = Hamt::new_with_bit_width(&fresh, HAMT_BIT_WIDTH);
    for (k, v) in entries.iter().rev() {
        rebuilt.set(k.clone(), v.clone()).unwrap();
    }
    assert_eq!(rebuilt.flush().unwrap(), *root, "rebuilt HAMT root differs");
    for (cid, bytes) in fresh.blocks() {
        assert_eq!(store.get(&cid).unwrap().as_ref(), Some(&bytes), "node {cid}");
    }
    entries
}

#[test]
fn pre_state_trees_round_trip() {
    let Some(dir) = vectors_dir() else {
        return;
    };
    let mut files = Vec::new();
    json_files(&dir, &mut files);
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    let manifest = Manifest::v7();
    let empty_info = cid_of(DAG_CBOR, EMPTY_INFO_BLOCK);
    let mut actors_visited = 0usize;
    let mut addresses_visited = 0usize;
    for path in &files {
        let (store, root) = load_vector(path);
        let record = StateRoot::load(&store, &root).unwrap();
        assert_eq!(record.version, StateTreeVersion::V4, "{}", path.display());
        assert_eq!(record.info, empty_info);
        assert_eq!(store.get(&root).unwrap().unwrap(), record.to_bytes().unwrap());

        let actors: Vec<(BytesKey, ActorState)> = assert_hamt_rebuilds(&store, &record.actors);
        let tree = StateTree::new_from_root(&store, &root).unwrap();
        for (key, actor) in &actors {
            let id = Address::from_bytes(&key.0).unwrap().id().unwrap();
            assert_eq!(tree.get_actor(id).unwrap().as_ref(), Some(actor));
            assert_ne!(manifest.id_by_code(&actor.code), 0, "non-builtin code");
        }
        let mut walked = 0;
        tree.for_each(|_, _| {
            walked += 1;
            Ok::<_, fvmi_state::StateError>(())
        })
        .unwrap();
        assert_eq!(walked, actors.len());
        actors_visited += actors.len();

        let init_actor = tree.get_actor(INIT_ACTOR_ID).unwrap().expect("init actor");
        let init: InitState = assert_reencodes(&store, &init_actor.state);
        let map: Vec<(BytesKey, ActorID)> = assert_hamt_rebuilds(&store, &init.address_map);
        for (key, id) in map.iter().take(3) {
            let addr = Address::from_bytes(&key.0).unwrap();
            assert_eq!(tree.lookup_id(&addr).unwrap(), Some(*id));
        }
        addresses_visited += map.len();

        // Flushing an untouched tree reproduces the root.
        let mut tree = tree;
        assert_eq!(tree.flush().unwrap(), root);
        assert!(store.get_cbor::<InitState>(&init_actor.state).unwrap().is_some());
    }
    println!(
        "{} vectors: {actors_visited} actors and {addresses_visited} address-map entries round-tripped",
        files.len()
    );
}
