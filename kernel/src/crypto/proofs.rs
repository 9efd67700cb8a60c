//! [`ProofVerifier`]: the pluggable checker of sector proofs, and
//! [`AcceptAllProofs`], the verifier test vectors are run with.
//!
//! Gas for these checks is charged by the kernel before it calls the
//! verifier; a verifier only answers.

use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo,
};

/// A proof could not be checked at all (as opposed to checked and found
/// invalid, which is `Ok(false)`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("proof verification failed: {0}")]
pub struct ProofError(pub String);

/// Checks sector proofs. Implementations must be deterministic.
///
/// The kernel guards every call: a panic in a single check becomes an `IllegalArgument` syscall
/// error for the actor, and a panic in [`ProofVerifier::batch_verify_seals`] makes the kernel ask
/// again seal by seal, a panicking seal counting as invalid (as the reference does).
pub trait ProofVerifier {
    /// Checks one seal (PoRep) proof.
    fn verify_seal(&self, info: &SealVerifyInfo) -> Result<bool, ProofError>;

    /// Checks a window PoSt.
    fn verify_post(&self, info: &WindowPoStVerifyInfo) -> Result<bool, ProofError>;

    /// Checks an aggregate of seal proofs.
    fn verify_aggregate_seals(
        &self,
        aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> Result<bool, ProofError>;

    /// Checks a replica update (SnapDeals) proof.
    fn verify_replica_update(&self, replica: &ReplicaUpdateInfo) -> Result<bool, ProofError>;

    /// Checks many seal proofs at once, one answer per input; a proof that
    /// cannot be checked counts as invalid.
    fn batch_verify_seals(&self, infos: &[SealVerifyInfo]) -> Vec<bool> {
        infos
            .iter()
            .map(|info| self.verify_seal(info).unwrap_or(false))
            .collect()
    }
}

/// Accepts every proof, as the reference's conformance test kernel does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AcceptAllProofs;

impl ProofVerifier for AcceptAllProofs {
    fn verify_seal(&self, _info: &SealVerifyInfo) -> Result<bool, ProofError> {
        Ok(true)
    }

    fn verify_post(&self, _info: &WindowPoStVerifyInfo) -> Result<bool, ProofError> {
        Ok(true)
    }

    fn verify_aggregate_seals(
        &self,
        _aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> Result<bool, ProofError> {
        Ok(true)
    }

    fn verify_replica_update(&self, _replica: &ReplicaUpdateInfo) -> Result<bool, ProofError> {
        Ok(true)
    }

    fn batch_verify_seals(&self, infos: &[SealVerifyInfo]) -> Vec<bool> {
        vec![true; infos.len()]
    }
}
