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

    /// The CID of the tipset at `epoch` (network version 18 on). By default there is none:
    /// asking is an error, as in the reference's conformance runner.
    fn get_tipset_cid(&self, epoch: i64) -> Result<cid::Cid, ExternError> {
        Err(ExternError(format!(
            "no tipset CID is known for epoch {epoch}"
        )))
    }
}

/// Externs for tests, benchmarks and demos that never need real chain access: chain randomness is
/// 32 bytes of 7, beacon randomness 32 bytes of 9, and no consensus fault is ever found (at no gas).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DummyExterns;

impl Externs for DummyExterns {
    fn get_chain_randomness(&self, _: i64, _: i64, _: &[u8]) -> Result<[u8; 32], ExternError> {
        Ok([7; 32])
    }

    fn get_beacon_randomness(&self, _: i64, _: i64, _: &[u8]) -> Result<[u8; 32], ExternError> {
        Ok([9; 32])
    }

    fn verify_consensus_fault(
        &self,
        _: &[u8],
        _: &[u8],
        _: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        Ok((None, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dummy_externs_are_fixed_and_fault_free() {
        let externs = DummyExterns;
        assert_eq!(externs.get_chain_randomness(1, 2, b"x"), Ok([7; 32]));
        assert_eq!(externs.get_beacon_randomness(1, 2, b"x"), Ok([9; 32]));
        assert_eq!(externs.verify_consensus_fault(b"", b"", b""), Ok((None, 0)));
    }
}
