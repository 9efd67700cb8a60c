//! Inputs of seal, aggregate-seal and replica-update verification.

use alloc::vec::Vec;

use cid::Cid;

use super::{
    DealID, RegisteredAggregateProof, RegisteredSealProof, RegisteredUpdateProof, SectorID,
    SectorNumber,
};
use crate::{tuple_serde, ActorID, Randomness};

/// Everything needed to verify one seal proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealVerifyInfo {
    /// Proof algorithm.
    pub registered_proof: RegisteredSealProof,
    /// The sector.
    pub sector_id: SectorID,
    /// Deals in the sector.
    pub deal_ids: Vec<DealID>,
    /// Seal (ticket) randomness.
    pub randomness: Randomness,
    /// Interactive (seed) randomness.
    pub interactive_randomness: Randomness,
    /// The proof (a CBOR byte string).
    pub proof: Vec<u8>,
    /// CommR.
    pub sealed_cid: Cid,
    /// CommD.
    pub unsealed_cid: Cid,
}

tuple_serde!(SealVerifyInfo {
    registered_proof: RegisteredSealProof,
    sector_id: SectorID,
    deal_ids: Vec<DealID>,
    randomness: Randomness,
    interactive_randomness: Randomness,
    proof: Vec<u8> as Bytes,
    sealed_cid: Cid,
    unsealed_cid: Cid,
});

/// One sector's public inputs within an aggregate seal proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateSealVerifyInfo {
    /// Sector number.
    pub sector_number: SectorNumber,
    /// Seal (ticket) randomness.
    pub randomness: Randomness,
    /// Interactive (seed) randomness.
    pub interactive_randomness: Randomness,
    /// CommR.
    pub sealed_cid: Cid,
    /// CommD.
    pub unsealed_cid: Cid,
}

tuple_serde!(AggregateSealVerifyInfo {
    sector_number: SectorNumber,
    randomness: Randomness,
    interactive_randomness: Randomness,
    sealed_cid: Cid,
    unsealed_cid: Cid,
});

/// An aggregate seal proof over several sectors of one miner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateSealVerifyProofAndInfos {
    /// The miner's actor ID.
    pub miner: ActorID,
    /// Seal proof algorithm of every sector.
    pub seal_proof: RegisteredSealProof,
    /// Aggregation algorithm.
    pub aggregate_proof: RegisteredAggregateProof,
    /// The aggregate proof (a CBOR byte string).
    pub proof: Vec<u8>,
    /// Per-sector inputs.
    pub infos: Vec<AggregateSealVerifyInfo>,
}

tuple_serde!(AggregateSealVerifyProofAndInfos {
    miner: ActorID,
    seal_proof: RegisteredSealProof,
    aggregate_proof: RegisteredAggregateProof,
    proof: Vec<u8> as Bytes,
    infos: Vec<AggregateSealVerifyInfo>,
});

/// Everything needed to verify a replica update (SnapDeals).
///
/// Unlike the other proofs, `proof` is encoded as a CBOR *array* of integers, as the reference
/// does (it carries no byte-string annotation there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaUpdateInfo {
    /// Update proof algorithm.
    pub update_proof_type: RegisteredUpdateProof,
    /// CommR before the update.
    pub old_sealed_cid: Cid,
    /// CommR after the update.
    pub new_sealed_cid: Cid,
    /// CommD after the update.
    pub new_unsealed_cid: Cid,
    /// The proof (a CBOR array of small integers).
    pub proof: Vec<u8>,
}

tuple_serde!(ReplicaUpdateInfo {
    update_proof_type: RegisteredUpdateProof,
    old_sealed_cid: Cid,
    new_sealed_cid: Cid,
    new_unsealed_cid: Cid,
    proof: Vec<u8>,
});
