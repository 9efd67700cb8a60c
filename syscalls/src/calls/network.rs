//! `network`: chain-wide parameters.

use crate::abi::{AbiTokenAmount, NetworkContextOut};
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

pub(crate) fn base_fee<K: Kernel>(ctx: &mut SyscallContext<'_, K>) -> Result<AbiTokenAmount> {
    Ok(AbiTokenAmount(ctx.kernel.network_base_fee()?))
}

pub(crate) fn total_fil_circ_supply<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
) -> Result<AbiTokenAmount> {
    Ok(AbiTokenAmount(ctx.kernel.total_fil_circ_supply()?))
}

/// `network::context` (ABI v3).
pub(crate) fn context<K: Kernel>(ctx: &mut SyscallContext<'_, K>) -> Result<NetworkContextOut> {
    Ok(NetworkContextOut(ctx.kernel.network_context()?))
}

/// `network::tipset_cid` (ABI v3): the buffer is checked first, then the kernel checks the epoch.
pub(crate) fn tipset_cid<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    epoch: i64,
    obuf_off: u32,
    obuf_len: u32,
) -> Result<u32> {
    ctx.memory.check_bounds(obuf_off, obuf_len)?;
    let cid = ctx.kernel.tipset_cid(epoch)?;
    Ok(ctx.memory.write_cid(&cid, obuf_off, obuf_len)?)
}
