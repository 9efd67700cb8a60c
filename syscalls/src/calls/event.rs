//! `event`: actor events (ABI v3, network version 18 on).

use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

/// `event::emit_event`: the kernel validates, charges and records the CBOR event.
pub(crate) fn emit_event<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    event_off: u32,
    event_len: u32,
) -> Result<()> {
    let event = ctx.memory.slice(event_off, event_len)?.to_vec();
    ctx.kernel.emit_event(&event)
}
