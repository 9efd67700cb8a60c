//! Wrappers over the `debug` imports.

use crate::{sys, SyscallResult};

/// True when the VM runs with debugging enabled (the import returns `0` then, `-1` otherwise).
pub fn enabled() -> bool {
    matches!(sys::debug_enabled(), Ok(status) if status >= 0)
}

/// Writes `message` to the VM's debug log (ignored unless debugging is enabled).
pub fn log(message: &str) -> SyscallResult<()> {
    sys::debug_log(message)
}
