//! The first two error tiers of a syscall: errors returned to the actor as an error number, and
//! errors that end the invocation (out of gas, fatal host failures).

use fvmi_types::ErrorNumber;

/// The result of a kernel operation.
pub type Result<T> = core::result::Result<T, ExecutionError>;

/// An error a syscall returns to the calling actor as an [`ErrorNumber`]; the actor may recover.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("syscall error {number:?}: {message}")]
pub struct SyscallError {
    /// The ABI error number returned to the actor.
    pub number: ErrorNumber,
    /// A human readable explanation (never seen by the actor).
    pub message: String,
}

impl SyscallError {
    /// A syscall error with the given number and explanation.
    pub fn new(number: ErrorNumber, message: impl Into<String>) -> Self {
        Self {
            number,
            message: message.into(),
        }
    }
}

/// A host failure that must abort the whole message: a bug or a broken store, never the actor's
/// fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("fatal: {0}")]
pub struct FatalError(pub String);

impl FatalError {
    /// A fatal error with the given explanation.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Why a kernel operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecutionError {
    /// The gas limit was reached; the invocation unwinds with `SYS_OUT_OF_GAS`.
    #[error("out of gas")]
    OutOfGas,
    /// A recoverable error returned to the actor.
    #[error(transparent)]
    Syscall(#[from] SyscallError),
    /// An unrecoverable host error.
    #[error(transparent)]
    Fatal(#[from] FatalError),
}

impl ExecutionError {
    /// A recoverable syscall error with the given number.
    pub fn syscall(number: ErrorNumber, message: impl Into<String>) -> Self {
        Self::Syscall(SyscallError::new(number, message))
    }

    /// A fatal error.
    pub fn fatal(message: impl Into<String>) -> Self {
        Self::Fatal(FatalError::new(message))
    }

    /// Prefixes the explanation with some context (the kind of error is unchanged).
    pub fn context(self, context: &str) -> Self {
        match self {
            Self::OutOfGas => Self::OutOfGas,
            Self::Syscall(e) => Self::Syscall(SyscallError::new(
                e.number,
                format!("{context}: {}", e.message),
            )),
            Self::Fatal(e) => Self::Fatal(FatalError(format!("{context}: {}", e.0))),
        }
    }
}

/// Every way the syscall layer itself can reject a guest's arguments, before reaching the kernel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestError {
    /// A pointer/length pair (or a return pointer) is outside guest memory.
    OutOfBounds,
    /// The bytes at a pointer are not a valid CID.
    InvalidCid,
    /// The bytes at a pointer are not a valid address.
    InvalidAddress,
    /// An output buffer is too small for the value to write.
    BufferTooSmall,
    /// A string argument is not UTF-8.
    InvalidUtf8,
    /// A numeric argument (signature type, proof type...) is not a known value.
    InvalidEnumValue,
}

impl GuestError {
    /// The single table mapping syscall-layer argument errors to ABI error numbers.
    pub fn error_number(self) -> ErrorNumber {
        match self {
            GuestError::OutOfBounds => ErrorNumber::IllegalArgument,
            GuestError::InvalidCid => ErrorNumber::IllegalArgument,
            GuestError::InvalidAddress => ErrorNumber::IllegalArgument,
            GuestError::BufferTooSmall => ErrorNumber::BufferTooSmall,
            GuestError::InvalidUtf8 => ErrorNumber::IllegalArgument,
            GuestError::InvalidEnumValue => ErrorNumber::IllegalArgument,
        }
    }
}

impl From<GuestError> for SyscallError {
    fn from(e: GuestError) -> Self {
        SyscallError::new(e.error_number(), format!("{e:?}"))
    }
}

impl From<GuestError> for ExecutionError {
    fn from(e: GuestError) -> Self {
        ExecutionError::Syscall(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guest_error_table() {
        let table = [
            (GuestError::OutOfBounds, 1),
            (GuestError::InvalidCid, 1),
            (GuestError::InvalidAddress, 1),
            (GuestError::BufferTooSmall, 12),
            (GuestError::InvalidUtf8, 1),
            (GuestError::InvalidEnumValue, 1),
        ];
        for (err, number) in table {
            assert_eq!(err.error_number() as u32, number, "{err:?}");
        }
    }

    #[test]
    fn context_keeps_kind() {
        let e = ExecutionError::syscall(ErrorNumber::NotFound, "x").context("ctx");
        assert_eq!(
            e,
            ExecutionError::Syscall(SyscallError::new(ErrorNumber::NotFound, "ctx: x"))
        );
        assert_eq!(
            ExecutionError::OutOfGas.context("c"),
            ExecutionError::OutOfGas
        );
    }
}
