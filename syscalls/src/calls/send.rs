//! `send`: calling another actor.

use crate::abi::SendOut;
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::{Kernel, SendOutcome};

#[allow(clippy::too_many_arguments)]
pub(crate) fn send<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    recipient_off: u32,
    recipient_len: u32,
    method: u64,
    params_id: u32,
    value_hi: u64,
    value_lo: u64,
) -> Result<SendOut> {
    let recipient = ctx.memory.read_address(recipient_off, recipient_len)?;
    let value = (u128::from(value_hi) << 64) | u128::from(value_lo);
    Ok(
        match ctx.kernel.send(&recipient, method, params_id, value)? {
            SendOutcome::Return(id, stat) => SendOut {
                exit_code: 0,
                return_id: id,
                return_codec: stat.codec,
                return_size: stat.size,
            },
            SendOutcome::Abort(code) => SendOut {
                exit_code: code,
                return_id: 0,
                return_codec: 0,
                return_size: 0,
            },
        },
    )
}
