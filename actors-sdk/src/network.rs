//! Wrappers over the `network` imports (epoch and version come from [`crate::message`]).

use fvmi_types::TokenAmount;

use crate::{sys, SyscallResult};

/// The base fee of the current tipset.
pub fn base_fee() -> SyscallResult<TokenAmount> {
    sys::network_base_fee().map(TokenAmount::from)
}

/// The circulating supply of FIL.
pub fn total_fil_circ_supply() -> SyscallResult<TokenAmount> {
    sys::network_total_fil_circ_supply().map(TokenAmount::from)
}
