//! `gas`: explicit charges by actors.

use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

/// Milligas per gas unit.
const MILLIGAS_PER_GAS: i64 = 1000;

pub(crate) fn charge<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    name_off: u32,
    name_len: u32,
    amount: i64,
) -> Result<()> {
    let name = ctx.memory.read_str(name_off, name_len)?;
    ctx.kernel
        .charge_milligas(name, amount.saturating_mul(MILLIGAS_PER_GAS))
}

/// `gas::charge` of ABI v3: the amount is unsigned whole gas (saturating to milligas).
pub(crate) fn charge_unsigned<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    name_off: u32,
    name_len: u32,
    amount: u64,
) -> Result<()> {
    let name = ctx.memory.read_str(name_off, name_len)?;
    let milligas = i64::try_from(amount)
        .unwrap_or(i64::MAX)
        .saturating_mul(MILLIGAS_PER_GAS);
    ctx.kernel.charge_milligas(name, milligas)
}

/// `gas::available` (ABI v3): the gas left in the current frame, rounded down.
pub(crate) fn available<K: Kernel>(ctx: &mut SyscallContext<'_, K>) -> Result<u64> {
    let milligas = ctx.kernel.gas_available_milligas().max(0);
    Ok((milligas / MILLIGAS_PER_GAS) as u64)
}
