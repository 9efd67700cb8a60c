//! `debug`: logging for actor developers (a no-op unless debugging is enabled).

use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

pub(crate) fn log<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    msg_off: u32,
    msg_len: u32,
) -> Result<()> {
    if !ctx.kernel.debug_enabled() {
        return Ok(());
    }
    let message = ctx.memory.read_str(msg_off, msg_len)?.to_owned();
    ctx.kernel.log(message);
    Ok(())
}

pub(crate) fn enabled<K: Kernel>(ctx: &mut SyscallContext<'_, K>) -> Result<i32> {
    Ok(if ctx.kernel.debug_enabled() { 0 } else { -1 })
}

pub(crate) fn store_artifact<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    name_off: u32,
    name_len: u32,
    data_off: u32,
    data_len: u32,
) -> Result<()> {
    if !ctx.kernel.debug_enabled() {
        return Ok(());
    }
    let data = ctx.memory.slice(data_off, data_len)?;
    let name = ctx.memory.read_str(name_off, name_len)?;
    ctx.kernel.store_artifact(name, data)
}
