//! fvmi in a browser. [`Replayer`] replays a test vector given as JSON text, with builtin-actor
//! bundles given as bytes (a page has no file system), and reports per message the expected and
//! actual receipts, a verdict and the call tree (from the kernel's execution trace), and per
//! variant the state root verdict. [`probe_nested_sends`] measures how deep nested sends go on
//! the host.
//!
//! On wasm32 the crate is a wasm-bindgen module (`bindings`): a `Replayer` class and
//! `probeNestedSends`, returning JSON text. On native targets the same logic is a plain library
//! (tested there), so `cargo build --workspace` and clippy see it too.

mod call_tree;
mod probe;
mod replay;

#[cfg(target_arch = "wasm32")]
mod bindings;

pub use call_tree::{call_tree, CallNode, CallTree};
pub use probe::{probe_nested_sends, ProbeReport};
pub use replay::{MessageReport, ReplayError, Replayer, RootVerdict, VariantReport, VectorReport};
