//! The third error tier: how an invocation ends. [`Abort`] travels out of the wasm execution as a
//! wasmi host error; [`abort_from_exec_error`] and [`ExitMapping`] are the only places that decide exit
//! codes.

use fvmi_types::{ErrorNumber, ExitCode};

use fvmi_interp::ExecError;

use crate::error::{ExecutionError, FatalError};

/// Why an actor invocation stopped early.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Abort {
    /// The actor aborted (vm::abort) or trapped, with this exit code.
    #[error("exit {0:?}: {1}")]
    Exit(ExitCode, String),
    /// ABI v3's `vm::exit`: the exit code (0 is a successful return) with a return block of the
    /// invocation's registry (0 for none), handed to the caller whatever the code.
    #[error("exit {0:?} with block {2}: {1}")]
    ExitWithBlock(ExitCode, String, u32),
    /// Gas ran out.
    #[error("out of gas")]
    OutOfGas,
    /// The host failed.
    #[error(transparent)]
    Fatal(FatalError),
}

impl wasmi::errors::HostError for Abort {}

impl Abort {
    /// An abort with `code` from a kernel error hit while handling `vm::abort` itself.
    pub fn from_error(code: ExitCode, e: ExecutionError) -> Self {
        match e {
            ExecutionError::Syscall(e) => Abort::Exit(code, format!("invalid abort: {e}")),
            ExecutionError::OutOfGas => Abort::OutOfGas,
            ExecutionError::Fatal(e) => Abort::Fatal(e),
        }
    }

    /// An abort from an error in a step where a syscall error is not expected (gas charging):
    /// such syscall errors escalate to fatal.
    pub fn from_error_as_fatal(e: ExecutionError) -> Self {
        match e {
            ExecutionError::OutOfGas => Abort::OutOfGas,
            ExecutionError::Fatal(e) => Abort::Fatal(e),
            ExecutionError::Syscall(e) => {
                Abort::Fatal(FatalError(format!("unexpected syscall error: {e}")))
            }
        }
    }

    /// Wraps the abort so it can unwind the wasm stack.
    pub fn into_trap(self) -> wasmi::Error {
        wasmi::Error::host(self)
    }
}

/// Decides how a failed call into an actor ends the invocation: our own aborts come back out
/// unchanged, a negative gas counter is out of gas, every wasm trap (unreachable, memory bounds,
/// the stack limiter, wasmi's own stack limit, ...) is an illegal instruction, anything else is
/// a host failure.
pub fn abort_from_exec_error(error: ExecError<Abort>) -> Abort {
    match error {
        ExecError::Host(abort) => abort,
        ExecError::OutOfGas => Abort::OutOfGas,
        ExecError::StackOverflow => {
            Abort::Exit(ExitCode::SYS_ILLEGAL_INSTRUCTION, "stack overflow".into())
        }
        ExecError::Trap { code } => Abort::Exit(
            ExitCode::SYS_ILLEGAL_INSTRUCTION,
            format!("wasm trap: {code}"),
        ),
        ExecError::ResourceLimit(message) => Abort::Exit(
            ExitCode::SYS_ILLEGAL_INSTRUCTION,
            format!("resource limit: {message}"),
        ),
        ExecError::Other(message) => Abort::Fatal(FatalError(message)),
    }
}

/// The exit codes decided outside an actor: each variant is one way a call can end without the
/// callee returning normally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExitMapping {
    /// The callee aborted or trapped with this code.
    Abort(ExitCode),
    /// The callee's returned block id was not in its registry.
    MissingReturn,
    /// Gas ran out.
    OutOfGas,
    /// The host failed.
    Fatal,
    /// The top-level send itself failed with this syscall error number.
    SendFailed(ErrorNumber),
}

impl ExitMapping {
    /// How a call that failed with `error` (instead of returning or aborting) ends: out of gas, a
    /// fatal host error, or the send's own syscall error. The executor (for the receipt) and the
    /// call manager (for the trace) both map through here.
    pub fn of_error(error: &ExecutionError) -> ExitMapping {
        match error {
            ExecutionError::OutOfGas => ExitMapping::OutOfGas,
            ExecutionError::Syscall(e) => ExitMapping::SendFailed(e.number),
            ExecutionError::Fatal(_) => ExitMapping::Fatal,
        }
    }

    /// The one exhaustive table from call endings to receipt exit codes.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            ExitMapping::Abort(code) => *code,
            ExitMapping::MissingReturn => ExitCode::SYS_MISSING_RETURN,
            ExitMapping::OutOfGas => ExitCode::SYS_OUT_OF_GAS,
            ExitMapping::Fatal => ExitCode::SYS_ASSERTION_FAILED,
            ExitMapping::SendFailed(ErrorNumber::InsufficientFunds) => {
                ExitCode::SYS_INSUFFICIENT_FUNDS
            }
            ExitMapping::SendFailed(ErrorNumber::NotFound) => ExitCode::SYS_INVALID_RECEIVER,
            ExitMapping::SendFailed(_) => ExitCode::SYS_ASSERTION_FAILED,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_table() {
        let table = [
            (ExitMapping::Abort(ExitCode::new(16)), 16),
            (ExitMapping::MissingReturn, 11),
            (ExitMapping::OutOfGas, 7),
            (ExitMapping::Fatal, 10),
            (ExitMapping::SendFailed(ErrorNumber::InsufficientFunds), 6),
            (ExitMapping::SendFailed(ErrorNumber::NotFound), 5),
            (ExitMapping::SendFailed(ErrorNumber::LimitExceeded), 10),
            (ExitMapping::SendFailed(ErrorNumber::IllegalArgument), 10),
        ];
        for (m, code) in table {
            assert_eq!(m.exit_code().value(), code, "{m:?}");
        }
    }

    #[test]
    fn execution_errors() {
        let of = |e: ExecutionError| ExitMapping::of_error(&e).exit_code().value();
        assert_eq!(of(ExecutionError::OutOfGas), 7);
        assert_eq!(of(ExecutionError::syscall(ErrorNumber::NotFound, "x")), 5);
        assert_eq!(
            of(ExecutionError::syscall(ErrorNumber::InsufficientFunds, "x")),
            6
        );
        assert_eq!(
            of(ExecutionError::syscall(ErrorNumber::IllegalArgument, "x")),
            10
        );
        assert_eq!(of(ExecutionError::fatal("x")), 10);
    }

    #[test]
    fn exec_errors() {
        let abort = Abort::Exit(ExitCode::new(20), "x".into());
        assert_eq!(abort_from_exec_error(ExecError::Host(abort.clone())), abort);
        assert_eq!(abort_from_exec_error(ExecError::OutOfGas), Abort::OutOfGas);
        let illegal = |e| matches!(abort_from_exec_error(e), Abort::Exit(c, _) if c == ExitCode::SYS_ILLEGAL_INSTRUCTION);
        assert!(illegal(ExecError::StackOverflow));
        assert!(illegal(ExecError::Trap {
            code: wasmi::TrapCode::UnreachableCodeReached
        }));
        assert!(illegal(ExecError::ResourceLimit("x".into())));
        assert!(matches!(
            abort_from_exec_error(ExecError::Other("x".into())),
            Abort::Fatal(_)
        ));
    }
}
