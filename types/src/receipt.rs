//! Message receipts.

use crate::{tuple_serde, ExitCode, RawBytes};

/// The result of applying a message: `[exit_code, return_data, gas_used]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Receipt {
    /// Exit code.
    pub exit_code: ExitCode,
    /// Return value bytes.
    pub return_data: RawBytes,
    /// Gas used.
    pub gas_used: i64,
}

tuple_serde!(Receipt {
    exit_code: ExitCode,
    return_data: RawBytes,
    gas_used: i64,
});
