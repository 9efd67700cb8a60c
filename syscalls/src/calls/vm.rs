//! `vm`: aborting and the invocation context.

use fvmi_types::ExitCode;

use crate::abi::{InvocationContext, MessageContextOut};
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

/// The longest exit message kept whole; longer ones keep their first and last halves.
const MAX_EXIT_MESSAGE: usize = 1024;

/// `vm::exit` (ABI v3): ends the invocation with `code` and an optional return block (0 for
/// none), kept whatever the code. Exit code 0 is a successful return; other codes below
/// [`FIRST_USER_EXIT_CODE`] become `SYS_ILLEGAL_EXIT_CODE`. The message only explains.
pub(crate) fn exit<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
    code: u32,
    block: u32,
    msg_off: u32,
    msg_len: u32,
) -> Abort {
    if code != 0 && code < FIRST_USER_EXIT_CODE {
        return Abort::ExitWithBlock(
            ExitCode::SYS_ILLEGAL_EXIT_CODE,
            format!("actor exited with system exit code {code}"),
            block,
        );
    }
    let message = if msg_len == 0 {
        "actor exited".to_owned()
    } else {
        match ctx.memory.slice(msg_off, msg_len) {
            Ok(bytes) => shorten(&String::from_utf8_lossy(bytes)),
            Err(e) => format!("actor exited with an unreadable message: {e:?}"),
        }
    };
    Abort::ExitWithBlock(ExitCode::new(code), message, block)
}

/// `text`, with its middle elided when it is longer than [`MAX_EXIT_MESSAGE`] bytes.
fn shorten(text: &str) -> String {
    if text.len() <= MAX_EXIT_MESSAGE {
        return text.to_owned();
    }
    let half = MAX_EXIT_MESSAGE / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = {
        let mut chars: Vec<char> = text.chars().rev().take(half).collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    format!("{head}...{tail}")
}

/// `vm::message_context` (ABI v3).
pub(crate) fn message_context<K: Kernel>(
    ctx: &mut SyscallContext<'_, K>,
) -> Result<MessageContextOut> {
    Ok(MessageContextOut(ctx.kernel.message_context()?))
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
