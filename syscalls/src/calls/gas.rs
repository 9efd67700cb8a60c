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
