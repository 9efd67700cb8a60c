//! Cryptography the kernel offers actors: signature checks and secp256k1 key
//! recovery, the `crypto::hash` functions, commitment CIDs, unsealed sector
//! CIDs (CommD), and the pluggable [`ProofVerifier`] for sector proofs.

mod commd;
mod commitment;
mod hash;
mod proofs;
mod signature;

pub use commd::{
    compute_unsealed_sector_cid, piece_hash, zero_piece_commitment, CommDError, MIN_PIECE_SIZE,
};
pub use commitment::{
    cid_to_data_commitment, cid_to_replica_commitment, data_commitment_to_cid,
    replica_commitment_to_cid, Commitment, CommitmentError, FIL_COMMITMENT_SEALED,
    FIL_COMMITMENT_UNSEALED, POSEIDON_BLS12_381_A1_FC1, SHA2_256_TRUNC254_PADDED,
};
pub use hash::{digest, hash, supported_hash, UnsupportedHashCode, MAX_DIGEST_LEN};
pub use proofs::{AcceptAllProofs, ProofError, ProofVerifier};
pub use signature::{
    blake2b_256, check_signature, recover_secp_public_key, verify_bls_aggregate, verify_signature,
    SignatureError,
};
