//! A write buffer in front of another blockstore, written through only for what a root reaches.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use cid::Cid;

use super::links::scan_links;
use super::{Blockstore, BlockstoreError};
use crate::cbor::{BLAKE2B_256, DAG_CBOR, DIGEST_LEN_256, IDENTITY, RAW};

/// Multicodec of an unsealed sector commitment (CommD).
const FIL_COMMITMENT_UNSEALED: u64 = 0xf101;
/// Multicodec of a sealed sector commitment (CommR).
const FIL_COMMITMENT_SEALED: u64 = 0xf102;
/// Multicodec of plain CBOR (no links): a leaf for the write-back of ABI v3.
const CBOR: u64 = 0x51;

/// Holds every write in memory until [`flush`](Self::flush) copies the blocks reachable from a
/// root into the base store and forgets the rest. Reads see buffered blocks first.
#[derive(Debug)]
pub struct BufferedBlockstore<BS> {
    base: BS,
    writes: RefCell<BTreeMap<Cid, Vec<u8>>>,
    /// Whether the write-back accepts the CBOR codec (network version 18 on).
    cbor_codec: bool,
}

/// What the write-back does with a CID, decided by its codec and multihash alone.
enum LinkKind {
    /// A BLAKE2b-256 block: copy it (and, for DAG-CBOR, what it links to) if buffered.
    Copy,
    /// Nothing to copy: inline data (raw identity) or a sector commitment.
    Skip,
    /// A DAG-CBOR block inlined in an identity CID: follow the links inside it.
    Inline,
}

/// `cbor_codec`: CBOR (`0x51`) is accepted like raw (ABI v3's write-back; before, it is an
/// error).
fn classify(cid: &Cid, cbor_codec: bool) -> Result<LinkKind, BlockstoreError> {
    let hash = cid.hash();
    match (cid.codec(), hash.code(), hash.size()) {
        (RAW | DAG_CBOR, BLAKE2B_256, len) if usize::from(len) == DIGEST_LEN_256 => {
            Ok(LinkKind::Copy)
        }
        (CBOR, BLAKE2B_256, len) if cbor_codec && usize::from(len) == DIGEST_LEN_256 => {
            Ok(LinkKind::Copy)
        }
        (RAW, IDENTITY, _) => Ok(LinkKind::Skip),
        (CBOR, IDENTITY, _) if cbor_codec => Ok(LinkKind::Skip),
        (DAG_CBOR, IDENTITY, _) => Ok(LinkKind::Inline),
        (FIL_COMMITMENT_UNSEALED | FIL_COMMITMENT_SEALED, _, _) => Ok(LinkKind::Skip),
        _ => Err(BlockstoreError::UnsupportedCid(*cid)),
    }
}

/// One block on the explicit depth-first stack: its links and how many were visited.
struct Frame {
    cid: Option<Cid>,
    links: Vec<Cid>,
    next: usize,
}

impl<BS: Blockstore> BufferedBlockstore<BS> {
    /// Buffers writes in front of `base` (the write-back of network versions 15 to 17).
    pub fn new(base: BS) -> Self {
        Self {
            base,
            writes: RefCell::new(BTreeMap::new()),
            cbor_codec: false,
        }
    }

    /// Like [`BufferedBlockstore::new`], with the write-back of network version 18 on (the
    /// reference's v3 line): the CBOR codec (`0x51`) is also accepted, with a BLAKE2b-256 hash
    /// (copied if buffered, never scanned for links) or inline (identity hash).
    pub fn new_v3(base: BS) -> Self {
        Self {
            cbor_codec: true,
            ..Self::new(base)
        }
    }

    /// The base store.
    pub fn base(&self) -> &BS {
        &self.base
    }

    /// Drops the buffer and returns the base store.
    pub fn into_inner(self) -> BS {
        self.base
    }

    /// The number of blocks waiting in the buffer.
    pub fn buffered_len(&self) -> usize {
        self.writes.borrow().len()
    }

    /// Copies into the base store every buffered block reachable from `root`, children before
    /// parents, then empties the buffer (unreachable blocks are dropped).
    ///
    /// As in the reference VM: a link absent from the buffer is assumed to be in the base store
    /// already; raw identity CIDs and sector commitments are leaves; DAG-CBOR identity CIDs are
    /// scanned for links; any other codec or hash, or a DAG-CBOR block that cannot be scanned, is
    /// an error and nothing is written.
    pub fn flush(&self, root: &Cid) -> Result<(), BlockstoreError> {
        let order = self.reachable_buffered(root)?;
        let mut writes = self.writes.borrow_mut();
        for cid in &order {
            if let Some(bytes) = writes.get(cid) {
                self.base.put_keyed(cid, bytes)?;
            }
        }
        writes.clear();
        Ok(())
    }

    /// Buffered blocks reachable from `root` in write order (post-order, links in block order).
    fn reachable_buffered(&self, root: &Cid) -> Result<Vec<Cid>, BlockstoreError> {
        let writes = self.writes.borrow();
        let mut order = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack = vec![Frame {
            cid: None,
            links: vec![*root],
            next: 0,
        }];
        while let Some(frame) = stack.last_mut() {
            let Some(cid) = frame.links.get(frame.next).copied() else {
                if let Some(done) = frame.cid {
                    order.push(done);
                }
                stack.pop();
                continue;
            };
            frame.next += 1;
            let frame = match classify(&cid, self.cbor_codec)? {
                LinkKind::Skip => continue,
                LinkKind::Inline => Frame {
                    cid: None,
                    links: scan_links(cid.hash().digest())?,
                    next: 0,
                },
                LinkKind::Copy => {
                    if !seen.insert(cid) {
                        continue;
                    }
                    let Some(bytes) = writes.get(&cid) else {
                        continue;
                    };
                    let links = if cid.codec() == DAG_CBOR {
                        scan_links(bytes)?
                    } else {
                        Vec::new()
                    };
                    Frame {
                        cid: Some(cid),
                        links,
                        next: 0,
                    }
                }
            };
            stack.push(frame);
        }
        Ok(order)
    }
}

impl<BS: Blockstore> Blockstore for BufferedBlockstore<BS> {
    fn get(&self, cid: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
        if let Some(bytes) = self.writes.borrow().get(cid) {
            return Ok(Some(bytes.clone()));
        }
        self.base.get(cid)
    }

    fn put_keyed(&self, cid: &Cid, bytes: &[u8]) -> Result<(), BlockstoreError> {
        self.writes.borrow_mut().insert(*cid, bytes.to_vec());
        Ok(())
    }

    fn has(&self, cid: &Cid) -> Result<bool, BlockstoreError> {
        if self.writes.borrow().contains_key(cid) {
            return Ok(true);
        }
        self.base.has(cid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blockstore::{CborStore, MemoryBlockstore};
    use crate::cbor::identity_cid;
    use multihash::Multihash;

    #[test]
    fn flush_copies_only_reachable_blocks() {
        let mem = MemoryBlockstore::new();
        let buf = BufferedBlockstore::new(&mem);
        let leaf = buf.put_cbor(&("leaf", 1u8)).unwrap();
        let raw = buf.put(RAW, b"raw bytes").unwrap();
        let inline = identity_cid(RAW, &[0]).unwrap();
        let sealed = Cid::new_v1(
            FIL_COMMITMENT_SEALED,
            Multihash::wrap(0xb401, &[7u8; 32]).unwrap(),
        );
        let mid = buf.put_cbor(&(leaf, raw, inline, sealed)).unwrap();
        let root = buf.put_cbor(&(mid, leaf, 1u8)).unwrap();
        let orphan = buf.put_cbor(&27u8).unwrap();
        assert!(mem.is_empty());
        assert_eq!(buf.get_cbor::<u8>(&orphan).unwrap(), Some(27));

        buf.flush(&root).unwrap();
        assert_eq!(mem.cids().len(), 4);
        for cid in [leaf, raw, mid, root] {
            assert!(mem.has(&cid).unwrap());
        }
        assert!(!mem.has(&orphan).unwrap());
        assert_eq!(buf.buffered_len(), 0);
        assert_eq!(buf.get(&orphan).unwrap(), None);
    }

    #[test]
    fn children_are_written_before_parents() {
        let order = RefCell::new(Vec::new());
        struct Recorder<'a>(&'a RefCell<Vec<Cid>>);
        impl Blockstore for Recorder<'_> {
            fn get(&self, _: &Cid) -> Result<Option<Vec<u8>>, BlockstoreError> {
                Ok(None)
            }
            fn put_keyed(&self, cid: &Cid, _: &[u8]) -> Result<(), BlockstoreError> {
                self.0.borrow_mut().push(*cid);
                Ok(())
            }
        }
        let buf = BufferedBlockstore::new(Recorder(&order));
        let a = buf.put_cbor(&"a").unwrap();
        let b = buf.put_cbor(&(a, "b")).unwrap();
        let c = buf.put_cbor(&"c").unwrap();
        let root = buf.put_cbor(&(b, c, a)).unwrap();
        buf.flush(&root).unwrap();
        assert_eq!(*order.borrow(), vec![a, b, c, root]);
    }

    #[test]
    fn follows_links_inside_identity_cbor_cids() {
        let mem = MemoryBlockstore::new();
        let buf = BufferedBlockstore::new(&mem);
        let leaf = buf.put(RAW, b"x").unwrap();
        let inline_bytes = crate::cbor::to_vec(&(leaf,)).unwrap();
        let inline = identity_cid(DAG_CBOR, &inline_bytes).unwrap();
        let root = buf.put_cbor(&(inline,)).unwrap();
        buf.flush(&root).unwrap();
        assert!(mem.has(&leaf).unwrap());
        assert!(mem.has(&root).unwrap());
    }

    #[test]
    fn unsupported_links_fail_even_if_not_buffered() {
        let mem = MemoryBlockstore::new();
        let buf = BufferedBlockstore::new(&mem);
        let sha = Cid::new_v1(DAG_CBOR, Multihash::wrap(0x12, &[1u8; 32]).unwrap());
        let root = buf.put_cbor(&(sha,)).unwrap();
        assert!(matches!(
            buf.flush(&root),
            Err(BlockstoreError::UnsupportedCid(_))
        ));
        assert!(mem.is_empty());
    }

    #[test]
    fn the_cbor_codec_is_a_leaf_from_v3_only() {
        let inline = identity_cid(CBOR, &[0x80]).unwrap();
        let bytes = crate::cbor::to_vec(&(1u8,)).unwrap();
        let hashed = crate::cbor::cid_of(CBOR, &bytes);
        for v3 in [false, true] {
            let mem = MemoryBlockstore::new();
            let buf = if v3 {
                BufferedBlockstore::new_v3(&mem)
            } else {
                BufferedBlockstore::new(&mem)
            };
            buf.put_keyed(&hashed, &bytes).unwrap();
            let root = buf.put_cbor(&(inline, hashed)).unwrap();
            let flushed = buf.flush(&root);
            if v3 {
                flushed.unwrap();
                assert!(mem.has(&hashed).unwrap() && mem.has(&root).unwrap());
            } else {
                assert!(matches!(flushed, Err(BlockstoreError::UnsupportedCid(_))));
                assert!(mem.is_empty());
            }
        }
    }

    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let mem = MemoryBlockstore::new();
        let buf = BufferedBlockstore::new(&mem);
        let mut cid = buf.put_cbor(&0u64).unwrap();
        for i in 1..100_000u64 {
            cid = buf.put_cbor(&(cid, i)).unwrap();
        }
        buf.flush(&cid).unwrap();
        assert_eq!(mem.len(), 100_000);
    }
}
