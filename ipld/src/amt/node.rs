//! AMT nodes in memory and on the wire.
//!
//! A node block is the DAG-CBOR tuple `[bitmap, links, values]`: `bitmap` is a byte string of
//! `max(1, 2^bit_width / 8)` bytes whose bit `i` (byte `i / 8`, bit `i % 8`) marks slot `i` as
//! occupied; `links` lists the CIDs of the occupied child slots of an inner node and `values` the
//! occupied values of a leaf, both in slot order. One of the two lists is always empty.

use std::cell::OnceCell;

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_bytes::ByteBuf;

use super::error::{AmtError, MalformedNode};
use crate::blockstore::{Blockstore, CborStore};

/// A child slot of an inner node.
#[derive(Debug)]
pub(super) enum Link<V> {
    /// A child saved in the store, with the decoded node kept once it has been read.
    Stored {
        cid: Cid,
        cache: OnceCell<Box<Node<V>>>,
    },
    /// A child changed since the last flush; it has no CID yet.
    Dirty(Box<Node<V>>),
}

/// A node: `2^bit_width` slots of child links (inner node) or values (leaf).
#[derive(Debug)]
pub(super) enum Node<V> {
    /// An inner node, at height one or more.
    Branch(Vec<Option<Link<V>>>),
    /// A leaf, at height zero.
    Leaf(Vec<Option<V>>),
}

/// The wire form of a node, as decoded.
pub(super) type RawNode<V> = (ByteBuf, Vec<Cid>, Vec<V>);

/// The wire form of a node, borrowed for encoding.
pub(super) type RawNodeRef<'a, V> = (ByteBuf, Vec<&'a Cid>, Vec<&'a V>);

/// Slots per node.
pub(super) fn width(bit_width: u32) -> usize {
    1usize << bit_width
}

/// Length in bytes of a node's bitmap.
fn bitmap_len(bit_width: u32) -> usize {
    width(bit_width).div_ceil(8)
}

fn empty_slots<T>(bit_width: u32) -> Vec<Option<T>> {
    std::iter::repeat_with(|| None)
        .take(width(bit_width))
        .collect()
}

impl<V> Node<V> {
    /// An empty leaf.
    pub(super) fn empty_leaf(bit_width: u32) -> Self {
        Node::Leaf(empty_slots(bit_width))
    }

    /// An empty inner node.
    pub(super) fn empty_branch(bit_width: u32) -> Self {
        Node::Branch(empty_slots(bit_width))
    }

    /// An empty node of the kind that belongs at `height`.
    pub(super) fn empty_at(bit_width: u32, height: u32) -> Self {
        if height == 0 {
            Self::empty_leaf(bit_width)
        } else {
            Self::empty_branch(bit_width)
        }
    }

    /// True when no slot is occupied.
    pub(super) fn is_empty(&self) -> bool {
        match self {
            Node::Branch(links) => links.iter().all(Option::is_none),
            Node::Leaf(values) => values.iter().all(Option::is_none),
        }
    }

    /// True for an inner node whose only occupied slot is the first: the root can then be
    /// replaced by that child, one level lower.
    pub(super) fn only_first_link(&self) -> bool {
        match self {
            Node::Branch(links) => {
                let mut slots = links.iter();
                slots.next().is_some_and(Option::is_some) && slots.all(Option::is_none)
            }
            Node::Leaf(_) => false,
        }
    }

    /// Builds a node at `height` from its wire form, checking it against the bit width.
    pub(super) fn from_raw(raw: RawNode<V>, bit_width: u32, height: u32) -> Result<Self, AmtError> {
        let (bitmap, links, values) = raw;
        if !links.is_empty() && !values.is_empty() {
            return Err(MalformedNode::LinksAndValues.into());
        }
        if bitmap.len() != bitmap_len(bit_width) {
            return Err(MalformedNode::BitmapLength {
                expected: bitmap_len(bit_width),
                actual: bitmap.len(),
            }
            .into());
        }
        // A node with neither links nor values is an empty node of whichever kind its height
        // calls for; otherwise the kind must match the height.
        let is_branch = match (links.is_empty(), values.is_empty()) {
            (false, _) => true,
            (true, false) => false,
            (true, true) => height > 0,
        };
        if is_branch != (height > 0) {
            return Err(MalformedNode::KindForHeight.into());
        }
        if is_branch {
            let links = spread(&bitmap, bit_width, links)?;
            Ok(Node::Branch(
                links
                    .into_iter()
                    .map(|slot| slot.map(Link::stored))
                    .collect(),
            ))
        } else {
            Ok(Node::Leaf(spread(&bitmap, bit_width, values)?))
        }
    }

    /// The wire form of this node. Fails if a child has not been flushed.
    pub(super) fn to_raw(&self, bit_width: u32) -> Result<RawNodeRef<'_, V>, AmtError> {
        let mut bitmap = vec![0u8; bitmap_len(bit_width)];
        let mut mark = |slot: usize| {
            if let Some(byte) = bitmap.get_mut(slot / 8) {
                *byte |= 1 << (slot % 8);
            }
        };
        let mut links = Vec::new();
        let mut values = Vec::new();
        match self {
            Node::Branch(slots) => {
                for (slot, link) in slots.iter().enumerate() {
                    match link {
                        Some(Link::Stored { cid, .. }) => {
                            mark(slot);
                            links.push(cid);
                        }
                        Some(Link::Dirty(_)) => return Err(AmtError::UnflushedNode),
                        None => {}
                    }
                }
            }
            Node::Leaf(slots) => {
                for (slot, value) in slots.iter().enumerate() {
                    if let Some(value) = value {
                        mark(slot);
                        values.push(value);
                    }
                }
            }
        }
        Ok((ByteBuf::from(bitmap), links, values))
    }
}

/// Places `items` into the slots whose bitmap bits are set, in slot order. Bitmap bits past the
/// last slot (possible when a node has fewer than eight slots) are ignored.
fn spread<T>(bitmap: &[u8], bit_width: u32, items: Vec<T>) -> Result<Vec<Option<T>>, AmtError> {
    let mut items = items.into_iter();
    let mut slots = Vec::with_capacity(width(bit_width));
    for slot in 0..width(bit_width) {
        let occupied = bitmap
            .get(slot / 8)
            .is_some_and(|byte| byte & (1 << (slot % 8)) != 0);
        slots.push(if occupied {
            Some(items.next().ok_or(MalformedNode::ItemCount)?)
        } else {
            None
        });
    }
    if items.next().is_some() {
        return Err(MalformedNode::ItemCount.into());
    }
    Ok(slots)
}

impl<V> Link<V> {
    /// A link to a stored child that has not been read yet.
    pub(super) fn stored(cid: Cid) -> Self {
        Link::Stored {
            cid,
            cache: OnceCell::new(),
        }
    }
}

impl<V: DeserializeOwned> Link<V> {
    /// The child node, read from the store (and cached) on first use.
    pub(super) fn resolve<BS: Blockstore>(
        &self,
        store: &BS,
        bit_width: u32,
        height: u32,
    ) -> Result<&Node<V>, AmtError> {
        match self {
            Link::Dirty(node) => Ok(node),
            Link::Stored { cid, cache } => {
                if let Some(node) = cache.get() {
                    return Ok(node);
                }
                let node = load_node(store, cid, bit_width, height)?;
                Ok(cache.get_or_init(|| Box::new(node)))
            }
        }
    }

    /// Turns the link into a dirty one (reading the child if needed) and returns the child.
    pub(super) fn make_dirty<BS: Blockstore>(
        &mut self,
        store: &BS,
        bit_width: u32,
        height: u32,
    ) -> Result<&mut Node<V>, AmtError> {
        if let Link::Stored { cid, cache } = self {
            let node = match cache.take() {
                Some(node) => node,
                None => Box::new(load_node(store, cid, bit_width, height)?),
            };
            *self = Link::Dirty(node);
        }
        match self {
            Link::Dirty(node) => Ok(node),
            Link::Stored { .. } => unreachable!("the link was made dirty just above"),
        }
    }

    /// The child, read into the cache if needed, without changing whether the link is dirty.
    pub(super) fn node_mut<BS: Blockstore>(
        &mut self,
        store: &BS,
        bit_width: u32,
        height: u32,
    ) -> Result<&mut Node<V>, AmtError> {
        match self {
            Link::Dirty(node) => Ok(node),
            Link::Stored { cid, cache } => {
                if cache.get().is_none() {
                    *cache = OnceCell::from(Box::new(load_node(store, cid, bit_width, height)?));
                }
                match cache.get_mut() {
                    Some(node) => Ok(node),
                    None => unreachable!("the cache was filled just above"),
                }
            }
        }
    }

    /// Takes the child out of the link, reading it if needed.
    pub(super) fn into_node<BS: Blockstore>(
        self,
        store: &BS,
        bit_width: u32,
        height: u32,
    ) -> Result<Node<V>, AmtError> {
        match self {
            Link::Dirty(node) => Ok(*node),
            Link::Stored { cid, cache } => match cache.into_inner() {
                Some(node) => Ok(*node),
                None => load_node(store, &cid, bit_width, height),
            },
        }
    }
}

/// Reads and checks the node block `cid`, expected at `height`.
pub(super) fn load_node<V: DeserializeOwned, BS: Blockstore>(
    store: &BS,
    cid: &Cid,
    bit_width: u32,
    height: u32,
) -> Result<Node<V>, AmtError> {
    let raw: RawNode<V> = store.get_cbor(cid)?.ok_or(AmtError::NotFound(*cid))?;
    Node::from_raw(raw, bit_width, height)
}

impl<V: Serialize> Node<V> {
    /// Saves every dirty descendant, children before parents and in slot order, and turns each
    /// dirty link into a stored link that keeps the node as its cache.
    pub(super) fn flush<BS: Blockstore>(
        &mut self,
        store: &BS,
        bit_width: u32,
    ) -> Result<(), AmtError> {
        let Node::Branch(links) = self else {
            return Ok(());
        };
        for link in links.iter_mut().flatten() {
            if let Link::Dirty(node) = link {
                node.flush(store, bit_width)?;
                let cid = store.put_cbor(&node.to_raw(bit_width)?)?;
                let node = std::mem::replace(node, Box::new(Node::Leaf(Vec::new())));
                *link = Link::Stored {
                    cid,
                    cache: OnceCell::from(node),
                };
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(bitmap: &[u8], values: Vec<u64>) -> RawNode<u64> {
        (ByteBuf::from(bitmap.to_vec()), Vec::new(), values)
    }

    #[test]
    fn leaf_round_trips_through_wire_form() {
        let node = Node::from_raw(raw(&[0b1010_0001], vec![5, 6, 7]), 3, 0).unwrap();
        let Node::Leaf(slots) = &node else {
            panic!("expected a leaf");
        };
        assert_eq!(
            slots,
            &[Some(5), None, None, None, None, Some(6), None, Some(7)]
        );
        let (bitmap, links, values) = node.to_raw(3).unwrap();
        assert_eq!(bitmap.as_ref(), &[0b1010_0001]);
        assert!(links.is_empty());
        assert_eq!(values, [&5, &6, &7]);
    }

    #[test]
    fn wide_nodes_use_one_bit_per_slot() {
        let mut bitmap = vec![0u8; 4];
        bitmap[3] = 0x80;
        let node = Node::from_raw(raw(&bitmap, vec![9]), 5, 0).unwrap();
        let Node::Leaf(slots) = &node else {
            panic!("expected a leaf");
        };
        assert_eq!(slots.len(), 32);
        assert_eq!(slots[31], Some(9));
        assert_eq!(node.to_raw(5).unwrap().0.as_ref(), bitmap.as_slice());
    }

    #[test]
    fn bitmap_bits_past_the_last_slot_are_ignored() {
        // Two slots per node, but the bitmap is a whole byte: like the reference, bits 2..8 are
        // never looked at.
        let node = Node::from_raw(raw(&[0b0000_0110], vec![4]), 1, 0).unwrap();
        let Node::Leaf(slots) = &node else {
            panic!("expected a leaf");
        };
        assert_eq!(slots, &[None, Some(4)]);
    }

    #[test]
    fn empty_node_takes_the_kind_of_its_height() {
        assert!(matches!(
            Node::from_raw(raw(&[0], vec![]), 3, 2),
            Ok(Node::Branch(_))
        ));
        assert!(matches!(
            Node::from_raw(raw(&[0], vec![]), 3, 0),
            Ok(Node::Leaf(_))
        ));
    }

    #[test]
    fn unflushed_children_cannot_be_encoded() {
        let mut node: Node<u64> = Node::empty_branch(3);
        if let Node::Branch(links) = &mut node {
            links[0] = Some(Link::Dirty(Box::new(Node::empty_leaf(3))));
        }
        assert_eq!(node.to_raw(3).err(), Some(AmtError::UnflushedNode));
    }
}
