//! Errors that end an invocation with an exit code.

use alloc::string::{String, ToString};
use core::fmt;

use fvmi_types::{ErrorNumber, ExitCode};

/// An actor failure: the invocation aborts with `exit_code` and `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorError {
    exit_code: ExitCode,
    message: String,
}

/// Result of actor logic.
pub type ActorResult<T> = core::result::Result<T, ActorError>;

impl ActorError {
    /// An error with any exit code (the VM turns system codes into `SYS_ILLEGAL_EXIT_CODE`).
    pub fn new(exit_code: ExitCode, message: impl ToString) -> ActorError {
        ActorError {
            exit_code,
            message: message.to_string(),
        }
    }

    /// `USR_ILLEGAL_ARGUMENT`.
    pub fn illegal_argument(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_ILLEGAL_ARGUMENT, message)
    }

    /// `USR_NOT_FOUND`.
    pub fn not_found(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_NOT_FOUND, message)
    }

    /// `USR_FORBIDDEN`.
    pub fn forbidden(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_FORBIDDEN, message)
    }

    /// `USR_ILLEGAL_STATE`.
    pub fn illegal_state(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_ILLEGAL_STATE, message)
    }

    /// `USR_SERIALIZATION`.
    pub fn serialization(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_SERIALIZATION, message)
    }

    /// `USR_UNHANDLED_MESSAGE` (unknown method).
    pub fn unhandled_message() -> ActorError {
        ActorError::new(ExitCode::USR_UNHANDLED_MESSAGE, "unhandled method")
    }

    /// `USR_ASSERTION_FAILED`.
    pub fn assertion_failed(message: impl ToString) -> ActorError {
        ActorError::new(ExitCode::USR_ASSERTION_FAILED, message)
    }

    /// A failed syscall seen as an actor failure (`USR_UNSPECIFIED`), naming the syscall.
    pub fn syscall(syscall: &str, error: ErrorNumber) -> ActorError {
        ActorError::new(
            ExitCode::USR_UNSPECIFIED,
            alloc::format!("{syscall} failed: {error}"),
        )
    }

    /// The exit code.
    pub fn exit_code(&self) -> ExitCode {
        self.exit_code
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ActorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exit code {}: {}", self.exit_code, self.message)
    }
}

/// A failed syscall without context becomes `USR_UNSPECIFIED`.
impl From<ErrorNumber> for ActorError {
    fn from(error: ErrorNumber) -> ActorError {
        ActorError::new(ExitCode::USR_UNSPECIFIED, error)
    }
}

/// A CBOR failure becomes `USR_SERIALIZATION`.
impl From<crate::cbor::EncodingError> for ActorError {
    fn from(error: crate::cbor::EncodingError) -> ActorError {
        ActorError::serialization(error)
    }
}
