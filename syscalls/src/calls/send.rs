//! `send`: calling another actor.

use crate::abi::SendOut;
use crate::bind::SyscallContext;
use fvmi_types::ErrorNumber;

use crate::error::{ExecutionError, Result};
use crate::kernel::{BlockStat, Kernel, SendOutcome};

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
    let recipient = ctx.read_address(recipient_off, recipient_len)?;
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

/// The only send flag of ABI v3: the callee (and everything it calls) may not change state.
const SEND_FLAG_READ_ONLY: u64 = 1;

/// `send::send` of ABI v3: adds a gas limit (`u64::MAX` for none) and flags; a failing callee
/// is a successful send with a non-zero exit code (and maybe a return block).
#[allow(clippy::too_many_arguments)]
pub(crate) fn send_with_limit<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    recipient_off: u32,
    recipient_len: u32,
    method: u64,
    params_id: u32,
    value_hi: u64,
    value_lo: u64,
    gas_limit: u64,
    flags: u64,
) -> Result<SendOut> {
    let recipient = ctx.read_address(recipient_off, recipient_len)?;
    let value = (u128::from(value_hi) << 64) | u128::from(value_lo);
    let gas_limit = (gas_limit != u64::MAX).then_some(gas_limit);
    if flags & !SEND_FLAG_READ_ONLY != 0 {
        return Err(ExecutionError::syscall(
            ErrorNumber::IllegalArgument,
            format!("unknown send flags {flags:#x}"),
        ));
    }
    let read_only = flags & SEND_FLAG_READ_ONLY != 0;
    let result = ctx
        .kernel
        .send_with_limit(&recipient, method, params_id, value, gas_limit, read_only)?;
    let (return_id, stat) = result.block.unwrap_or((0, BlockStat { codec: 0, size: 0 }));
    Ok(SendOut {
        exit_code: result.exit_code,
        return_id,
        return_codec: stat.codec,
        return_size: stat.size,
    })
}
