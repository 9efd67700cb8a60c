//! The fvmi state tree: actors HAMT, actor states, address resolution and the builtin-actor manifest.
//!
//! See this crate's README.md for its place in fvmi.

mod actor_state;
pub mod bundle;
mod error;
mod init_state;
mod layers;
mod manifest;
mod root;
mod tree;

pub use actor_state::{ActorState, StoredActor};
pub use bundle::{load_bundle, Bundle, BundleError};
pub use error::StateError;
pub use init_state::InitState;
pub use manifest::Manifest;
pub use root::{StateRoot, StateTreeVersion, EMPTY_INFO_BLOCK};
pub use tree::StateTree;

#[cfg(test)]
mod tree_tests;
