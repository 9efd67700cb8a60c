//! Errors raised by AMT operations.

use cid::Cid;

use crate::blockstore::BlockstoreError;

/// Why an AMT operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmtError {
    /// The blockstore failed, or a block was not valid DAG-CBOR for its expected shape.
    #[error(transparent)]
    Store(#[from] BlockstoreError),
    /// A root or node block is missing from the store.
    #[error("AMT block {0} not found")]
    NotFound(Cid),
    /// The index is above [`MAX_INDEX`](super::MAX_INDEX).
    #[error("index {0} is out of range for an AMT")]
    IndexOutOfRange(u64),
    /// A root declares a height above [`MAX_HEIGHT`](super::MAX_HEIGHT).
    #[error("AMT height {0} exceeds the maximum of {max}", max = super::MAX_HEIGHT)]
    HeightTooLarge(u32),
    /// A bit width outside `1..=`[`MAX_BIT_WIDTH`](super::MAX_BIT_WIDTH).
    #[error("AMT bit width {0} is not supported")]
    InvalidBitWidth(u32),
    /// A node block decodes but does not describe a valid node at its place in the tree.
    #[error("malformed AMT node: {0}")]
    MalformedNode(MalformedNode),
    /// A node was about to be encoded while one of its children was still unsaved (an internal
    /// invariant of `flush`).
    #[error("AMT node encoded before its children were flushed")]
    UnflushedNode,
    /// `batch_delete` in strict mode met an index that holds no value.
    #[error("index {0} is not present in the AMT")]
    MissingIndex(u64),
}

/// The ways a decoded node can be inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MalformedNode {
    /// Both the links and the values lists are non-empty.
    #[error("node has both links and values")]
    LinksAndValues,
    /// The bitmap is not `max(1, 2^bit_width / 8)` bytes long.
    #[error("bitmap is {actual} bytes, expected {expected}")]
    BitmapLength {
        /// The expected length in bytes.
        expected: usize,
        /// The length found.
        actual: usize,
    },
    /// The bitmap marks a different number of slots than there are items.
    #[error("bitmap does not match the number of items")]
    ItemCount,
    /// Links in a leaf (height 0) or values in an inner node.
    #[error("node kind does not match its height")]
    KindForHeight,
    /// An index or offset computation overflowed, which no well-formed tree allows.
    #[error("index arithmetic overflowed")]
    IndexOverflow,
}

impl From<MalformedNode> for AmtError {
    fn from(reason: MalformedNode) -> Self {
        AmtError::MalformedNode(reason)
    }
}
