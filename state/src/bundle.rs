//! Builtin-actor bundles: a CAR v1 archive whose single root is a versioned manifest
//! `[1, data]`, where `data` is the DAG-CBOR list of `[name, code CID]` pairs, and which holds
//! every actor's wasm module as a raw block addressed by its code CID.
//!
//! Real bundles (builtin actors v8 and later) address each module by its BLAKE2b-256 hash, so
//! every block is checked against its CID. The v7 actors use *named* code CIDs instead: raw
//! identity CIDs whose digest is `fil/7/<name>`; such a block's bytes are the module, not the
//! digest, so identity-CID raw blocks are accepted as they are. Every other block must match.

use std::io::Read;

use cid::Cid;
use fvmi_ipld::car::{verify_block, CarError, CarReader};
use fvmi_ipld::cbor::{IDENTITY, RAW};
use fvmi_ipld::{cbor, Blockstore, BlockstoreError, CborStore};

use crate::{Manifest, StateError};

/// The only manifest version that exists.
pub const MANIFEST_VERSION: u32 = 1;

/// A bundle loaded into a blockstore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// The bundle's root: the versioned manifest `[1, data]`.
    pub root: Cid,
    /// The manifest data block: the list of `[name, code]` pairs (what the system actor's state
    /// names on chain from network version 16).
    pub manifest_data: Cid,
    /// The decoded manifest.
    pub manifest: Manifest,
}

/// Why a bundle could not be loaded. (Large sources are boxed: results carrying this error
/// stay small.)
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The archive is not a readable CAR v1, or a block does not match its CID.
    #[error("bundle archive: {0}")]
    Car(#[source] Box<CarError>),
    /// A bundle has exactly one root (its manifest).
    #[error("a bundle has exactly one root, this archive has {0}")]
    Roots(usize),
    /// The root is not a valid versioned manifest.
    #[error("bundle manifest: {0}")]
    Manifest(#[source] Box<StateError>),
    /// The manifest names a code CID whose wasm block the archive lacks.
    #[error("the bundle has no wasm block for actor {name} (code {code})")]
    MissingCode {
        /// The actor's manifest name.
        name: String,
        /// Its code CID.
        code: Box<Cid>,
    },
}

impl From<CarError> for BundleError {
    fn from(error: CarError) -> Self {
        Self::Car(Box::new(error))
    }
}

impl From<StateError> for BundleError {
    fn from(error: StateError) -> Self {
        Self::Manifest(Box::new(error))
    }
}

impl From<BlockstoreError> for BundleError {
    fn from(error: BlockstoreError) -> Self {
        StateError::Store(error).into()
    }
}

/// Whether `cid` is a named code CID (raw codec, identity hash), whose block is not its digest.
pub fn is_named_code(cid: &Cid) -> bool {
    cid.codec() == RAW && cid.hash().code() == IDENTITY
}

/// Reads a bundle CAR into `store` and checks it: one root, a valid versioned manifest naming
/// the account, init and system actors, and a wasm block for every code CID it lists.
pub fn load_bundle<BS, R>(store: &BS, reader: R) -> Result<Bundle, BundleError>
where
    BS: Blockstore + ?Sized,
    R: Read,
{
    let mut car = CarReader::new_unverified(reader)?;
    while let Some((cid, bytes)) = car.next_block()? {
        if !is_named_code(&cid) {
            verify_block(&cid, &bytes)?;
        }
        store.put_keyed(&cid, &bytes)?;
    }
    let roots = &car.header().roots;
    let [root] = roots[..] else {
        return Err(BundleError::Roots(roots.len()));
    };
    bundle_at(store, &root)
}

/// The bundle whose root (versioned manifest) is `root`, already in `store`; checks that every
/// code's wasm block is present.
pub fn bundle_at<BS: Blockstore + ?Sized>(store: &BS, root: &Cid) -> Result<Bundle, BundleError> {
    let manifest_data = manifest_data_of(store, root)?;
    let manifest = Manifest::load(store, &manifest_data)?;
    for (name, code) in manifest.entries() {
        if !store.has(code)? {
            return Err(BundleError::MissingCode {
                name: name.clone(),
                code: Box::new(*code),
            });
        }
    }
    Ok(Bundle {
        root: *root,
        manifest_data,
        manifest,
    })
}

/// The manifest data CID inside the versioned manifest `root`.
fn manifest_data_of<BS: Blockstore + ?Sized>(store: &BS, root: &Cid) -> Result<Cid, StateError> {
    let (version, data): (u32, Cid) = store
        .get_cbor(root)?
        .ok_or_else(|| StateError::InvalidManifest(format!("manifest {root} not found")))?;
    if version != MANIFEST_VERSION {
        return Err(StateError::InvalidManifest(format!(
            "unsupported manifest version {version}"
        )));
    }
    Ok(data)
}

/// Writes a bundle CAR from `(name, code CID, wasm)` triples in manifest order; the inverse of
/// [`load_bundle`]. Code CIDs are taken as given (named or hashed).
pub fn write_bundle<'a>(
    actors: impl IntoIterator<Item = (&'a str, Cid, &'a [u8])>,
) -> Result<Vec<u8>, BundleError> {
    let actors: Vec<(&str, Cid, &[u8])> = actors.into_iter().collect();
    let entries: Vec<(&str, Cid)> = actors.iter().map(|(n, c, _)| (*n, *c)).collect();
    let data_bytes = cbor::to_vec(&entries).map_err(BlockstoreError::from)?;
    let data = cbor::cid_of(cbor::DAG_CBOR, &data_bytes);
    let root_bytes = cbor::to_vec(&(MANIFEST_VERSION, data)).map_err(BlockstoreError::from)?;
    let root = cbor::cid_of(cbor::DAG_CBOR, &root_bytes);
    let mut blocks: Vec<(Cid, &[u8])> = vec![(root, &root_bytes), (data, &data_bytes)];
    blocks.extend(actors.iter().map(|(_, code, wasm)| (*code, *wasm)));
    let mut out = Vec::new();
    fvmi_ipld::car::write_car(&[root], blocks, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_ipld::MemoryBlockstore;

    fn named(name: &str) -> Cid {
        cbor::identity_cid(RAW, name.as_bytes()).unwrap()
    }

    fn sample() -> Vec<(&'static str, Cid, &'static [u8])> {
        vec![
            ("system", named("fil/t/system"), b"\0asm-system"),
            ("init", named("fil/t/init"), b"\0asm-init"),
            (
                "account",
                cbor::cid_of(RAW, b"\0asm-account"),
                b"\0asm-account",
            ),
        ]
    }

    #[test]
    fn round_trips_named_and_hashed_codes() {
        let car = write_bundle(sample()).unwrap();
        let store = MemoryBlockstore::new();
        let bundle = load_bundle(&store, &car[..]).unwrap();
        assert_eq!(bundle.manifest.entries().len(), 3);
        for (name, code, wasm) in sample() {
            assert_eq!(bundle.manifest.code_by_name(name), Some(&code));
            assert_eq!(store.get(&code).unwrap().as_deref(), Some(wasm));
        }
        assert_eq!(bundle_at(&store, &bundle.root).unwrap(), bundle);
    }

    #[test]
    fn rejects_a_hashed_block_that_does_not_match() {
        let mut actors = sample();
        actors[2].2 = b"\0asm-tampered";
        let car = write_bundle(actors).unwrap();
        let error = load_bundle(&MemoryBlockstore::new(), &car[..]).unwrap_err();
        assert!(matches!(error, BundleError::Car(e) if matches!(*e, CarError::HashMismatch(_))));
    }

    #[test]
    fn rejects_missing_code_and_bad_manifests() {
        let store = MemoryBlockstore::new();
        let car = write_bundle(sample()).unwrap();
        let bundle = load_bundle(&store, &car[..]).unwrap();
        let empty = MemoryBlockstore::new();
        for (cid, bytes) in store.blocks() {
            if cid != *bundle.manifest.account_code() {
                empty.put_keyed(&cid, &bytes).unwrap();
            }
        }
        assert!(matches!(
            bundle_at(&empty, &bundle.root),
            Err(BundleError::MissingCode { name, .. }) if name == "account"
        ));
        let v2 = store.put_cbor(&(2u32, bundle.manifest_data)).unwrap();
        assert!(matches!(
            bundle_at(&store, &v2),
            Err(BundleError::Manifest(e)) if matches!(*e, StateError::InvalidManifest(_))
        ));
        let garbage = [0x01, 0x02, 0x03];
        assert!(load_bundle(&MemoryBlockstore::new(), &garbage[..]).is_err());
    }
}
