//! Wrapper over the `send` import: calling another actor.

use fvmi_types::sys::Codec;
use fvmi_types::{Address, ErrorNumber, ExitCode, MethodNum, RawBytes, TokenAmount};

use crate::cbor::DAG_CBOR;
use crate::{ipld, sys, SyscallResult, NO_DATA_BLOCK_ID};

/// What a send returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendResponse {
    /// The callee's exit code.
    pub exit_code: ExitCode,
    /// Codec of the return value (meaningless when it is empty).
    pub return_codec: Codec,
    /// The return value (empty when the callee returned nothing).
    pub return_data: RawBytes,
}

/// Sends `value` and invokes `method` on `to` with DAG-CBOR `params` (empty: no parameters).
///
/// A negative or oversized `value` fails with `InsufficientFunds` before any syscall. The
/// callee's failure is not an error here: check [`SendResponse::exit_code`].
pub fn send(
    to: &Address,
    method: MethodNum,
    params: &[u8],
    value: &TokenAmount,
) -> SyscallResult<SendResponse> {
    let value = fvmi_types::sys::TokenAmount::try_from(value)
        .map_err(|_| ErrorNumber::InsufficientFunds)?;
    let params_id = if params.is_empty() {
        NO_DATA_BLOCK_ID
    } else {
        ipld::put_block(DAG_CBOR, params)?
    };
    let result = sys::send_send(&to.to_bytes(), method, params_id, value)?;
    let return_data = if result.return_id == NO_DATA_BLOCK_ID {
        RawBytes::default()
    } else {
        RawBytes::new(ipld::get_block(result.return_id)?)
    };
    Ok(SendResponse {
        exit_code: ExitCode::new(result.exit_code),
        return_codec: result.return_codec,
        return_data,
    })
}
