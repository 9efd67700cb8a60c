//! [`IpldOps`] for the default kernel.

use cid::Cid;
use fvmi_ipld::{cbor::BLAKE2B_256, Blockstore};
use fvmi_syscalls::{BlockId, BlockStat, ExecutionError, IpldOps, Result};
use fvmi_types::ErrorNumber;

use super::{Block, DefaultKernel};
use crate::trace::ExecEvent;

impl<B: Blockstore> IpldOps for DefaultKernel<'_, '_, B> {
    fn block_open(&mut self, cid: &Cid) -> Result<(BlockId, BlockStat)> {
        self.charge(self.call_manager.price_list().on_block_open_base())?;
        let data = self
            .call_manager
            .machine()
            .blockstore()
            .get(cid)
            .map_err(|e| ExecutionError::fatal(format!("failed to load {cid}: {e}")))?
            .ok_or_else(|| ExecutionError::fatal(format!("missing state: {cid}")))?;
        let block = Block::new(cid.codec(), data);
        self.charge(
            self.call_manager
                .price_list()
                .on_block_open_per_byte(block.size() as usize),
        )?;
        let stat = block.stat();
        self.call_manager.trace_event(|| ExecEvent::BlockRead {
            cid: cid.to_string(),
            size: stat.size,
        });
        let id = self.blocks.put(block)?;
        Ok((id, stat))
    }

    fn block_create(&mut self, codec: u64, data: &[u8]) -> Result<BlockId> {
        self.charge(self.call_manager.price_list().on_block_create(data.len()))?;
        self.blocks.put(Block::new(codec, data))
    }

    fn block_link(&mut self, id: BlockId, hash_fun: u64, hash_len: u32) -> Result<Cid> {
        if hash_fun != BLAKE2B_256 || hash_len != 32 {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalCid,
                "cids must be 32-byte blake2b",
            ));
        }
        let block = self.blocks.get(id)?.clone();
        self.charge(
            self.call_manager
                .price_list()
                .on_block_link(block.size() as usize),
        )?;
        let cid = fvmi_ipld::cbor::cid_of(block.codec(), block.data());
        self.call_manager
            .machine()
            .blockstore()
            .put_keyed(&cid, block.data())
            .map_err(|e| ExecutionError::fatal(format!("failed to store block: {e}")))?;
        self.call_manager.trace_event(|| ExecEvent::BlockWrite {
            cid: cid.to_string(),
            size: block.size(),
        });
        Ok(cid)
    }

    fn block_read(&mut self, id: BlockId, offset: u32, buf: &mut [u8]) -> Result<i32> {
        let end = i32::try_from(u64::from(offset) + buf.len() as u64).map_err(|_| {
            ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "offset plus buffer length does not fit in an i32",
            )
        })?;
        let data = self.blocks.get(id)?.clone();
        let data = data.data();
        let start = offset as usize;
        let to_read = data.len().saturating_sub(start).min(buf.len());
        self.charge(self.call_manager.price_list().on_block_read(to_read))?;
        if to_read != 0 {
            buf[..to_read].copy_from_slice(&data[start..start + to_read]);
        }
        Ok(data.len() as i32 - end)
    }

    fn block_stat(&mut self, id: BlockId) -> Result<BlockStat> {
        self.charge(self.call_manager.price_list().on_block_stat())?;
        self.blocks.stat(id)
    }
}
