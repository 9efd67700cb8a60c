//! DAG-CBOR encoding and CID computation.
//!
//! Encoding goes through `serde_ipld_dagcbor`, whose output for the shapes Filecoin uses (tuples,
//! byte strings, minimal-width integers, CIDs as tag 42 with a leading zero byte) is the same as
//! the encoder the reference VM used. Two differences matter only for shapes Filecoin does not
//! store: structs with named fields are written as maps with *sorted* keys (the older encoder kept
//! declaration order) and non-string map keys are refused. Decoding is strict DAG-CBOR: non-minimal
//! integers, indefinite lengths, trailing bytes and tags other than 42 are errors.

use cid::Cid;
use multihash::Multihash;
use serde::de::Deserialize;
use serde::Serialize;

/// Multicodec of DAG-CBOR blocks.
pub const DAG_CBOR: u64 = 0x71;
/// Multicodec of raw blocks.
pub const RAW: u64 = 0x55;
/// Multihash code of the identity "hash" (the digest is the data itself).
pub const IDENTITY: u64 = 0x00;
/// Multihash code of BLAKE2b with a 256-bit digest.
pub const BLAKE2B_256: u64 = 0xb220;
/// Multihash code of SHA2-256.
pub const SHA2_256: u64 = 0x12;
/// Length in bytes of a BLAKE2b-256 or SHA2-256 digest.
pub const DIGEST_LEN_256: usize = 32;

/// Why a value could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CborError {
    /// The value cannot be represented in DAG-CBOR.
    #[error("DAG-CBOR encoding failed: {0}")]
    Encode(String),
    /// The bytes are not valid DAG-CBOR for the requested type.
    #[error("DAG-CBOR decoding failed: {0}")]
    Decode(String),
}

/// Encodes `value` as DAG-CBOR.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, CborError> {
    serde_ipld_dagcbor::to_vec(value).map_err(|e| CborError::Encode(format!("{e:?}")))
}

/// Decodes one DAG-CBOR value that must span all of `bytes`.
pub fn from_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, CborError> {
    serde_ipld_dagcbor::from_slice(bytes).map_err(|e| CborError::Decode(format!("{e:?}")))
}

/// The BLAKE2b-256 digest of `bytes`.
pub fn blake2b_256(bytes: &[u8]) -> [u8; 32] {
    let hash = blake2b_simd::Params::new().hash_length(32).hash(bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(hash.as_bytes());
    out
}

/// The CIDv1 of `bytes` under `codec`, hashed with BLAKE2b-256 (Filecoin's default).
pub fn cid_of(codec: u64, bytes: &[u8]) -> Cid {
    let digest = blake2b_256(bytes);
    match Multihash::wrap(BLAKE2B_256, &digest) {
        Ok(mh) => Cid::new_v1(codec, mh),
        // A 32-byte digest always fits the 64-byte multihash.
        Err(_) => unreachable!("a 32-byte digest fits a multihash"),
    }
}

/// The CIDv1 of `bytes` under `codec` with an identity multihash, if `bytes` fits (64 bytes).
pub fn identity_cid(codec: u64, bytes: &[u8]) -> Option<Cid> {
    Multihash::wrap(IDENTITY, bytes)
        .ok()
        .map(|mh| Cid::new_v1(codec, mh))
}

/// Encodes `value` as DAG-CBOR and returns its bytes with their BLAKE2b-256 CID.
pub fn encode_block<T: Serialize + ?Sized>(value: &T) -> Result<(Cid, Vec<u8>), CborError> {
    let bytes = to_vec(value)?;
    Ok((cid_of(DAG_CBOR, &bytes), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_use_minimal_width() {
        assert_eq!(to_vec(&23u64).unwrap(), [0x17]);
        assert_eq!(to_vec(&24u64).unwrap(), [0x18, 24]);
        assert_eq!(to_vec(&256u64).unwrap(), [0x19, 1, 0]);
        assert_eq!(to_vec(&-1i64).unwrap(), [0x20]);
        assert_eq!(to_vec(&u64::MAX).unwrap()[0], 0x1b);
    }

    #[test]
    fn non_minimal_integers_are_rejected() {
        assert!(from_slice::<u64>(&[0x18, 5]).is_err());
        assert_eq!(from_slice::<u64>(&[0x18, 24]).unwrap(), 24);
    }

    #[test]
    fn bytes_and_arrays_differ() {
        let b = serde_bytes::ByteBuf::from(vec![1u8, 2]);
        assert_eq!(to_vec(&b).unwrap(), [0x42, 1, 2]);
        assert_eq!(to_vec(&vec![1u8, 2]).unwrap(), [0x82, 1, 2]);
    }

    #[test]
    fn cid_is_tag_42_with_zero_prefix() {
        let cid = cid_of(RAW, b"hello");
        let bytes = to_vec(&cid).unwrap();
        let raw = cid.to_bytes();
        assert_eq!(&bytes[..2], &[0xd8, 42]);
        assert_eq!(bytes[2], 0x58);
        assert_eq!(bytes[3] as usize, raw.len() + 1);
        assert_eq!(bytes[4], 0);
        assert_eq!(&bytes[5..], &raw[..]);
        assert_eq!(from_slice::<Cid>(&bytes).unwrap(), cid);
    }

    #[test]
    fn named_fields_are_written_with_sorted_keys() {
        // Keys sort by length, then bytes ("b" < "aa"), not by declaration order.
        #[derive(Serialize)]
        struct Named {
            aa: u8,
            b: u8,
        }
        let bytes = to_vec(&Named { aa: 1, b: 2 }).unwrap();
        assert_eq!(bytes, [0xa2, 0x61, b'b', 0x02, 0x62, b'a', b'a', 0x01]);
    }

    #[test]
    fn trailing_bytes_are_rejected() {
        assert!(from_slice::<u64>(&[0x01, 0x02]).is_err());
    }

    #[test]
    fn blake2b_cid_matches_known_vector() {
        // The empty DAG-CBOR array: its CID is a well-known Filecoin constant (the empty state info).
        let cid = cid_of(DAG_CBOR, &[0x80]);
        assert_eq!(
            cid.to_string(),
            "bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a"
        );
    }

    #[test]
    fn identity_cid_keeps_the_data() {
        let cid = identity_cid(RAW, b"fil/7/system").unwrap();
        assert_eq!(cid.hash().code(), IDENTITY);
        assert_eq!(cid.hash().digest(), b"fil/7/system");
        assert!(identity_cid(RAW, &[0u8; 65]).is_none());
    }
}
