//! Lookup, insertion and removal below the root.
//!
//! Every function takes the node's `height` (0 for leaves). A node at height `h` covers
//! `2^(bit_width * (h + 1))` indices; index `i` lives in child slot `i / span(h)` at offset
//! `i % span(h)` within that child.

use serde::de::DeserializeOwned;

use super::error::{AmtError, MalformedNode};
use super::node::{Link, Node};
use crate::blockstore::Blockstore;

/// How many indices one child of a node at `height` covers: `2^(bit_width * height)`, saturating
/// at `u64::MAX` when that does not fit.
pub(super) fn span(bit_width: u32, height: u32) -> u64 {
    let log2 = u64::from(bit_width) * u64::from(height);
    if log2 >= 64 {
        u64::MAX
    } else {
        1 << log2
    }
}

/// Splits `index` into the child slot and the offset inside that child.
fn locate(bit_width: u32, height: u32, index: u64) -> Result<(usize, u64), AmtError> {
    let span = span(bit_width, height);
    let slot = usize::try_from(index / span).map_err(|_| MalformedNode::IndexOverflow)?;
    Ok((slot, index % span))
}

/// The slot of a leaf holding `index`.
fn leaf_slot(index: u64) -> Result<usize, AmtError> {
    usize::try_from(index).map_err(|_| MalformedNode::IndexOverflow.into())
}

fn kind_mismatch<T>() -> Result<T, AmtError> {
    Err(MalformedNode::KindForHeight.into())
}

impl<V: DeserializeOwned> Node<V> {
    /// The value at `index`, reading (and caching) stored children on the way.
    pub(super) fn get<'a, BS: Blockstore>(
        &'a self,
        store: &BS,
        bit_width: u32,
        height: u32,
        index: u64,
    ) -> Result<Option<&'a V>, AmtError> {
        match (self, height) {
            (Node::Leaf(values), 0) => Ok(values.get(leaf_slot(index)?).and_then(Option::as_ref)),
            (Node::Branch(links), 1..) => {
                let (slot, offset) = locate(bit_width, height, index)?;
                match links.get(slot).and_then(Option::as_ref) {
                    Some(link) => link.resolve(store, bit_width, height - 1)?.get(
                        store,
                        bit_width,
                        height - 1,
                        offset,
                    ),
                    None => Ok(None),
                }
            }
            _ => kind_mismatch(),
        }
    }

    /// Stores `value` at `index`, creating missing children and marking the path dirty.
    /// Returns the value it replaced.
    pub(super) fn set<BS: Blockstore>(
        &mut self,
        store: &BS,
        bit_width: u32,
        height: u32,
        index: u64,
        value: V,
    ) -> Result<Option<V>, AmtError> {
        match (self, height) {
            (Node::Leaf(values), 0) => {
                let slot = values
                    .get_mut(leaf_slot(index)?)
                    .ok_or(MalformedNode::IndexOverflow)?;
                Ok(slot.replace(value))
            }
            (Node::Branch(links), 1..) => {
                let (slot, offset) = locate(bit_width, height, index)?;
                let link = links.get_mut(slot).ok_or(MalformedNode::IndexOverflow)?;
                let child = link.get_or_insert_with(|| {
                    Link::Dirty(Box::new(Node::empty_at(bit_width, height - 1)))
                });
                child.make_dirty(store, bit_width, height - 1)?.set(
                    store,
                    bit_width,
                    height - 1,
                    offset,
                    value,
                )
            }
            _ => kind_mismatch(),
        }
    }

    /// Removes and returns the value at `index`. Children left empty are unlinked; a stored child
    /// is only made dirty when something was actually removed from it.
    pub(super) fn delete<BS: Blockstore>(
        &mut self,
        store: &BS,
        bit_width: u32,
        height: u32,
        index: u64,
    ) -> Result<Option<V>, AmtError> {
        match (self, height) {
            (Node::Leaf(values), 0) => Ok(values.get_mut(leaf_slot(index)?).and_then(Option::take)),
            (Node::Branch(links), 1..) => {
                let (slot, offset) = locate(bit_width, height, index)?;
                let Some(link) = links.get_mut(slot) else {
                    return Ok(None);
                };
                let Some(child) = link else {
                    return Ok(None);
                };
                let node = child.node_mut(store, bit_width, height - 1)?;
                let removed = node.delete(store, bit_width, height - 1, offset)?;
                if removed.is_none() {
                    return Ok(None);
                }
                if node.is_empty() {
                    *link = None;
                } else {
                    child.make_dirty(store, bit_width, height - 1)?;
                }
                Ok(removed)
            }
            _ => kind_mismatch(),
        }
    }
}
