//! On-chain exit codes and syscall error numbers.

use core::fmt;

use serde::{Deserialize, Serialize};

/// The exit code of a message or of one actor invocation; encoded as a CBOR unsigned integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[repr(transparent)]
pub struct ExitCode {
    value: u32,
}

impl ExitCode {
    /// Wraps a raw value.
    pub const fn new(value: u32) -> ExitCode {
        ExitCode { value }
    }

    /// The raw value.
    pub const fn value(self) -> u32 {
        self.value
    }

    /// True for [`ExitCode::OK`].
    pub const fn is_success(self) -> bool {
        self.value == 0
    }

    /// True for codes reserved to the VM (below [`ExitCode::FIRST_USER_EXIT_CODE`]), OK included.
    pub const fn is_system_error(self) -> bool {
        self.value < Self::FIRST_USER_EXIT_CODE
    }

    /// Success.
    pub const OK: ExitCode = ExitCode::new(0);
    /// The sender does not exist.
    pub const SYS_SENDER_INVALID: ExitCode = ExitCode::new(1);
    /// The sender cannot pay for the message or its nonce does not match.
    pub const SYS_SENDER_STATE_INVALID: ExitCode = ExitCode::new(2);
    /// Reserved: method not found.
    pub const SYS_INVALID_METHOD: ExitCode = ExitCode::new(3);
    /// The receiver trapped.
    pub const SYS_ILLEGAL_INSTRUCTION: ExitCode = ExitCode::new(4);
    /// The receiver does not exist and cannot be created implicitly.
    pub const SYS_INVALID_RECEIVER: ExitCode = ExitCode::new(5);
    /// The sender of a value transfer lacks the funds.
    pub const SYS_INSUFFICIENT_FUNDS: ExitCode = ExitCode::new(6);
    /// Execution ran out of gas.
    pub const SYS_OUT_OF_GAS: ExitCode = ExitCode::new(7);
    /// The receiver aborted with a reserved (system) exit code.
    pub const SYS_ILLEGAL_EXIT_CODE: ExitCode = ExitCode::new(9);
    /// An internal VM assertion failed.
    pub const SYS_ASSERTION_FAILED: ExitCode = ExitCode::new(10);
    /// The actor returned a block handle that does not exist.
    pub const SYS_MISSING_RETURN: ExitCode = ExitCode::new(11);

    /// The lowest exit code an actor may abort with.
    pub const FIRST_USER_EXIT_CODE: u32 = 16;

    /// A method parameter is invalid.
    pub const USR_ILLEGAL_ARGUMENT: ExitCode = ExitCode::new(16);
    /// A requested resource does not exist.
    pub const USR_NOT_FOUND: ExitCode = ExitCode::new(17);
    /// The action is not allowed.
    pub const USR_FORBIDDEN: ExitCode = ExitCode::new(18);
    /// A balance is insufficient.
    pub const USR_INSUFFICIENT_FUNDS: ExitCode = ExitCode::new(19);
    /// The actor's state is invalid.
    pub const USR_ILLEGAL_STATE: ExitCode = ExitCode::new(20);
    /// (De)serialization failed inside the actor.
    pub const USR_SERIALIZATION: ExitCode = ExitCode::new(21);
    /// The actor cannot handle this message.
    pub const USR_UNHANDLED_MESSAGE: ExitCode = ExitCode::new(22);
    /// Unspecified actor failure.
    pub const USR_UNSPECIFIED: ExitCode = ExitCode::new(23);
    /// A user-level assertion failed.
    pub const USR_ASSERTION_FAILED: ExitCode = ExitCode::new(24);
}

impl From<u32> for ExitCode {
    fn from(value: u32) -> ExitCode {
        ExitCode::new(value)
    }
}

impl fmt::Display for ExitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)
    }
}

/// Why a syscall failed, as returned to the actor (ABI v1). `0` on the wire means success.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, thiserror::Error)]
#[repr(u32)]
#[non_exhaustive]
pub enum ErrorNumber {
    /// A syscall parameter was invalid.
    #[error("illegal argument")]
    IllegalArgument = 1,
    /// The actor is not in a state that allows the operation.
    #[error("illegal operation")]
    IllegalOperation = 2,
    /// A system limit (memory, lookback, call depth, ...) would be exceeded.
    #[error("limit exceeded")]
    LimitExceeded = 3,
    /// A system-level assertion failed (aborts the whole message; actors never see it).
    #[error("filecoin assertion failed")]
    AssertionFailed = 4,
    /// Not enough funds for the operation.
    #[error("insufficient funds")]
    InsufficientFunds = 5,
    /// A resource was not found.
    #[error("resource not found")]
    NotFound = 6,
    /// An IPLD block handle was invalid.
    #[error("invalid ipld block handle")]
    InvalidHandle = 7,
    /// The requested CID shape (hash function, length) is not supported.
    #[error("illegal cid specification")]
    IllegalCid = 8,
    /// The requested IPLD codec is not supported.
    #[error("illegal ipld codec")]
    IllegalCodec = 9,
    /// A block did not decode with its codec.
    #[error("serialization error")]
    Serialization = 10,
    /// The operation is forbidden.
    #[error("operation forbidden")]
    Forbidden = 11,
    /// An output buffer was too small.
    #[error("buffer too small")]
    BufferTooSmall = 12,
    /// The operation is not allowed in a read-only call (ABI of network version 18 on).
    #[error("execution context is read-only")]
    ReadOnly = 13,
}

impl ErrorNumber {
    /// Every error number, in numeric order.
    pub const ALL: [ErrorNumber; 13] = [
        ErrorNumber::IllegalArgument,
        ErrorNumber::IllegalOperation,
        ErrorNumber::LimitExceeded,
        ErrorNumber::AssertionFailed,
        ErrorNumber::InsufficientFunds,
        ErrorNumber::NotFound,
        ErrorNumber::InvalidHandle,
        ErrorNumber::IllegalCid,
        ErrorNumber::IllegalCodec,
        ErrorNumber::Serialization,
        ErrorNumber::Forbidden,
        ErrorNumber::BufferTooSmall,
        ErrorNumber::ReadOnly,
    ];

    /// The wire value.
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The error number for a non-zero wire value, if known.
    pub fn from_code(code: u32) -> Option<ErrorNumber> {
        let index = usize::try_from(code.checked_sub(1)?).ok()?;
        Self::ALL.get(index).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_numbers_round_trip_and_are_dense() {
        for (index, number) in ErrorNumber::ALL.iter().enumerate() {
            assert_eq!(number.code() as usize, index + 1);
            assert_eq!(ErrorNumber::from_code(number.code()), Some(*number));
        }
        assert_eq!(ErrorNumber::from_code(0), None);
        assert_eq!(ErrorNumber::from_code(13), Some(ErrorNumber::ReadOnly));
        assert_eq!(ErrorNumber::from_code(14), None);
        assert_eq!(ErrorNumber::from_code(u32::MAX), None);
    }

    #[test]
    fn exit_code_classes() {
        assert!(ExitCode::OK.is_success());
        assert!(ExitCode::OK.is_system_error());
        assert!(ExitCode::SYS_MISSING_RETURN.is_system_error());
        assert!(!ExitCode::USR_ILLEGAL_ARGUMENT.is_system_error());
        assert!(!ExitCode::new(15).is_success());
        assert!(ExitCode::new(15).is_system_error());
    }
}
