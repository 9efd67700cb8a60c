//! Filecoin sector commitments and their CIDs.
//!
//! A data (or piece) commitment, CommD / CommP, is the root of a binary
//! SHA-256 tree truncated to 254 bits; its CID has codec
//! `fil-commitment-unsealed` and multihash `sha2-256-trunc254-padded`. A
//! replica commitment, CommR, has codec `fil-commitment-sealed` and multihash
//! `poseidon-bls12_381-a2-fc1`.

use cid::Cid;
use multihash::Multihash;

/// A raw 32-byte commitment.
pub type Commitment = [u8; 32];

/// Codec of unsealed-data (CommD, CommP) CIDs.
pub const FIL_COMMITMENT_UNSEALED: u64 = 0xf101;
/// Codec of sealed-replica (CommR) CIDs.
pub const FIL_COMMITMENT_SEALED: u64 = 0xf102;
/// Multihash code of data commitments.
pub const SHA2_256_TRUNC254_PADDED: u64 = 0x1012;
/// Multihash code of replica commitments.
pub const POSEIDON_BLS12_381_A1_FC1: u64 = 0xb401;

/// Why a CID is not a commitment of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitmentError {
    /// The codec is not the one required.
    #[error("commitment CID has codec {found:#x}, expected {expected:#x}")]
    WrongCodec {
        /// Required codec.
        expected: u64,
        /// The CID's codec.
        found: u64,
    },
    /// The multihash code does not go with the codec.
    #[error("commitment CID has hash {found:#x}, expected {expected:#x}")]
    WrongHash {
        /// Required multihash code.
        expected: u64,
        /// The CID's multihash code.
        found: u64,
    },
    /// The digest is not 32 bytes.
    #[error("commitment must be 32 bytes, got {0}")]
    WrongLength(usize),
}

fn commitment_to_cid(codec: u64, hash: u64, commitment: &Commitment) -> Cid {
    match Multihash::<64>::wrap(hash, commitment) {
        Ok(mh) => Cid::new_v1(codec, mh),
        // A 32-byte digest always fits a 64-byte multihash.
        Err(_) => Cid::default(),
    }
}

fn cid_to_commitment(cid: &Cid, codec: u64, hash: u64) -> Result<Commitment, CommitmentError> {
    if cid.codec() != codec {
        return Err(CommitmentError::WrongCodec {
            expected: codec,
            found: cid.codec(),
        });
    }
    if cid.hash().code() != hash {
        return Err(CommitmentError::WrongHash {
            expected: hash,
            found: cid.hash().code(),
        });
    }
    let digest = cid.hash().digest();
    digest
        .try_into()
        .map_err(|_| CommitmentError::WrongLength(digest.len()))
}

/// The CID of a data (or piece) commitment.
pub fn data_commitment_to_cid(commitment: &Commitment) -> Cid {
    commitment_to_cid(
        FIL_COMMITMENT_UNSEALED,
        SHA2_256_TRUNC254_PADDED,
        commitment,
    )
}

/// The raw data (or piece) commitment inside `cid`.
pub fn cid_to_data_commitment(cid: &Cid) -> Result<Commitment, CommitmentError> {
    cid_to_commitment(cid, FIL_COMMITMENT_UNSEALED, SHA2_256_TRUNC254_PADDED)
}

/// The CID of a replica commitment.
pub fn replica_commitment_to_cid(commitment: &Commitment) -> Cid {
    commitment_to_cid(FIL_COMMITMENT_SEALED, POSEIDON_BLS12_381_A1_FC1, commitment)
}

/// The raw replica commitment inside `cid`.
pub fn cid_to_replica_commitment(cid: &Cid) -> Result<Commitment, CommitmentError> {
    cid_to_commitment(cid, FIL_COMMITMENT_SEALED, POSEIDON_BLS12_381_A1_FC1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_the_other_kind() {
        let comm = [7u8; 32];
        let data = data_commitment_to_cid(&comm);
        assert_eq!(cid_to_data_commitment(&data), Ok(comm));
        let replica = replica_commitment_to_cid(&comm);
        assert_eq!(cid_to_replica_commitment(&replica), Ok(comm));
        assert!(matches!(
            cid_to_data_commitment(&replica),
            Err(CommitmentError::WrongCodec { .. })
        ));
        let bad_hash = Cid::new_v1(
            FIL_COMMITMENT_UNSEALED,
            Multihash::<64>::wrap(0x12, &comm).unwrap(),
        );
        assert!(matches!(
            cid_to_data_commitment(&bad_hash),
            Err(CommitmentError::WrongHash { .. })
        ));
        let short = Cid::new_v1(
            FIL_COMMITMENT_UNSEALED,
            Multihash::<64>::wrap(SHA2_256_TRUNC254_PADDED, &[1; 31]).unwrap(),
        );
        assert_eq!(
            cid_to_data_commitment(&short),
            Err(CommitmentError::WrongLength(31))
        );
    }
}
