//! The fvmi kernel: gas, cryptography, the default kernel serving an actor's syscalls, the call
//! manager (call stack, sends, actor creation), the machine (state tree, context, builtin actors,
//! engine) and the executor (applying messages with fees).
//!
//! See this crate's README.md for its place in fvmi.

pub mod call_manager;
pub mod crypto;
pub mod events;
pub mod executor;
mod externs;
pub mod gas;
pub mod kernel;
pub mod machine;
pub mod network;
mod trace;

pub use call_manager::{CallManager, InvocationResult};
pub use executor::{ApplyFailure, ApplyKind, ApplyRet, Executor, ExecutorError};
pub use externs::{DummyExterns, ExternError, Externs};
pub use kernel::DefaultKernel;
pub use machine::{engine_for, Machine, MachineContext, MachineError, Manifest};
pub use network::{profile, NetworkError, NetworkProfile};
pub use trace::{call_depth, ExecEvent};
