//! The fvmi wasm ABI (v1): the syscall imports actors link against, their calling convention,
//! bounds-checked guest memory access, and the kernel traits the syscalls are served by.
//!
//! Three error tiers never mix: [`SyscallError`] (an error number returned to the actor),
//! [`ExecutionError::OutOfGas`] / [`FatalError`] (the invocation ends), and [`Abort`] (how an
//! invocation ended, mapped to exit codes only by [`abort_from_exec_error`] and [`ExitMapping`]).
//!
//! See this crate's README.md for its place in fvmi.

mod abi;
mod abort;
mod bind;
mod calls;
mod error;
mod kernel;
mod link;
mod link_v3;
mod memory;

pub use abi::{
    AbiTokenAmount, AbiValue, ConsensusFaultOut, InvocationContext, IpldOpen, IpldStat,
    MessageContextOut, NetworkContextOut, SendOut,
};
pub use abort::{abort_from_exec_error, Abort, ExitMapping};
pub use bind::{invoke_actor, InvocationData, SyscallContext};
pub use error::{ExecutionError, FatalError, GuestError, Result, SyscallError};
pub use kernel::{
    ActorId, ActorOps, BlockId, BlockStat, ConsensusFaultReport, CryptoOps, DebugOps, EventOps,
    GasOps, IpldOps, Kernel, MessageContext, MessageOps, NetworkContext, NetworkOps, RandomnessOps,
    SelfOps, SendOps, SendOutcome, SendResult,
};
pub use link::{link_syscalls, SYSCALL_NAMES};
pub use link_v3::{link_syscalls_v3, SYSCALL_NAMES_V3};
pub use memory::{GuestMemory, MAX_CID_LEN};
