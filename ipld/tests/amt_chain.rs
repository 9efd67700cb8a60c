//! AMTs from real chain state: every AMT root found in the pre-state CARs of the conformance test
//! vectors (built by the Go and Rust actors over the network's history, with several bit widths)
//! is loaded, walked, rebuilt from scratch from its entries, and must get back its original CID.
//!
//! The vectors live in `shared/test-vectors` beside the repository (or in
//! `$FVMI_TEST_VECTORS`); without them this test prints a notice and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine;
use cid::Cid;
use fvmi_ipld::amt::{Amt, AmtError};
use fvmi_ipld::blockstore::{Blockstore, MemoryBlockstore};
use fvmi_ipld::car::load_car;
use fvmi_ipld::cbor;
use ipld_core::ipld::Ipld;
use serde_bytes::ByteBuf;

/// The shape of an AMT root block: `[bit_width, height, count, [bitmap, links, values]]`.
type RootShape = (u32, u32, u64, (ByteBuf, Vec<Cid>, Vec<Ipld>));

fn vectors_dir() -> PathBuf {
    match std::env::var_os("FVMI_TEST_VECTORS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
}

/// Loads the vector's pre-state CAR (gzipped, base64) into `store`.
fn load_vector(path: &Path, store: &MemoryBlockstore) {
    let text = std::fs::read_to_string(path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let encoded = json["car"].as_str().expect("vector has a car");
    let gzipped = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    let mut car = Vec::new();
    flate2::read::GzDecoder::new(gzipped.as_slice())
        .read_to_end(&mut car)
        .unwrap();
    load_car(store, car.as_slice()).unwrap();
}

/// The entries of the AMT at `root`, or `None` if some of its blocks are not in the CAR (vectors
/// only carry the blocks their messages touch).
fn entries(root: &Cid, store: &MemoryBlockstore) -> Option<(u32, BTreeMap<u64, Ipld>)> {
    let amt: Amt<Ipld, _> = Amt::load(root, store).unwrap();
    let mut entries = BTreeMap::new();
    let walk = amt.for_each(|index, value: &Ipld| {
        entries.insert(index, value.clone());
        Ok::<_, AmtError>(())
    });
    match walk {
        Ok(()) => {
            assert_eq!(amt.count(), entries.len() as u64, "count of {root}");
            Some((amt.bit_width(), entries))
        }
        Err(AmtError::NotFound(_)) => None,
        Err(other) => panic!("AMT {root} failed: {other}"),
    }
}

#[test]
fn chain_amts_rebuild_to_the_same_root() {
    let mut files = Vec::new();
    json_files(&vectors_dir(), &mut files);
    if files.is_empty() {
        eprintln!(
            "no test vectors under {}; skipping",
            vectors_dir().display()
        );
        return;
    }
    let mut checked = BTreeSet::new();
    let mut by_bit_width = BTreeMap::<u32, usize>::new();
    let mut incomplete = 0;
    for path in &files {
        let store = MemoryBlockstore::new();
        load_vector(path, &store);
        for (cid, bytes) in store.blocks() {
            if checked.contains(&cid) || cbor::from_slice::<RootShape>(&bytes).is_err() {
                continue;
            }
            let Some((bit_width, entries)) = entries(&cid, &store) else {
                incomplete += 1;
                continue;
            };
            let fresh = MemoryBlockstore::new();
            let mut rebuilt = Amt::new_with_bit_width(&fresh, bit_width).unwrap();
            for (index, value) in entries {
                rebuilt.set(index, value).unwrap();
            }
            assert_eq!(rebuilt.flush().unwrap(), cid, "rebuilt AMT in {path:?}");
            // Everything the rebuild wrote is identical to the chain's blocks.
            for (written, bytes) in fresh.blocks() {
                assert_eq!(store.get(&written), Ok(Some(bytes)), "block {written}");
            }
            *by_bit_width.entry(bit_width).or_default() += 1;
            checked.insert(cid);
        }
    }
    eprintln!(
        "rebuilt {} chain AMTs by bit width {by_bit_width:?}; {incomplete} incomplete skipped",
        checked.len()
    );
    assert!(checked.len() >= 10, "too few AMTs found: {}", checked.len());
}
