//! A HAMT node and the recursive lookup, insert, remove, flush and walk over it.

use std::borrow::Borrow;
use std::cell::OnceCell;

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::bitmap::Bitmap;
use super::hash_bits::{hash_key, HashBits};
use super::pointer::Pointer;
use super::{HamtError, HashKey, BUCKET_SIZE};

/// No key hash has more than 256 bits, so no valid tree is deeper than 256 levels below the root.
const MAX_DEPTH: u32 = 256;
use crate::blockstore::{Blockstore, CborStore};

/// A node: an occupancy bitmap and one pointer per set bit, in bit order.
/// Encoded as the CBOR array `[bitmap bytes, [pointer, ...]]`.
#[derive(Debug)]
pub(crate) struct Node<K, V> {
    bitmap: Bitmap,
    pointers: Vec<Pointer<K, V>>,
}

impl<K, V> Default for Node<K, V> {
    fn default() -> Self {
        Self {
            bitmap: Bitmap::default(),
            pointers: Vec::new(),
        }
    }
}

impl<K, V> Node<K, V> {
    pub(crate) fn is_empty(&self) -> bool {
        self.pointers.is_empty()
    }

    pub(crate) fn pointers_mut(&mut self) -> &mut Vec<Pointer<K, V>> {
        &mut self.pointers
    }

    pub(crate) fn into_pointers(self) -> Vec<Pointer<K, V>> {
        self.pointers
    }
}

impl<K: Serialize, V: Serialize> Serialize for Node<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.bitmap, &self.pointers).serialize(serializer)
    }
}

impl<'de, K: DeserializeOwned, V: DeserializeOwned> Deserialize<'de> for Node<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (bitmap, pointers) = Deserialize::deserialize(deserializer)?;
        Ok(Self { bitmap, pointers })
    }
}

/// Reads node `cid` from the store.
pub(crate) fn load_node<K, V, BS>(cid: &Cid, store: &BS) -> Result<Box<Node<K, V>>, HamtError>
where
    K: DeserializeOwned,
    V: DeserializeOwned,
    BS: Blockstore + ?Sized,
{
    store
        .get_cbor::<Node<K, V>>(cid)?
        .map(Box::new)
        .ok_or(HamtError::NotFound(*cid))
}

/// The loaded child behind a link, reading it into the cache on first use.
fn cached_child<'a, K, V, BS>(
    cid: &Cid,
    cache: &'a OnceCell<Box<Node<K, V>>>,
    store: &BS,
) -> Result<&'a Node<K, V>, HamtError>
where
    K: DeserializeOwned,
    V: DeserializeOwned,
    BS: Blockstore + ?Sized,
{
    if let Some(node) = cache.get() {
        return Ok(node);
    }
    let node = load_node(cid, store)?;
    Ok(cache.get_or_init(|| node))
}

/// Like [`cached_child`], mutably.
fn cached_child_mut<'a, K, V, BS>(
    cid: &Cid,
    cache: &'a mut OnceCell<Box<Node<K, V>>>,
    store: &BS,
) -> Result<&'a mut Node<K, V>, HamtError>
where
    K: DeserializeOwned,
    V: DeserializeOwned,
    BS: Blockstore + ?Sized,
{
    if cache.get().is_none() {
        let node = load_node(cid, store)?;
        let _ = cache.set(node);
    }
    cache
        .get_mut()
        .map(|b| &mut **b)
        .ok_or_else(|| HamtError::Malformed("link cache unexpectedly empty".into()))
}

/// Turns a link whose cached child was just modified into a dirty pointer.
fn mark_dirty<K, V>(pointer: &mut Pointer<K, V>) {
    if let Pointer::Link { cache, .. } = pointer {
        if let Some(node) = cache.take() {
            *pointer = Pointer::Dirty(node);
        }
    }
}

impl<K, V> Node<K, V>
where
    K: HashKey + Ord + Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
{
    fn slot(&self, bit: u32) -> Result<usize, HamtError> {
        let index = self.bitmap.rank(bit);
        if index < self.pointers.len() {
            Ok(index)
        } else {
            Err(HamtError::Malformed(
                "bitmap and pointer count disagree".into(),
            ))
        }
    }

    /// The entry for `key`, if present.
    pub(crate) fn find<Q, BS>(
        &self,
        bits: &mut HashBits<'_>,
        width: u32,
        key: &Q,
        store: &BS,
    ) -> Result<Option<&(K, V)>, HamtError>
    where
        K: Borrow<Q>,
        Q: HashKey + Eq + ?Sized,
        BS: Blockstore + ?Sized,
    {
        let mut node = self;
        loop {
            let bit = bits.next(width)?;
            if !node.bitmap.test(bit) {
                return Ok(None);
            }
            node = match &node.pointers[node.slot(bit)?] {
                Pointer::Bucket(entries) => {
                    return Ok(entries.iter().find(|(k, _)| k.borrow() == key));
                }
                Pointer::Link { cid, cache } => cached_child(cid, cache, store)?,
                Pointer::Dirty(child) => child,
            };
        }
    }

    /// Inserts or (if `overwrite`) replaces. Returns the replaced value and whether anything
    /// changed (an equal value written over itself changes nothing).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn insert<BS>(
        &mut self,
        bits: &mut HashBits<'_>,
        width: u32,
        key: K,
        value: V,
        store: &BS,
        overwrite: bool,
    ) -> Result<(Option<V>, bool), HamtError>
    where
        V: PartialEq,
        BS: Blockstore + ?Sized,
    {
        let bit = bits.next(width)?;
        if !self.bitmap.test(bit) {
            let index = self.bitmap.rank(bit);
            if index > self.pointers.len() {
                return Err(HamtError::Malformed(
                    "bitmap and pointer count disagree".into(),
                ));
            }
            self.bitmap.set(bit);
            self.pointers
                .insert(index, Pointer::Bucket(vec![(key, value)]));
            return Ok((None, true));
        }
        let index = self.slot(bit)?;
        let pointer = &mut self.pointers[index];
        match pointer {
            Pointer::Link { cid, cache } => {
                let child = cached_child_mut(cid, cache, store)?;
                let result = child.insert(bits, width, key, value, store, overwrite)?;
                if result.1 {
                    mark_dirty(pointer);
                }
                Ok(result)
            }
            Pointer::Dirty(child) => child.insert(bits, width, key, value, store, overwrite),
            Pointer::Bucket(entries) => {
                if let Some(found) = entries.iter_mut().find(|(k, _)| *k == key) {
                    if !overwrite {
                        return Ok((None, false));
                    }
                    let changed = found.1 != value;
                    return Ok((Some(std::mem::replace(&mut found.1, value)), changed));
                }
                if entries.len() < BUCKET_SIZE {
                    let at = entries.partition_point(|(k, _)| *k <= key);
                    entries.insert(at, (key, value));
                    return Ok((None, true));
                }
                // A full bucket becomes a child node holding its entries and the new one.
                let consumed = bits.consumed();
                let mut child = Node::default();
                let result = child.insert(bits, width, key, value, store, overwrite)?;
                for (k, v) in std::mem::take(entries) {
                    let hash = hash_key(&k);
                    child.insert(
                        &mut HashBits::at(&hash, consumed),
                        width,
                        k,
                        v,
                        store,
                        overwrite,
                    )?;
                }
                *pointer = Pointer::Dirty(Box::new(child));
                Ok(result)
            }
        }
    }

    /// Removes `key`, restoring canonical form on the way back up.
    pub(crate) fn remove<Q, BS>(
        &mut self,
        bits: &mut HashBits<'_>,
        width: u32,
        key: &Q,
        store: &BS,
    ) -> Result<Option<(K, V)>, HamtError>
    where
        K: Borrow<Q>,
        Q: HashKey + Eq + ?Sized,
        BS: Blockstore + ?Sized,
    {
        let bit = bits.next(width)?;
        if !self.bitmap.test(bit) {
            return Ok(None);
        }
        let index = self.slot(bit)?;
        let pointer = &mut self.pointers[index];
        match pointer {
            Pointer::Link { cid, cache } => {
                let child = cached_child_mut(cid, cache, store)?;
                let removed = child.remove(bits, width, key, store)?;
                if removed.is_some() {
                    mark_dirty(pointer);
                    pointer.collapse()?;
                }
                Ok(removed)
            }
            Pointer::Dirty(child) => {
                let removed = child.remove(bits, width, key, store)?;
                pointer.collapse()?;
                Ok(removed)
            }
            Pointer::Bucket(entries) => {
                let Some(at) = entries.iter().position(|(k, _)| k.borrow() == key) else {
                    return Ok(None);
                };
                let removed = entries.remove(at);
                if entries.is_empty() {
                    self.bitmap.clear(bit);
                    self.pointers.remove(index);
                }
                Ok(Some(removed))
            }
        }
    }

    /// Stores every dirty child (deepest first) and replaces it with a link.
    pub(crate) fn flush<BS: Blockstore + ?Sized>(&mut self, store: &BS) -> Result<(), HamtError> {
        for pointer in &mut self.pointers {
            if let Pointer::Dirty(child) = pointer {
                child.flush(store)?;
                let cid = store.put_cbor(&**child)?;
                let node = std::mem::take(child);
                *pointer = Pointer::Link {
                    cid,
                    cache: OnceCell::from(node),
                };
            }
        }
        Ok(())
    }

    /// Calls `f` on every entry in canonical order (slot order, then key order in buckets).
    /// `depth` is this node's level; trees deeper than any hash could address are refused.
    pub(crate) fn for_each<BS, F, E>(&self, store: &BS, depth: u32, f: &mut F) -> Result<(), E>
    where
        BS: Blockstore + ?Sized,
        F: FnMut(&K, &V) -> Result<(), E>,
        E: From<HamtError>,
    {
        if depth > MAX_DEPTH {
            return Err(HamtError::MaxDepth.into());
        }
        for pointer in &self.pointers {
            match pointer {
                Pointer::Bucket(entries) => {
                    for (k, v) in entries {
                        f(k, v)?;
                    }
                }
                Pointer::Link { cid, cache } => {
                    cached_child(cid, cache, store)?.for_each(store, depth + 1, f)?
                }
                Pointer::Dirty(child) => child.for_each(store, depth + 1, f)?,
            }
        }
        Ok(())
    }
}
