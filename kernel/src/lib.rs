//! The fvmi kernel, gas, call manager, machine and executor.
//!
//! See this crate's README.md for its place in fvmi.

pub mod call_manager;
pub mod crypto;
pub mod executor;
pub mod gas;
pub mod kernel;
pub mod machine;
