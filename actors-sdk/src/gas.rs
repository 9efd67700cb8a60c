//! Wrapper over the `gas` import.

use crate::{sys, SyscallResult};

/// Charges `amount` gas, labelled `name` in traces.
pub fn charge(name: &str, amount: u64) -> SyscallResult<()> {
    sys::gas_charge(name, amount)
}
