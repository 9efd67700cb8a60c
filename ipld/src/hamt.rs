//! The Filecoin HAMT (hash array mapped trie), byte-compatible with `fvm_ipld_hamt` 0.5 as used by
//! the reference VM v2 for its state tree and by builtin actors v7.
//!
//! Layout: a node is `[bitmap, [pointer...]]`; the bitmap is a byte string (a 2^width-bit number,
//! big-endian, leading zero bytes stripped); a pointer is either a bucket (an array of up to three
//! `[key, value]` pairs sorted by key) or a bare CID link to a child node. The slot of a key at each
//! level is read from SHA-256 of the key, `bit_width` bits at a time, most significant bit first.
//! Removals fold sparse children back into buckets, so a given set of entries always has the same
//! root CID whatever order it was built in. Nodes are stored as DAG-CBOR with BLAKE2b-256 CIDs.

mod bitmap;
mod hash_bits;
mod key;
mod node;
mod pointer;
mod scan;

use std::borrow::Borrow;

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::blockstore::{Blockstore, BlockstoreError, CborStore};
use hash_bits::{hash_key, HashBits};
use node::{load_node, Node};

pub use key::{BytesKey, HashKey};
pub use scan::{scan_stored_nodes, StoredScan};

/// The most entries a bucket holds before it is split into a child node.
pub const BUCKET_SIZE: usize = 3;

/// The bit width Filecoin uses everywhere (state tree, init actor, builtin actors).
///
/// Note: the reference crate's own `Hamt::new` default is 8; this crate defaults to Filecoin's 5.
pub const DEFAULT_BIT_WIDTH: u32 = 5;

/// Why a HAMT operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HamtError {
    /// The blockstore failed or a node could not be encoded or decoded.
    #[error(transparent)]
    Store(#[from] BlockstoreError),
    /// A node the tree links to is missing from the store.
    #[error("HAMT node {0} not found")]
    NotFound(Cid),
    /// The key hash ran out of bits: the tree is deeper than any key can address.
    #[error("HAMT maximum depth exceeded")]
    MaxDepth,
    /// The bit width is not within 1..=8.
    #[error("invalid HAMT bit width {0}")]
    InvalidBitWidth(u32),
    /// A stored node is internally inconsistent.
    #[error("malformed HAMT node: {0}")]
    Malformed(String),
}

impl From<crate::cbor::CborError> for HamtError {
    fn from(e: crate::cbor::CborError) -> Self {
        Self::Store(e.into())
    }
}

/// A map from `K` to `V` stored as a HAMT in a blockstore `BS`.
///
/// Changes stay in memory until [`flush`](Self::flush) writes the modified nodes and returns the
/// root CID. Nodes read through links are cached.
#[derive(Debug)]
pub struct Hamt<BS, V, K = BytesKey> {
    root: Node<K, V>,
    store: BS,
    bit_width: u32,
}

impl<BS, V, K> Hamt<BS, V, K>
where
    BS: Blockstore,
    K: HashKey + Ord + Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
{
    /// An empty map with [`DEFAULT_BIT_WIDTH`].
    pub fn new(store: BS) -> Self {
        Self::new_with_bit_width(store, DEFAULT_BIT_WIDTH)
    }

    /// An empty map with the given bit width (1..=8; other widths fail on first use).
    pub fn new_with_bit_width(store: BS, bit_width: u32) -> Self {
        Self {
            root: Node::default(),
            store,
            bit_width,
        }
    }

    /// Opens the map whose root node is `root`, with [`DEFAULT_BIT_WIDTH`].
    pub fn load(root: &Cid, store: BS) -> Result<Self, HamtError> {
        Self::load_with_bit_width(root, store, DEFAULT_BIT_WIDTH)
    }

    /// Opens the map whose root node is `root`. Child nodes are read lazily.
    pub fn load_with_bit_width(root: &Cid, store: BS, bit_width: u32) -> Result<Self, HamtError> {
        let root = *load_node(root, &store)?;
        Ok(Self {
            root,
            store,
            bit_width,
        })
    }

    /// The backing store.
    pub fn store(&self) -> &BS {
        &self.store
    }

    /// Gives back the backing store.
    pub fn into_store(self) -> BS {
        self.store
    }

    /// The bit width.
    pub fn bit_width(&self) -> u32 {
        self.bit_width
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.root.is_empty()
    }

    /// The value stored under `key`.
    pub fn get<Q>(&self, key: &Q) -> Result<Option<&V>, HamtError>
    where
        K: Borrow<Q>,
        Q: HashKey + Eq + ?Sized,
    {
        let hash = hash_key(key);
        let found = self.root.find(
            &mut HashBits::at(&hash, 0),
            self.bit_width,
            key,
            &self.store,
        )?;
        Ok(found.map(|(_, v)| v))
    }

    /// Whether `key` is present.
    pub fn contains_key<Q>(&self, key: &Q) -> Result<bool, HamtError>
    where
        K: Borrow<Q>,
        Q: HashKey + Eq + ?Sized,
    {
        Ok(self.get(key)?.is_some())
    }

    /// Stores `value` under `key`, returning the value it replaced.
    pub fn set(&mut self, key: K, value: V) -> Result<Option<V>, HamtError>
    where
        V: PartialEq,
    {
        let hash = hash_key(&key);
        let bits = &mut HashBits::at(&hash, 0);
        let (old, _) = self
            .root
            .insert(bits, self.bit_width, key, value, &self.store, true)?;
        Ok(old)
    }

    /// Stores `value` under `key` only if the key is absent; returns whether it was stored.
    pub fn set_if_absent(&mut self, key: K, value: V) -> Result<bool, HamtError>
    where
        V: PartialEq,
    {
        let hash = hash_key(&key);
        let bits = &mut HashBits::at(&hash, 0);
        let (_, stored) = self
            .root
            .insert(bits, self.bit_width, key, value, &self.store, false)?;
        Ok(stored)
    }

    /// Removes `key`, returning its entry.
    pub fn delete<Q>(&mut self, key: &Q) -> Result<Option<(K, V)>, HamtError>
    where
        K: Borrow<Q>,
        Q: HashKey + Eq + ?Sized,
    {
        let hash = hash_key(key);
        self.root.remove(
            &mut HashBits::at(&hash, 0),
            self.bit_width,
            key,
            &self.store,
        )
    }

    /// Writes every modified node and the root to the store and returns the root CID.
    pub fn flush(&mut self) -> Result<Cid, HamtError> {
        self.root.flush(&self.store)?;
        Ok(self.store.put_cbor(&self.root)?)
    }

    /// Calls `f` on every entry in canonical order, stopping at the first error.
    pub fn for_each<F, E>(&self, mut f: F) -> Result<(), E>
    where
        F: FnMut(&K, &V) -> Result<(), E>,
        E: From<HamtError>,
    {
        self.root.for_each(&self.store, 0, &mut f)
    }
}
