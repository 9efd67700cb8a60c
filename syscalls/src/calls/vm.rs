//! `vm`: aborting and the invocation context.

use fvmi_types::ExitCode;

use crate::abi::InvocationContext;
use crate::abort::Abort;
use crate::bind::SyscallContext;
use crate::error::Result;
use crate::kernel::Kernel;

/// Exit codes below this are reserved to the system.
const FIRST_USER_EXIT_CODE: u32 = 16;

/// Whether an actor may abort with `code`. From network version 16 the system range (below
/// [`FIRST_USER_EXIT_CODE`], 0 included) is reserved to the VM; before, any code passes through.
fn allowed_abort_code(network_version: u32, code: ExitCode) -> bool {
    network_version < 16 || code.value() >= FIRST_USER_EXIT_CODE
}

/// `vm::abort`: always ends the invocation with the given exit code. A bad message pointer or a
/// non-UTF-8 message only changes the explanation.
pub(crate) fn abort<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    code: u32,
    msg_off: u32,
    msg_len: u32,
) -> Abort {
    let code = ExitCode::new(code);
    if !allowed_abort_code(ctx.kernel.network_version(), code) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_codes_including_zero_are_refused_from_nv16() {
        for nv in [16, 17] {
            for code in 0..FIRST_USER_EXIT_CODE {
                assert!(
                    !allowed_abort_code(nv, ExitCode::new(code)),
                    "nv{nv} code {code}"
                );
            }
            for code in [FIRST_USER_EXIT_CODE, 17, 1000, u32::MAX] {
                assert!(
                    allowed_abort_code(nv, ExitCode::new(code)),
                    "nv{nv} code {code}"
                );
            }
        }
    }

    #[test]
    fn every_code_passes_through_before_nv16() {
        for nv in [14, 15] {
            for code in [0, 1, 9, 15, 16, 1000, u32::MAX] {
                assert!(
                    allowed_abort_code(nv, ExitCode::new(code)),
                    "nv{nv} code {code}"
                );
            }
        }
    }
}
