//! A blockstore wrapper that counts reads and writes, for tracing and tests.

use std::cell::Cell;

use cid::Cid;

use super::{Blockstore, BlockstoreError};

/// Operation counts seen by a [`TrackingBlockstore`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BlockstoreStats {
    /// Calls to `get` (including misses).
    pub reads: u64,
    /// Bytes returned by `get`.
    pub bytes_read: u64,
    /// Calls to `put_keyed` (directly or through `put`).
    pub writes: u64,
    /// Bytes passed to `put_keyed`.
    pub bytes_written: u64,
}

/// Forwards to an inner store and counts what passes through.
#[derive(Debug, Default)]
pub struct TrackingBlockstore<BS> {
    inner: BS,
    stats: Cell<BlockstoreStats>,
}

impl<BS> TrackingBlockstore<BS> {
    /// Wraps `inner` with zeroed counters.
    pub fn new(inner: BS) -> Self {
        Self {
            inner,
            stats: Cell::new(BlockstoreStats::default()),
        }
    }

    /// The counts so far.
    pub fn stats(&self) -> BlockstoreStats {
        self.stats.get()
    }

    /// Zeroes the counters.
    pub fn reset(&self) {
        self.stats.set(BlockstoreStats::default());
    }

    /// The wrapped store.
    pub fn inner(&self) -> &BS {
        &self.inner
    }
}

impl<BS: Blockstore> Blockstore for TrackingBlockstore<BS> {
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        let out = self.inner.get(cid)?;
        let mut stats = self.stats.get();
        stats.reads += 1;
        stats.bytes_read += out.as_ref().map_or(0, |b| b.len() as u64);
        self.stats.set(stats);
        Ok(out)
    }

    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
        self.inner.put_keyed(cid, bytes)?;
        let mut stats = self.stats.get();
        stats.writes += 1;
        stats.bytes_written += bytes.len() as u64;
        self.stats.set(stats);
        Ok(())
    }

    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        self.inner.has(cid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blockstore::MemoryBlockstore;
    use crate::cbor::RAW;

    #[test]
    fn counts_reads_and_writes() {
        let store = TrackingBlockstore::new(MemoryBlockstore::new());
        let cid = store.put(RAW, b"abc").unwrap();
        store.get(&cid).unwrap();
        store.get(&crate::cbor::cid_of(RAW, b"zz")).unwrap();
        let stats = store.stats();
        assert_eq!(
            stats,
            BlockstoreStats {
                reads: 2,
                bytes_read: 3,
                writes: 1,
                bytes_written: 3
            }
        );
        store.reset();
        assert_eq!(store.stats(), BlockstoreStats::default());
    }
}
