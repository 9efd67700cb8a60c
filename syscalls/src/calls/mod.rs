//! The syscall implementations, one module per wasm import module.

pub(crate) mod actor;
pub(crate) mod crypto;
pub(crate) mod debug;
pub(crate) mod event;
pub(crate) mod gas;
pub(crate) mod ipld;
pub(crate) mod network;
pub(crate) mod rand;
pub(crate) mod send;
pub(crate) mod sself;
pub(crate) mod vm;
