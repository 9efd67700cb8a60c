//! The state tree's error type.

use cid::Cid;
use fvmi_ipld::{BlockstoreError, CborError, HamtError};
use fvmi_types::{ActorID, Address};

/// Why a state-tree operation failed. Every variant means a broken or inconsistent store (a fatal
/// host error for the VM), except [`StateError::ActorNotFound`] and
/// [`StateError::AddressNotResolved`], which callers may treat as ordinary outcomes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Reading or writing the blockstore failed.
    #[error(transparent)]
    Store(#[from] BlockstoreError),
    /// The actors HAMT or the init actor's address map failed.
    #[error(transparent)]
    Hamt(#[from] HamtError),
    /// The state root block is missing.
    #[error("state root {0} not found")]
    RootNotFound(Cid),
    /// The state root does not decode as `[version, actors, info]`.
    #[error("invalid state root {cid}: {reason}")]
    InvalidRoot {
        /// The root CID.
        cid: Cid,
        /// What was wrong.
        reason: String,
    },
    /// A state tree version this implementation does not handle (only 3 to 5 are supported).
    #[error("unsupported state tree version {0}")]
    UnsupportedVersion(u64),
    /// The actor does not exist.
    #[error("actor {0} not found")]
    ActorNotFound(ActorID),
    /// The address has no ID in the init actor's map.
    #[error("address {0} could not be resolved to an actor ID")]
    AddressNotResolved(Address),
    /// The init actor is missing from the tree.
    #[error("init actor not found")]
    InitActorMissing,
    /// The init actor's state block is missing or invalid.
    #[error("init actor state {0} not found")]
    InitStateMissing(Cid),
    /// A key of the actors HAMT is not an ID address.
    #[error("actors HAMT key is not an ID address: {0}")]
    InvalidActorKey(String),
    /// The init actor's next ID would overflow.
    #[error("actor ID space exhausted")]
    IdOverflow,
    /// `end_transaction` without a matching `begin_transaction`.
    #[error("no transaction to end")]
    NoTransaction,
    /// `flush` while a transaction is open.
    #[error("cannot flush the state tree with {0} open transaction(s)")]
    FlushInTransaction(usize),
    /// An actor with a delegated address was written to a tree older than version 5.
    #[error("actor {0} has a delegated address, which needs a version-5 state tree")]
    DelegatedAddressInOldTree(ActorID),
    /// A manifest is malformed or lacks a required actor.
    #[error("invalid builtin-actor manifest: {0}")]
    InvalidManifest(String),
}

impl From<CborError> for StateError {
    fn from(e: CborError) -> Self {
        Self::Store(e.into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_stay_small() {
        // Results carrying these errors are returned on every state access.
        assert!(std::mem::size_of::<super::StateError>() <= 128);
        assert!(std::mem::size_of::<fvmi_ipld::HamtError>() <= 128);
    }
}
