//! Inputs of proof-of-spacetime verification.

use alloc::vec::Vec;

use cid::Cid;

use super::{RegisteredPoStProof, RegisteredSealProof, SectorNumber};
use crate::{tuple_serde, ActorID, Randomness};

/// Randomness a PoSt is challenged with.
pub type PoStRandomness = Randomness;

/// A sector as seen by PoSt: `[proof, sector_number, sealed_cid]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectorInfo {
    /// Seal proof the sector was sealed with.
    pub proof: RegisteredSealProof,
    /// Sector number.
    pub sector_number: SectorNumber,
    /// CommR.
    pub sealed_cid: Cid,
}

tuple_serde!(SectorInfo {
    proof: RegisteredSealProof,
    sector_number: SectorNumber,
    sealed_cid: Cid,
});

/// One PoSt proof: `[post_proof, proof_bytes]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoStProof {
    /// Algorithm.
    pub post_proof: RegisteredPoStProof,
    /// Proof (a CBOR byte string).
    pub proof_bytes: Vec<u8>,
}

tuple_serde!(PoStProof {
    post_proof: RegisteredPoStProof,
    proof_bytes: Vec<u8> as Bytes,
});

/// Inputs for verifying a winning PoSt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WinningPoStVerifyInfo {
    /// Challenge randomness.
    pub randomness: PoStRandomness,
    /// Proofs.
    pub proofs: Vec<PoStProof>,
    /// Challenged sectors.
    pub challenge_sectors: Vec<SectorInfo>,
    /// The prover's actor ID.
    pub prover: ActorID,
}

tuple_serde!(WinningPoStVerifyInfo {
    randomness: PoStRandomness,
    proofs: Vec<PoStProof>,
    challenge_sectors: Vec<SectorInfo>,
    prover: ActorID,
});

/// Inputs for verifying a window PoSt (the `crypto::verify_post` syscall).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowPoStVerifyInfo {
    /// Challenge randomness.
    pub randomness: PoStRandomness,
    /// Proofs.
    pub proofs: Vec<PoStProof>,
    /// Challenged sectors.
    pub challenged_sectors: Vec<SectorInfo>,
    /// The prover's actor ID.
    pub prover: ActorID,
}

tuple_serde!(WindowPoStVerifyInfo {
    randomness: PoStRandomness,
    proofs: Vec<PoStProof>,
    challenged_sectors: Vec<SectorInfo>,
    prover: ActorID,
});
