//! The fvmi kernel: gas, cryptography, the default kernel serving an actor's syscalls, the call
//! manager (call stack, sends, actor creation), the machine (state tree, context, builtin actors,
//! engine) and the executor (applying messages with fees).
//!
//! Every item of the call manager, the default kernel, the machine and the executor is reached
//! at the crate root; `gas`, `crypto`, `events` and `network` are APIs of their own.
//!
//! See this crate's README.md for its place in fvmi.

mod call_manager;
pub mod crypto;
pub mod events;
mod executor;
mod externs;
pub mod gas;
mod kernel;
mod machine;
pub mod network;
mod stack;
mod trace;

pub use stack::{STACK_RED_ZONE, STACK_SEGMENT};

pub use call_manager::{CallManager, InvocationResult};
pub use executor::{
    chain_length, ApplyFailure, ApplyKind, ApplyRet, Executor, ExecutorError,
    SECP_SIGNATURE_OVERHEAD,
};
pub use externs::{DummyExterns, ExternError, Externs};
pub use kernel::{Block, BlockRegistry, DefaultKernel};
pub use machine::{
    engine_for, Machine, MachineContext, MachineError, Manifest, DEFAULT_MAX_CALL_DEPTH,
    TOTAL_FILECOIN,
};
pub use network::{profile, NetworkError, NetworkProfile};
pub use trace::{call_depth, ExecEvent};
