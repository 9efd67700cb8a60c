//! What the VM needs from the node that embeds it.

use fvmi_types::ConsensusFault;

/// The embedder's error, as text (it only ever becomes an `IllegalArgument` for the actor).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("extern failed: {0}")]
pub struct ExternError(pub String);

/// Chain access supplied by the embedder.
pub trait Externs {
    /// Ticket-chain randomness for a domain separation tag, epoch and entropy.
    fn get_chain_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError>;

    /// Beacon randomness for a domain separation tag, epoch and entropy.
    fn get_beacon_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError>;

    /// Checks two block headers (and an extra one) for a consensus fault; also returns the gas
    /// the check's chain accesses cost.
    fn verify_consensus_fault(
        &self,
        h1: &[u8],
        h2: &[u8],
        extra: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError>;
}
