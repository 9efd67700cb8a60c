//! `network`: chain-wide parameters.

use crate::abi::AbiTokenAmount;
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
