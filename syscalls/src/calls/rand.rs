//! `rand`: chain and beacon randomness.

use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

pub(crate) fn get_chain_randomness<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    pers: i64,
    round: i64,
    entropy_off: u32,
    entropy_len: u32,
) -> Result<[u8; 32]> {
    let entropy = ctx.memory.slice(entropy_off, entropy_len)?;
    ctx.kernel.get_randomness_from_tickets(pers, round, entropy)
}

pub(crate) fn get_beacon_randomness<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    pers: i64,
    round: i64,
    entropy_off: u32,
    entropy_len: u32,
) -> Result<[u8; 32]> {
    let entropy = ctx.memory.slice(entropy_off, entropy_len)?;
    ctx.kernel.get_randomness_from_beacon(pers, round, entropy)
}
