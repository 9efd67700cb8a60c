//! An in-memory blockstore.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use cid::Cid;

use super::{Blockstore, BlockstoreError};

/// Blocks kept in memory, ordered by CID so that iteration is deterministic.
///
/// It is `Send` (not `Sync`): move it to a thread, don't share it between threads.
#[derive(Debug, Default, Clone)]
pub struct MemoryBlockstore {
    blocks: RefCell<BTreeMap<Cid, Arc<[u8]>>>,
}

impl MemoryBlockstore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of blocks held.
    pub fn len(&self) -> usize {
        self.blocks.borrow().len()
    }

    /// Whether no block is held.
    pub fn is_empty(&self) -> bool {
        self.blocks.borrow().is_empty()
    }

    /// A copy of every block, in CID order.
    pub fn blocks(&self) -> Vec<(Cid, Vec<u8>)> {
        self.blocks
            .borrow()
            .iter()
            .map(|(cid, bytes)| (*cid, bytes.to_vec()))
            .collect()
    }

    /// Every block, in CID order, sharing the bytes (no copy).
    pub fn shared_blocks(&self) -> Vec<(Cid, Arc<[u8]>)> {
        self.blocks
            .borrow()
            .iter()
            .map(|(cid, bytes)| (*cid, Arc::clone(bytes)))
            .collect()
    }

    /// The CIDs of every block, in CID order.
    pub fn cids(&self) -> Vec<Cid> {
        self.blocks.borrow().keys().copied().collect()
    }
}

impl Blockstore for MemoryBlockstore {
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        Ok(self.blocks.borrow().get(cid).map(|bytes| bytes.to_vec()))
    }

    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
        self.blocks.borrow_mut().insert(*cid, Arc::from(bytes));
        Ok(())
    }

    fn put_shared(&self, cid: &Cid, bytes: &Arc<[u8]>) -> Result<(), BlockstoreError> {
        self.blocks.borrow_mut().insert(*cid, Arc::clone(bytes));
        Ok(())
    }

    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        Ok(self.blocks.borrow().contains_key(cid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::RAW;

    fn assert_send<T: Send>() {}

    #[test]
    fn is_send() {
        assert_send::<MemoryBlockstore>();
    }

    #[test]
    fn iteration_is_ordered_and_put_overwrites() {
        let store = MemoryBlockstore::new();
        let a = store.put(RAW, b"a").unwrap();
        let b = store.put(RAW, b"b").unwrap();
        store.put_keyed(&a, b"a").unwrap();
        assert_eq!(store.len(), 2);
        let mut expected = vec![a, b];
        expected.sort();
        assert_eq!(store.cids(), expected);
        assert_eq!(store.get(&a).unwrap().as_deref(), Some(&b"a"[..]));
    }
}
