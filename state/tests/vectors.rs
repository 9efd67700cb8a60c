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
use fvmi_ipld::hamt::{scan_stored_nodes, StoredScan};
use fvmi_ipld::{
    load_car, Blockstore, BufferedBlockstore, BytesKey, CborStore, Hamt, MemoryBlockstore,
};
use fvmi_state::{
    ActorState, InitState, Manifest, StateRoot, StateTree, StateTreeVersion, StoredActor,
    EMPTY_INFO_BLOCK,
};
use fvmi_types::builtin::INIT_ACTOR_ID;
use fvmi_types::{ActorID, Address, HAMT_BIT_WIDTH};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn vectors_dir() -> Option<PathBuf> {
    match std::env::var_os("FVMI_VECTORS") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            assert!(
                dir.is_dir(),
                "FVMI_VECTORS={} is not a folder",
                dir.display()
            );
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

/// The vector's pre-state: its blocks, state root and (first variant's) network version.
fn load_vector(path: &Path) -> (MemoryBlockstore, Cid, u64) {
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
    let nv = json["preconditions"]["variants"][0]["nv"]
        .as_u64()
        .expect("network version");
    (store, root.parse().expect("root CID"), nv)
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

/// Decodes and re-encodes every stored node of the HAMT at `root` (the vectors' trees are
/// pruned to the blocks a message touched) and returns its entries and missing-link count. A
/// complete tree is also rebuilt from its entries and must give the same root.
fn assert_hamt_reencodes<V>(store: &MemoryBlockstore, root: &Cid) -> (Vec<(BytesKey, V)>, usize)
where
    V: Serialize + DeserializeOwned + Clone + PartialEq,
{
    let scan: StoredScan<BytesKey, V> = scan_stored_nodes(store, root).unwrap();
    if scan.missing.is_empty() {
        let fresh = MemoryBlockstore::new();
        let mut rebuilt: Hamt<_, V> = Hamt::new_with_bit_width(&fresh, HAMT_BIT_WIDTH);
        for (k, v) in scan.entries.iter().rev() {
            rebuilt.set(k.clone(), v.clone()).unwrap();
        }
        assert_eq!(rebuilt.flush().unwrap(), *root, "rebuilt HAMT root differs");
        assert_eq!(fresh.len(), scan.nodes.len());
    }
    (scan.entries, scan.missing.len())
}

/// Changes actor `id` twice over a write buffer, flushing the tree after each change, then writes
/// back the final root only: the base store must hold the final state and nothing of the
/// intermediate one.
fn assert_write_back(base: &MemoryBlockstore, root: &Cid, id: ActorID) {
    let buffered = BufferedBlockstore::new(base);
    let mut tree = StateTree::new_from_root(&buffered, root).unwrap();
    let bump = |a: &mut ActorState| {
        a.sequence += 1;
        Ok::<_, fvmi_state::StateError>(())
    };
    let old = tree.get_actor(id).unwrap().unwrap();
    tree.mutate_actor(id, bump).unwrap();
    let intermediate = tree.flush().unwrap();
    tree.mutate_actor(id, bump).unwrap();
    let last = tree.flush().unwrap();
    let written_before = base.len();
    tree.store().flush(&last).unwrap();
    assert!(base.has(&last).unwrap());
    assert!(!base.has(&intermediate).unwrap());
    assert!(base.len() > written_before);
    let reloaded = StateTree::new_from_root(base, &last).unwrap();
    assert_eq!(
        reloaded.get_actor(id).unwrap().unwrap().sequence,
        old.sequence + 2
    );
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
    let mut missing_links = 0usize;
    let mut write_backs = 0usize;
    for path in &files {
        let (store, root, nv) = load_vector(path);
        let record = StateRoot::load(&store, &root).unwrap();
        // Version 5 trees (actors with a delegated address) come with network version 18;
        // earlier states are version 4 (generated v7 vectors may still be version 3).
        let allowed: &[StateTreeVersion] = if nv >= 18 {
            &[StateTreeVersion::V5]
        } else {
            &[StateTreeVersion::V3, StateTreeVersion::V4]
        };
        assert!(
            allowed.contains(&record.version),
            "{}: state tree {:?} at nv{nv}",
            path.display(),
            record.version
        );
        assert_eq!(record.info, empty_info);
        assert_eq!(
            store.get(&root).unwrap().unwrap(),
            record.to_bytes().unwrap()
        );

        let (stored, missing): (Vec<(BytesKey, StoredActor)>, _) =
            assert_hamt_reencodes(&store, &record.actors);
        missing_links += missing;
        let actors: Vec<(BytesKey, ActorState)> =
            stored.into_iter().map(|(k, s)| (k, s.actor)).collect();
        let tree = StateTree::new_from_root(&store, &root).unwrap();
        for (key, actor) in &actors {
            let id = Address::from_bytes(&key.0).unwrap().id().unwrap();
            assert_eq!(tree.get_actor(id).unwrap().as_ref(), Some(actor));
            // At nv15 every actor runs a v7 builtin (named code CIDs); later versions use the
            // CIDs of real bundles, which this crate does not know.
            if nv == 15 {
                assert_ne!(manifest.id_by_code(&actor.code), 0, "non-builtin code");
            }
        }
        if missing == 0 {
            let mut walked = 0;
            tree.for_each(|_, _| {
                walked += 1;
                Ok::<_, fvmi_state::StateError>(())
            })
            .unwrap();
            assert_eq!(walked, actors.len());
        }
        actors_visited += actors.len();

        let init_actor = tree.get_actor(INIT_ACTOR_ID).unwrap().expect("init actor");
        let init: InitState = assert_reencodes(&store, &init_actor.state);
        let (map, missing): (Vec<(BytesKey, ActorID)>, _) =
            assert_hamt_reencodes(&store, &init.address_map);
        missing_links += missing;
        for (key, id) in map.iter().take(3) {
            let addr = Address::from_bytes(&key.0).unwrap();
            assert_eq!(tree.lookup_id(&addr).unwrap(), Some(*id));
        }
        addresses_visited += map.len();

        // Flushing an untouched tree reproduces the root; so does deleting actors and putting
        // them back (canonical form on real, pruned trees).
        let mut tree = tree;
        assert_eq!(tree.flush().unwrap(), root);
        let picks: Vec<_> = [actors.first(), actors.last()]
            .into_iter()
            .flatten()
            .collect();
        for (key, actor) in &picks {
            let id = Address::from_bytes(&key.0).unwrap().id().unwrap();
            tree.delete_actor(id);
            let without = tree.flush().unwrap();
            assert_ne!(without, root);
            tree.set_actor(id, actor.clone());
            assert_eq!(
                tree.flush().unwrap(),
                root,
                "re-adding actor {id} changed the root"
            );
        }
        assert!(store
            .get_cbor::<InitState>(&init_actor.state)
            .unwrap()
            .is_some());

        if let Some((key, _)) = actors.first() {
            let id = Address::from_bytes(&key.0).unwrap().id().unwrap();
            assert_write_back(&store, &root, id);
            write_backs += 1;
        }
    }
    println!(
        "{} vectors: {actors_visited} actors and {addresses_visited} address-map entries \
         round-tripped ({missing_links} links to pruned nodes not followed), {write_backs} write-backs",
        files.len()
    );
}
