//! `vm`: aborting and the invocation context.

use fvmi_types::ExitCode;

use crate::abi::InvocationContext;
use crate::abort::Abort;
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

/// Exit codes below this are reserved to the system.
const FIRST_USER_EXIT_CODE: u32 = 16;

/// `vm::abort`: always ends the invocation with the given exit code. A bad message pointer or a
/// non-UTF-8 message only changes the explanation.
pub(crate) fn abort<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    code: u32,
    msg_off: u32,
    msg_len: u32,
) -> Abort {
    let code = ExitCode::new(code);
    if ctx.kernel.network_version() >= 16
        && code.value() < FIRST_USER_EXIT_CODE
        && code.value() != 0
    {
        return Abort::Exit(
            ExitCode::SYS_ILLEGAL_EXIT_CODE,
            format!("actor aborted with system exit code {}", code.value()),
        );
    }
    let message = if msg_len == 0 {
        "actor aborted".to_owned()
    } else {
        match ctx.memory.read_str(msg_off, msg_len) {
            Ok(text) => text.to_owned(),
            Err(e) => format!("actor aborted with an unreadable message: {e:?}"),
        }
    };
    Abort::Exit(code, message)
}

pub(crate) fn context<K: Kernel>(ctx: &mut SyscallContext<'_, K>) -> Result<InvocationContext> {
    Ok(InvocationContext {
        value_received: ctx.kernel.msg_value_received()?,
        caller: ctx.kernel.msg_caller(),
        receiver: ctx.kernel.msg_receiver(),
        method_number: ctx.kernel.msg_method_number(),
        network_curr_epoch: ctx.kernel.network_epoch(),
        network_version: ctx.kernel.network_version(),
    })
}
