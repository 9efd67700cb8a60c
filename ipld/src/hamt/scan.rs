//! Walking the stored nodes of a possibly partial HAMT and checking their encoding.

use cid::Cid;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::node::Node;
use super::pointer::Pointer;
use super::HamtError;
use crate::blockstore::Blockstore;
use crate::cbor;

/// What [`scan_stored_nodes`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredScan<K, V> {
    /// CIDs of the nodes present in the store, root first, depth-first in slot order.
    pub nodes: Vec<Cid>,
    /// Links to nodes absent from the store (test vectors carry pruned trees).
    pub missing: Vec<Cid>,
    /// The entries of the present nodes, in slot order.
    pub entries: Vec<(K, V)>,
}

/// Visits every node of the HAMT at `root` that is present in `store`, checking that each decodes
/// and encodes back to exactly its stored bytes; absent children are listed, not followed.
///
/// A node that does not re-encode identically is a [`HamtError::Malformed`] error; a missing root
/// is [`HamtError::NotFound`].
pub fn scan_stored_nodes<K, V, BS>(store: &BS, root: &Cid) -> Result<StoredScan<K, V>, HamtError>
where
    K: Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
    BS: Blockstore + ?Sized,
{
    let mut scan = StoredScan {
        nodes: Vec::new(),
        missing: Vec::new(),
        entries: Vec::new(),
    };
    let Some(bytes) = store.get(root)? else {
        return Err(HamtError::NotFound(*root));
    };
    // Each frame: the remaining pointers of a node, reversed so `pop` yields slot order.
    let mut stack = vec![open(root, &bytes, &mut scan)?];
    while let Some(frame) = stack.last_mut() {
        let Some(pointer) = frame.pop() else {
            stack.pop();
            continue;
        };
        match pointer {
            Pointer::Bucket(entries) => scan.entries.extend(entries),
            Pointer::Link { cid, .. } => match store.get(&cid)? {
                Some(bytes) => {
                    let child = open(&cid, &bytes, &mut scan)?;
                    stack.push(child);
                }
                None => scan.missing.push(cid),
            },
            Pointer::Dirty(_) => {
                return Err(HamtError::Malformed(
                    "stored node holds a dirty child".into(),
                ))
            }
        }
    }
    Ok(scan)
}

/// Decodes node `cid`, checks its encoding, records it and returns its pointers reversed.
fn open<K, V>(
    cid: &Cid,
    bytes: &[u8],
    scan: &mut StoredScan<K, V>,
) -> Result<Vec<Pointer<K, V>>, HamtError>
where
    K: Serialize + DeserializeOwned,
    V: Serialize + DeserializeOwned,
{
    let node: Node<K, V> = cbor::from_slice(bytes)?;
    if cbor::to_vec(&node)? != bytes {
        return Err(HamtError::Malformed(format!(
            "node {cid} does not re-encode to its stored bytes"
        )));
    }
    scan.nodes.push(*cid);
    let mut pointers = node.into_pointers();
    pointers.reverse();
    Ok(pointers)
}
