//! `ipld`: the block registry.

use crate::abi::{IpldOpen, IpldStat};
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

pub(crate) fn block_open<K: Kernel>(ctx: &mut SyscallContext<'_, K>, cid: u32) -> Result<IpldOpen> {
    let cid = ctx.memory.read_cid(cid)?;
    let (id, stat) = ctx.kernel.block_open(&cid)?;
    Ok(IpldOpen {
        codec: stat.codec,
        id,
        size: stat.size,
    })
}

pub(crate) fn block_create<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    codec: u64,
    data_off: u32,
    data_len: u32,
) -> Result<u32> {
    let data = ctx.memory.slice(data_off, data_len)?;
    ctx.kernel.block_create(codec, data)
}

pub(crate) fn block_read<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    id: u32,
    offset: u32,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<i32> {
    let buf = ctx.memory.slice_mut(obuf_off, obuf_len)?;
    ctx.kernel.block_read(id, offset, buf)
}

pub(crate) fn block_stat<K: Kernel>(ctx: &mut SyscallContext<'_, K>, id: u32) -> Result<IpldStat> {
    let stat = ctx.kernel.block_stat(id)?;
    Ok(IpldStat {
        codec: stat.codec,
        size: stat.size,
    })
}

pub(crate) fn block_link<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    id: u32,
    hash_fun: u64,
    hash_len: u32,
    cid_off: u32,
    cid_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(cid_off, cid_len)?;
    let cid = ctx.kernel.block_link(id, hash_fun, hash_len)?;
    Ok(ctx.memory.write_cid(&cid, cid_off, cid_len)?)
}
