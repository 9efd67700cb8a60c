//! `self`: the executing actor's state root, balance and deletion.

use crate::abi::AbiTokenAmount;
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

pub(crate) fn root<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(obuf_off, obuf_len)?;
    let root = ctx.kernel.root()?;
    Ok(ctx.memory.write_cid(&root, obuf_off, obuf_len)?)
}

pub(crate) fn set_root<K: Kernel>(ctx: &mut SyscallContext<'_, K>, cid_off: u32) -> Result<()> {
    let cid = ctx.memory.read_cid(cid_off)?;
    ctx.kernel.set_root(cid)
}

pub(crate) fn current_balance<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
) -> Result<AbiTokenAmount> {
    Ok(AbiTokenAmount(ctx.kernel.current_balance()?))
}

pub(crate) fn self_destruct<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    addr_off: u32,
    addr_len: u32,
) -> Result<()> {
    let beneficiary = ctx.read_address(addr_off, addr_len)?;
    ctx.kernel.self_destruct(&beneficiary)
}
