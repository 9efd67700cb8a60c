//! The block registry of one invocation: blocks the actor opened, created or received, addressed
//! by small integer handles (the first is 1; 0 means "no block").

use std::rc::Rc;

use fvmi_syscalls::{BlockId, BlockStat, ExecutionError};
use fvmi_types::{ErrorNumber, DAG_CBOR};

/// The handle meaning "no block" (empty parameters or return value).
pub const NO_DATA_BLOCK_ID: BlockId = 0;
const FIRST_ID: BlockId = 1;
/// The most blocks one invocation may hold.
const MAX_BLOCKS: usize = i32::MAX as usize;

/// An immutable block of IPLD data with its codec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    codec: u64,
    data: Rc<[u8]>,
}

impl Block {
    /// A block of `data` encoded with `codec`.
    pub fn new(codec: u64, data: impl Into<Rc<[u8]>>) -> Self {
        Self {
            codec,
            data: data.into(),
        }
    }

    /// The codec.
    pub fn codec(&self) -> u64 {
        self.codec
    }

    /// The bytes.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The length in bytes.
    pub fn size(&self) -> u32 {
        self.data.len() as u32
    }

    /// Codec and size.
    pub fn stat(&self) -> BlockStat {
        BlockStat {
            codec: self.codec,
            size: self.size(),
        }
    }
}

/// The codecs a registry accepts before network version 18: DAG-CBOR only.
pub const CODECS_V2: &[u64] = &[DAG_CBOR];
/// The codecs a registry accepts from network version 18: CBOR, DAG-CBOR and raw.
pub const CODECS_V3: &[u64] = &[0x51, DAG_CBOR, 0x55];

/// The blocks of one invocation.
#[derive(Debug)]
pub struct BlockRegistry {
    blocks: Vec<Block>,
    codecs: &'static [u64],
}

impl Default for BlockRegistry {
    fn default() -> Self {
        Self {
            blocks: Vec::new(),
            codecs: CODECS_V2,
        }
    }
}

impl BlockRegistry {
    /// An empty registry accepting DAG-CBOR blocks only (before network version 18).
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty registry accepting `codecs`.
    pub fn with_codecs(codecs: &'static [u64]) -> Self {
        Self {
            blocks: Vec::new(),
            codecs,
        }
    }

    /// Whether no more blocks fit.
    pub fn is_full(&self) -> bool {
        self.blocks.len() >= MAX_BLOCKS
    }

    /// Adds a block: `LimitExceeded` when full, `IllegalCodec` unless its codec is accepted.
    pub fn put(&mut self, block: Block) -> Result<BlockId, ExecutionError> {
        if self.is_full() {
            return Err(ExecutionError::syscall(
                ErrorNumber::LimitExceeded,
                "too many blocks",
            ));
        }
        if !self.codecs.contains(&block.codec) {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalCodec,
                format!("codec {:#x} is not allowed", block.codec),
            ));
        }
        self.blocks.push(block);
        Ok(FIRST_ID + (self.blocks.len() - 1) as BlockId)
    }

    /// The block with handle `id`: `InvalidHandle` when there is none.
    pub fn get(&self, id: BlockId) -> Result<&Block, ExecutionError> {
        id.checked_sub(FIRST_ID)
            .and_then(|index| self.blocks.get(index as usize))
            .ok_or_else(|| {
                ExecutionError::syscall(
                    ErrorNumber::InvalidHandle,
                    format!("block handle {id} does not exist"),
                )
            })
    }

    /// The stat of block `id`.
    pub fn stat(&self, id: BlockId) -> Result<BlockStat, ExecutionError> {
        self.get(id).map(Block::stat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn number(e: ExecutionError) -> u32 {
        match e {
            ExecutionError::Syscall(e) => e.number as u32,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn ids_codecs_and_handles() {
        let mut reg = BlockRegistry::new();
        assert_eq!(reg.put(Block::new(DAG_CBOR, vec![1u8])).unwrap(), 1);
        assert_eq!(reg.put(Block::new(DAG_CBOR, vec![2u8, 3])).unwrap(), 2);
        assert_eq!(
            number(reg.put(Block::new(0x55, vec![])).unwrap_err()),
            ErrorNumber::IllegalCodec as u32
        );
        assert_eq!(
            reg.stat(2).unwrap(),
            BlockStat {
                codec: DAG_CBOR,
                size: 2
            }
        );
        assert_eq!(
            number(reg.get(0).unwrap_err()),
            ErrorNumber::InvalidHandle as u32
        );
        assert_eq!(
            number(reg.get(3).unwrap_err()),
            ErrorNumber::InvalidHandle as u32
        );
    }

    proptest! {
        #[test]
        fn registry_matches_vec_model(sizes in proptest::collection::vec(0usize..8, 0..20), probe: u32) {
            let mut reg = BlockRegistry::new();
            let mut model = Vec::new();
            for size in sizes {
                let id = reg.put(Block::new(DAG_CBOR, vec![0u8; size])).unwrap();
                model.push(size);
                prop_assert_eq!(id as usize, model.len());
            }
            let expected = (probe as usize).checked_sub(1).and_then(|i| model.get(i)).copied();
            prop_assert_eq!(reg.get(probe).ok().map(|b| b.data().len()), expected);
        }
    }
}
