//! Wrappers over the `crypto` imports: signatures, hashing and proof verification.
//!
//! Verification imports report validity as `0` (valid) or `-1` (invalid); the wrappers return
//! `true` for valid.

use alloc::vec::Vec;

use cid::Cid;
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, RegisteredSealProof, ReplicaUpdateInfo, SealVerifyInfo,
    WindowPoStVerifyInfo,
};
use fvmi_types::{
    Address, ConsensusFault, ConsensusFaultType, ErrorNumber, PieceInfo, Signature, MAX_CID_LEN,
};
use serde::Serialize;

use crate::ipld::{cid_from_buffer, BLAKE2B_256};
use crate::sys::{self, Verify};
use crate::SyscallResult;

fn encode<T: Serialize + ?Sized>(value: &T) -> SyscallResult<Vec<u8>> {
    crate::cbor::to_vec(value).map_err(|_| ErrorNumber::Serialization)
}

/// Checks `signature` by `signer` over `plaintext`.
pub fn verify_signature(
    signature: &Signature,
    signer: &Address,
    plaintext: &[u8],
) -> SyscallResult<bool> {
    let status = sys::crypto_verify_signature(
        signature.signature_type() as u32,
        signature.bytes(),
        &signer.to_bytes(),
        plaintext,
    )?;
    Ok(status == 0)
}

/// Hashes `data` with the multihash function `hash_code` into `digest`; returns the number of
/// bytes written (the digest is truncated to `digest.len()`).
pub fn hash_into(hash_code: u64, data: &[u8], digest: &mut [u8]) -> SyscallResult<u32> {
    sys::crypto_hash(hash_code, data, digest)
}

/// BLAKE2b-256 of `data`.
pub fn hash_blake2b(data: &[u8]) -> SyscallResult<[u8; 32]> {
    let mut digest = [0u8; 32];
    hash_into(BLAKE2B_256, data, &mut digest)?;
    Ok(digest)
}

/// The unsealed sector CID (CommD) of `pieces` for `proof_type`.
pub fn compute_unsealed_sector_cid(
    proof_type: RegisteredSealProof,
    pieces: &[PieceInfo],
) -> SyscallResult<Cid> {
    let pieces = encode(pieces)?;
    let mut buf = [0u8; MAX_CID_LEN];
    let len = sys::crypto_compute_unsealed_sector_cid(i64::from(proof_type), &pieces, &mut buf)?;
    cid_from_buffer(&buf, len)
}

/// Verifies one seal proof.
pub fn verify_seal(info: &SealVerifyInfo) -> SyscallResult<bool> {
    Ok(sys::crypto_verify(Verify::Seal, &encode(info)?)? == 0)
}

/// Verifies a window PoSt.
pub fn verify_post(info: &WindowPoStVerifyInfo) -> SyscallResult<bool> {
    Ok(sys::crypto_verify(Verify::Post, &encode(info)?)? == 0)
}

/// Verifies an aggregate seal proof.
pub fn verify_aggregate_seals(info: &AggregateSealVerifyProofAndInfos) -> SyscallResult<bool> {
    Ok(sys::crypto_verify(Verify::AggregateSeals, &encode(info)?)? == 0)
}

/// Verifies a replica update proof.
pub fn verify_replica_update(info: &ReplicaUpdateInfo) -> SyscallResult<bool> {
    Ok(sys::crypto_verify(Verify::ReplicaUpdate, &encode(info)?)? == 0)
}

/// Verifies many seals at once; one result per input, in order.
pub fn batch_verify_seals(batch: &[SealVerifyInfo]) -> SyscallResult<Vec<bool>> {
    let encoded = encode(batch)?;
    let mut results = Vec::new();
    sys::crypto_batch_verify_seals(&encoded, batch.len(), &mut results)?;
    Ok(results.into_iter().map(|byte| byte != 0).collect())
}

/// Checks whether two block headers (plus an optional third, `extra`) prove a consensus fault.
pub fn verify_consensus_fault(
    h1: &[u8],
    h2: &[u8],
    extra: &[u8],
) -> SyscallResult<Option<ConsensusFault>> {
    let result = sys::crypto_verify_consensus_fault(h1, h2, extra)?;
    let fault = result.fault;
    if fault == 0 {
        return Ok(None);
    }
    let fault_type = u8::try_from(fault)
        .ok()
        .and_then(ConsensusFaultType::from_u8)
        .ok_or(ErrorNumber::IllegalOperation)?;
    Ok(Some(ConsensusFault {
        target: Address::new_id(result.target),
        epoch: result.epoch,
        fault_type,
    }))
}
