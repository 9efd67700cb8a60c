//! Wrappers over the `vm` imports.

use fvmi_types::sys::out::vm::InvocationContext;

use crate::{sys, SyscallResult};

/// The raw invocation context (see [`crate::message::context`] for the typed form).
pub fn context() -> SyscallResult<InvocationContext> {
    sys::vm_context()
}

/// Ends the invocation with `code` and an optional message. Never returns.
pub fn abort(code: u32, message: Option<&str>) -> ! {
    sys::vm_abort(code, message.unwrap_or(""))
}
