//! The Array Mapped Trie (AMT): a sparse array of values indexed by `u64`, stored as a tree of
//! DAG-CBOR blocks, byte-for-byte as Filecoin's `fvm_ipld_amt` 0.4 stores it (the format of the
//! builtin actors v7 and of `go-amt-ipld` v4).
//!
//! The root block is `[bit_width, height, count, node]` and each node block is
//! `[bitmap, links, values]` (see the `node` module). Every node has `2^bit_width` slots; leaves
//! (height 0) hold values and inner nodes hold links to children. The tree grows a level when an
//! index beyond its capacity is set and shrinks back when deletions leave only the first child of
//! the root, so a given set of entries always has the same root CID, whatever the order of edits.
//! Changes stay in memory until [`Amt::flush`] writes the changed nodes and returns the root CID.

mod access;
mod error;
mod iterate;
mod node;

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_bytes::ByteBuf;

pub use error::{AmtError, MalformedNode};

use access::span;
use iterate::Flow;
use node::{Link, Node, RawNode};

use crate::blockstore::{Blockstore, CborStore};

/// The bit width of [`Amt::new`]: nodes of eight slots.
pub const DEFAULT_BIT_WIDTH: u32 = 3;

/// The largest bit width accepted (nodes of 2^18 slots); the reference has no limit.
pub const MAX_BIT_WIDTH: u32 = 18;

/// The largest height a loaded root may declare.
pub const MAX_HEIGHT: u32 = 64;

/// The largest index: `u64::MAX - 1`, so that the count of entries always fits a `u64`.
pub const MAX_INDEX: u64 = u64::MAX - 1;

/// A sparse array of `V` backed by a blockstore.
///
/// Reads cache the nodes they load; writes modify nodes in memory until [`Amt::flush`].
///
/// ```
/// use fvmi_ipld::amt::{Amt, AmtError};
/// use fvmi_ipld::blockstore::MemoryBlockstore;
///
/// let store = MemoryBlockstore::new();
/// let mut amt = Amt::new(&store);
/// amt.set(2, "two".to_string())?;
/// amt.set(1000, "thousand".to_string())?;
/// let root = amt.flush()?;
///
/// let loaded: Amt<String, _> = Amt::load(&root, &store)?;
/// assert_eq!(loaded.get(1000)?, Some(&"thousand".to_string()));
/// let mut indices = Vec::new();
/// loaded.for_each(|index, _| {
///     indices.push(index);
///     Ok::<_, AmtError>(())
/// })?;
/// assert_eq!(indices, [2, 1000]);
/// # Ok::<(), AmtError>(())
/// ```
#[derive(Debug)]
pub struct Amt<V, BS> {
    store: BS,
    bit_width: u32,
    height: u32,
    count: u64,
    root: Node<V>,
}

/// The wire form of a root, as decoded.
type RawRoot<V> = (u32, u32, u64, RawNode<V>);

impl<V, BS> Amt<V, BS>
where
    V: Serialize + DeserializeOwned,
    BS: Blockstore,
{
    /// An empty AMT with [`DEFAULT_BIT_WIDTH`].
    pub fn new(store: BS) -> Self {
        Self::empty(store, DEFAULT_BIT_WIDTH)
    }

    /// An empty AMT whose nodes have `2^bit_width` slots; `bit_width` must be in
    /// `1..=`[`MAX_BIT_WIDTH`].
    pub fn new_with_bit_width(store: BS, bit_width: u32) -> Result<Self, AmtError> {
        check_bit_width(bit_width)?;
        Ok(Self::empty(store, bit_width))
    }

    fn empty(store: BS, bit_width: u32) -> Self {
        Self {
            store,
            bit_width,
            height: 0,
            count: 0,
            root: Node::empty_leaf(bit_width),
        }
    }

    /// Opens the AMT whose root block is `root`.
    pub fn load(root: &Cid, store: BS) -> Result<Self, AmtError> {
        let (bit_width, height, count, node): RawRoot<V> =
            store.get_cbor(root)?.ok_or(AmtError::NotFound(*root))?;
        if height > MAX_HEIGHT {
            return Err(AmtError::HeightTooLarge(height));
        }
        check_bit_width(bit_width)?;
        let root = Node::from_raw(node, bit_width, height)?;
        Ok(Self {
            store,
            bit_width,
            height,
            count,
            root,
        })
    }

    /// Builds an AMT holding `values` at indices 0, 1, 2... and returns its flushed root CID.
    pub fn new_from_iter(store: BS, values: impl IntoIterator<Item = V>) -> Result<Cid, AmtError> {
        let mut amt = Self::new(store);
        amt.batch_set(values)?;
        amt.flush()
    }

    /// The number of entries (as recorded in the root).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The height of the tree: 0 when the root is a leaf.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Log2 of the number of slots per node.
    pub fn bit_width(&self) -> u32 {
        self.bit_width
    }

    /// The blockstore.
    pub fn store(&self) -> &BS {
        &self.store
    }

    /// Gives the blockstore back.
    pub fn into_store(self) -> BS {
        self.store
    }

    /// Indices below this are reachable without growing the tree.
    fn capacity(&self) -> u64 {
        span(self.bit_width, self.height.saturating_add(1))
    }

    /// The value at `index`, if any. Fails for `index > MAX_INDEX`.
    pub fn get(&self, index: u64) -> Result<Option<&V>, AmtError> {
        check_index(index)?;
        if index >= self.capacity() {
            return Ok(None);
        }
        self.root
            .get(&self.store, self.bit_width, self.height, index)
    }

    /// Stores `value` at `index`, growing the tree as needed. Fails for `index > MAX_INDEX`.
    pub fn set(&mut self, index: u64, value: V) -> Result<(), AmtError> {
        check_index(index)?;
        while index >= self.capacity() {
            // Push the current root down as the first child of a new root (or, if the tree is
            // empty, simply start a new empty root one level up).
            let old = std::mem::replace(&mut self.root, Node::empty_branch(self.bit_width));
            if !old.is_empty() {
                if let Node::Branch(links) = &mut self.root {
                    if let Some(first) = links.first_mut() {
                        *first = Some(Link::Dirty(Box::new(old)));
                    }
                }
            }
            self.height += 1;
        }
        let replaced = self
            .root
            .set(&self.store, self.bit_width, self.height, index, value)?;
        if replaced.is_none() {
            self.count = self.count.wrapping_add(1);
        }
        Ok(())
    }

    /// Stores `values` at indices 0, 1, 2...
    pub fn batch_set(&mut self, values: impl IntoIterator<Item = V>) -> Result<(), AmtError> {
        (0u64..)
            .zip(values)
            .try_for_each(|(index, value)| self.set(index, value))
    }

    /// Removes and returns the value at `index`, shrinking the tree when possible.
    /// Fails for `index > MAX_INDEX`.
    pub fn delete(&mut self, index: u64) -> Result<Option<V>, AmtError> {
        check_index(index)?;
        if index >= self.capacity() {
            return Ok(None);
        }
        let removed = self
            .root
            .delete(&self.store, self.bit_width, self.height, index)?;
        if removed.is_none() {
            return Ok(None);
        }
        self.count = self.count.wrapping_sub(1);
        if self.root.is_empty() {
            self.root = Node::empty_leaf(self.bit_width);
            self.height = 0;
        } else {
            while self.height > 0 && self.root.only_first_link() {
                self.lower_root()?;
            }
        }
        Ok(removed)
    }

    /// Replaces a root whose only child is the first one by that child.
    fn lower_root(&mut self) -> Result<(), AmtError> {
        let Node::Branch(links) = &mut self.root else {
            return Ok(());
        };
        let Some(link) = links.first_mut().and_then(Option::take) else {
            return Ok(());
        };
        self.root = link.into_node(&self.store, self.bit_width, self.height - 1)?;
        self.height -= 1;
        Ok(())
    }

    /// Deletes every index of `indices`, in ascending order. Returns whether anything was
    /// removed. With `strict`, an index that holds no value is an error
    /// ([`AmtError::MissingIndex`]); the deletions made before it are kept.
    pub fn batch_delete(
        &mut self,
        indices: impl IntoIterator<Item = u64>,
        strict: bool,
    ) -> Result<bool, AmtError> {
        let mut indices: Vec<u64> = indices.into_iter().collect();
        indices.sort_unstable();
        let mut modified = false;
        for index in indices {
            let found = self.delete(index)?.is_some();
            if strict && !found {
                return Err(AmtError::MissingIndex(index));
            }
            modified |= found;
        }
        Ok(modified)
    }

    /// Writes every changed node and the root, and returns the root's CID.
    pub fn flush(&mut self) -> Result<Cid, AmtError> {
        self.root.flush(&self.store, self.bit_width)?;
        let (bitmap, links, values) = self.root.to_raw(self.bit_width)?;
        let root: (u32, u32, u64, (ByteBuf, _, _)) = (
            self.bit_width,
            self.height,
            self.count,
            (bitmap, links, values),
        );
        Ok(self.store.put_cbor(&root)?)
    }

    /// Calls `visit(index, value)` for every entry in ascending index order. The first error
    /// (from the AMT or from `visit`) stops the walk and is returned.
    pub fn for_each<E, F>(&self, mut visit: F) -> Result<(), E>
    where
        E: From<AmtError>,
        F: FnMut(u64, &V) -> Result<(), E>,
    {
        self.for_each_while(|index, value| visit(index, value).map(|()| true))
    }

    /// Like [`Amt::for_each`], but stops as soon as `visit` returns `Ok(false)`.
    pub fn for_each_while<E, F>(&self, mut visit: F) -> Result<(), E>
    where
        E: From<AmtError>,
        F: FnMut(u64, &V) -> Result<bool, E>,
    {
        self.root
            .for_each_while(&self.store, self.bit_width, self.height, 0, &mut visit)
            .map(|_: Flow| ())
    }
}

fn check_index(index: u64) -> Result<(), AmtError> {
    if index > MAX_INDEX {
        return Err(AmtError::IndexOutOfRange(index));
    }
    Ok(())
}

fn check_bit_width(bit_width: u32) -> Result<(), AmtError> {
    if bit_width == 0 || bit_width > MAX_BIT_WIDTH {
        return Err(AmtError::InvalidBitWidth(bit_width));
    }
    Ok(())
}
