//! Guest-side SDK for writing Filecoin actors in Rust against the fvmi ABI v1.
//!
//! `#![no_std]` + `alloc`; build actors for `wasm32-unknown-unknown`. Each module wraps the
//! imports of the wasm module it is named after (`self` is spelled [`sself`]); [`sys::raw`] holds
//! the raw imports themselves. Syscall failures are [`ErrorNumber`]s ([`SyscallResult`]);
//! actor failures that end an invocation are [`ActorError`]s (an exit code and a message).
//!
//! An actor exports its entry point with [`invoke!`]:
//!
//! ```no_run
//! use fvmi_actors_sdk::{invoke, ActorResult, MessageContext, Params, RawBytes};
//!
//! fn dispatch(context: &MessageContext, _params: Params) -> ActorResult<Option<RawBytes>> {
//!     match context.method_number {
//!         1 => Ok(None),
//!         _ => Err(fvmi_actors_sdk::ActorError::unhandled_message()),
//!     }
//! }
//! invoke!(dispatch);
//! ```
//!
//! On targets other than wasm32 the imports are stubs that fail with
//! `ErrorNumber::IllegalOperation` (and `vm::abort` panics), so the crate builds and its pure
//! logic can be tested on the host.
#![no_std]

extern crate alloc;

pub mod actor;
pub mod cbor;
pub mod crypto;
pub mod debug;
mod entry;
mod error;
pub mod gas;
pub mod ipld;
pub mod message;
pub mod network;
pub mod rand;
pub mod send;
pub mod sself;
pub mod sys;
pub mod vm;

pub use entry::{run, Params};
pub use error::{ActorError, ActorResult};
pub use fvmi_types::{ErrorNumber, ExitCode, RawBytes};
pub use message::MessageContext;

/// Re-export for [`invoke!`]; not part of the public API.
#[doc(hidden)]
pub use fvmi_types as __types;

/// Result of a syscall wrapper.
pub type SyscallResult<T> = core::result::Result<T, ErrorNumber>;

/// Block ID meaning "no block" (empty parameters or return value).
pub const NO_DATA_BLOCK_ID: fvmi_types::sys::BlockId = 0;

/// Longest byte form of an address the VM hands out (`actor::new_actor_address`).
pub const MAX_ACTOR_ADDR_LEN: usize = 21;
