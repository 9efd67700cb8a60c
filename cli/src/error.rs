//! How the command line fails: bad input (exit 2) versus an internal error (exit 1).

use std::fmt;

/// Exit status for input the user can fix: a missing file, a corrupt CAR, bad CBOR, an unknown address.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit status for a failure inside fvmi itself.
pub const EXIT_INTERNAL: i32 = 1;

/// A command's failure, printed as one line on stderr.
#[derive(Debug)]
pub enum CliError {
    /// The input was wrong; the message says what and where.
    BadInput(String),
    /// Something failed inside fvmi.
    Internal(anyhow::Error),
    /// The command already printed its outcome (e.g. failing vectors); exit with this status.
    Reported(i32),
}

impl CliError {
    /// A bad-input error from anything printable.
    pub fn bad(message: impl fmt::Display) -> Self {
        CliError::BadInput(message.to_string())
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => EXIT_BAD_INPUT,
            CliError::Internal(_) => EXIT_INTERNAL,
            CliError::Reported(code) => *code,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::BadInput(message) => write!(f, "error: {message}"),
            // One line: the causes joined, no backtrace.
            CliError::Internal(error) => write!(f, "internal error: {error:#}"),
            CliError::Reported(code) => write!(f, "exit status {code}"),
        }
    }
}

impl From<anyhow::Error> for CliError {
    fn from(error: anyhow::Error) -> Self {
        CliError::Internal(error)
    }
}

/// Shorthand for command results.
pub type CliResult<T = ()> = Result<T, CliError>;

/// Attaches "bad input" context to fallible input handling.
pub trait BadInputExt<T> {
    /// Turns the error into a bad-input error prefixed with `what`.
    fn bad_input(self, what: impl fmt::Display) -> CliResult<T>;
}

impl<T, E: fmt::Display> BadInputExt<T> for Result<T, E> {
    fn bad_input(self, what: impl fmt::Display) -> CliResult<T> {
        self.map_err(|e| CliError::BadInput(format!("{what}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_and_internal_have_distinct_exit_codes() {
        assert_eq!(CliError::bad("x").exit_code(), 2);
        assert_eq!(CliError::from(anyhow::anyhow!("y")).exit_code(), 1);
        let e: CliResult<()> = Err::<(), _>("boom").bad_input("reading a.car");
        assert_eq!(e.unwrap_err().to_string(), "error: reading a.car: boom");
    }
}
