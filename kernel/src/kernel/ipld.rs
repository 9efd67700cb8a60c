//! [`IpldOps`] for the default kernel.

use cid::Cid;
use fvmi_ipld::{cbor::BLAKE2B_256, Blockstore};
use fvmi_syscalls::{BlockId, BlockStat, ExecutionError, IpldOps, Result};
use fvmi_types::ErrorNumber;

use super::{Block, DefaultKernel};
use crate::trace::ExecEvent;

/// The largest block an actor may create (network version 18 on).
const MAX_BLOCK_SIZE: usize = 1 << 20;

impl<B: Blockstore> IpldOps for DefaultKernel<'_, '_, B> {
    fn block_open(&mut self, cid: &Cid) -> Result<(BlockId, BlockStat)> {
        let base = match self.v3() {
            true => self.hygge()?.on_block_open_base(),
            false => self.call_manager.price_list().on_block_open_base(),
        };
        self.charge(base)?;
        let data = self
            .call_manager
            .machine()
            .blockstore()
            .get(cid)
            .map_err(|e| ExecutionError::fatal(format!("failed to load {cid}: {e}")))?
            .ok_or_else(|| ExecutionError::fatal(format!("missing state: {cid}")))?;
        let block = Block::new(cid.codec(), data);
        let size = block.size() as usize;
        let per_byte = match self.v3() {
            true => self.hygge()?.on_block_open_per_byte(size),
            false => self.call_manager.price_list().on_block_open_per_byte(size),
        };
        self.charge(per_byte)?;
        let stat = block.stat();
        self.call_manager.trace_event(|| ExecEvent::BlockRead {
            cid: cid.to_string(),
            size: stat.size,
        });
        let id = self.blocks.put(block)?;
        Ok((id, stat))
    }

    fn block_create(&mut self, codec: u64, data: &[u8]) -> Result<BlockId> {
        let charge = if self.v3() {
            if data.len() > MAX_BLOCK_SIZE {
                return Err(ExecutionError::syscall(
                    ErrorNumber::LimitExceeded,
                    "blocks may not be larger than 1MiB",
                ));
            }
            self.hygge()?.on_block_create(data.len())
        } else {
            self.call_manager.price_list().on_block_create(data.len())
        };
        self.charge(charge)?;
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
        let size = block.size() as usize;
        let charge = match self.v3() {
            true => self.hygge()?.on_block_link(size),
            false => self.call_manager.price_list().on_block_link(size),
        };
        self.charge(charge)?;
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
        let charge = match self.v3() {
            true => self.hygge()?.on_block_read(to_read),
            false => self.call_manager.price_list().on_block_read(to_read),
        };
        self.charge(charge)?;
        if to_read != 0 {
            buf[..to_read].copy_from_slice(&data[start..start + to_read]);
        }
        Ok(data.len() as i32 - end)
    }

    fn block_stat(&mut self, id: BlockId) -> Result<BlockStat> {
        let charge = match self.v3() {
            true => self.hygge()?.on_block_stat(),
            false => self.call_manager.price_list().on_block_stat(),
        };
        self.charge(charge)?;
        self.blocks.stat(id)
    }
}
