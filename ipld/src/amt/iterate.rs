//! In-order traversal.

use serde::de::DeserializeOwned;

use super::access::span;
use super::error::{AmtError, MalformedNode};
use super::node::Node;
use crate::blockstore::Blockstore;

/// Whether a traversal should go on after visiting a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Continue,
    Stop,
}

impl<V: DeserializeOwned> Node<V> {
    /// Calls `visit(index, value)` for every value below this node, in ascending index order,
    /// where `offset` is the index of the node's first slot. Stops early when `visit` says so.
    pub(super) fn for_each_while<BS, E, F>(
        &self,
        store: &BS,
        bit_width: u32,
        height: u32,
        offset: u64,
        visit: &mut F,
    ) -> Result<Flow, E>
    where
        BS: Blockstore,
        E: From<AmtError>,
        F: FnMut(u64, &V) -> Result<bool, E>,
    {
        match (self, height) {
            (Node::Leaf(values), 0) => {
                for (slot, value) in (0u64..).zip(values) {
                    if let Some(value) = value {
                        let index = offset
                            .checked_add(slot)
                            .ok_or(AmtError::from(MalformedNode::IndexOverflow))?;
                        if !visit(index, value)? {
                            return Ok(Flow::Stop);
                        }
                    }
                }
            }
            (Node::Branch(links), 1..) => {
                let span = span(bit_width, height);
                for (slot, link) in (0u64..).zip(links) {
                    let Some(link) = link else { continue };
                    let child_offset = slot
                        .checked_mul(span)
                        .and_then(|start| start.checked_add(offset))
                        .ok_or(AmtError::from(MalformedNode::IndexOverflow))?;
                    let child = link.resolve(store, bit_width, height - 1)?;
                    let flow =
                        child.for_each_while(store, bit_width, height - 1, child_offset, visit)?;
                    if flow == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                }
            }
            _ => return Err(AmtError::from(MalformedNode::KindForHeight).into()),
        }
        Ok(Flow::Continue)
    }
}
