//! A small memory blockstore built from fuzz input.
//!
//! Input layout: `[parameter, root index, (length: u16 little-endian, bytes)*]`. Each block is
//! stored under its DAG-CBOR BLAKE2b-256 CID, last block first, so that a block can link to the
//! blocks after it: the four bytes `d8 2a 41 k` (tag 42 around a one-byte byte string) are
//! replaced by a real CID link to block `i + 1 + k` (modulo the count) when one exists. Blocks
//! written by fvmi's own data structures need no such markers (their links are real CIDs already;
//! see `src/bin/seed.rs`).

use cid::Cid;
use fvmi_ipld::{Blockstore, MemoryBlockstore};
use fvmi_types::DAG_CBOR;

/// The parsed input.
#[derive(Debug, Default)]
pub struct BlockSet {
    /// A free parameter for the target (a bit width, a key...).
    pub parameter: u8,
    /// Index of the root block (modulo the number of blocks).
    pub root: u8,
    /// The blocks as given.
    pub blocks: Vec<Vec<u8>>,
}

impl BlockSet {
    /// Parses `data` (never fails: a truncated last block keeps the bytes there are).
    pub fn parse(data: &[u8]) -> Self {
        let mut set = BlockSet::default();
        let [parameter, root, rest @ ..] = data else {
            return set;
        };
        set.parameter = *parameter;
        set.root = *root;
        let mut rest = rest;
        while let [lo, hi, tail @ ..] = rest {
            let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(tail.len());
            set.blocks.push(tail[..len].to_vec());
            rest = &tail[len..];
        }
        set
    }

    /// Encodes blocks in the layout [`BlockSet::parse`] reads (for seeds).
    pub fn encode(parameter: u8, root: u8, blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![parameter, root];
        for block in blocks {
            let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&block[..usize::from(len)]);
        }
        out
    }

    /// Stores the blocks (links resolved) in a new store; returns it and the root CID.
    pub fn store(&self) -> (MemoryBlockstore, Option<Cid>) {
        let store = MemoryBlockstore::new();
        let n = self.blocks.len();
        let mut cids: Vec<Option<Cid>> = vec![None; n];
        for i in (0..n).rev() {
            let bytes = resolve_links(&self.blocks[i], |k| cids[(i + 1 + usize::from(k)) % n]);
            cids[i] = store.put(DAG_CBOR, &bytes).ok();
        }
        let root = match n {
            0 => None,
            n => cids[usize::from(self.root) % n],
        };
        (store, root)
    }
}

/// Replaces each `d8 2a 41 k` by a tag-42 link to `link(k)` when that block is stored.
fn resolve_links(block: &[u8], link: impl Fn(u8) -> Option<Cid>) -> Vec<u8> {
    let mut out = Vec::with_capacity(block.len());
    let mut i = 0;
    while i < block.len() {
        if let [0xd8, 0x2a, 0x41, k, ..] = block[i..] {
            if let Some(cid) = link(k) {
                let bytes = cid.to_bytes();
                out.extend_from_slice(&[0xd8, 0x2a, 0x58, (bytes.len() + 1) as u8, 0x00]);
                out.extend_from_slice(&bytes);
                i += 4;
                continue;
            }
        }
        out.push(block[i]);
        i += 1;
    }
    out
}
