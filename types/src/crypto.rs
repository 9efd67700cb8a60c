//! Signatures, their sizes, and the hash functions actors may ask for.

use alloc::vec::Vec;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::bytes::strict_bytes;

/// Length of a BLS signature.
pub const BLS_SIG_LEN: usize = 96;
/// Length of a BLS public key.
pub const BLS_PUB_LEN: usize = 48;
/// Length of a recoverable secp256k1 signature (r, s, recovery id).
pub const SECP_SIG_LEN: usize = 65;
/// Length of an uncompressed secp256k1 public key.
pub const SECP_PUB_LEN: usize = 65;
/// Length of the message digest a secp256k1 signature signs.
pub const SECP_SIG_MESSAGE_HASH_SIZE: usize = 32;

/// Signature scheme; encoded as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum SignatureType {
    /// secp256k1 ECDSA.
    Secp256k1 = 1,
    /// BLS12-381.
    BLS = 2,
}

impl SignatureType {
    /// The scheme for its number, if known.
    pub fn from_byte(byte: u8) -> Option<SignatureType> {
        match byte {
            1 => Some(SignatureType::Secp256k1),
            2 => Some(SignatureType::BLS),
            _ => None,
        }
    }
}

impl Serialize for SignatureType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(*self as u8)
    }
}

impl<'de> Deserialize<'de> for SignatureType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let byte = u8::deserialize(deserializer)?;
        SignatureType::from_byte(byte).ok_or_else(|| de::Error::custom("invalid signature type"))
    }
}

/// A signature; encoded as one byte string: the type byte followed by the signature bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    /// Scheme.
    pub sig_type: SignatureType,
    /// Signature bytes (no type byte).
    pub bytes: Vec<u8>,
}

impl Signature {
    /// A secp256k1 signature.
    pub fn new_secp256k1(bytes: Vec<u8>) -> Signature {
        Signature {
            sig_type: SignatureType::Secp256k1,
            bytes,
        }
    }

    /// A BLS signature.
    pub fn new_bls(bytes: Vec<u8>) -> Signature {
        Signature {
            sig_type: SignatureType::BLS,
            bytes,
        }
    }

    /// The signature bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The scheme.
    pub fn signature_type(&self) -> SignatureType {
        self.sig_type
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = Vec::with_capacity(self.bytes.len() + 1);
        bytes.push(self.sig_type as u8);
        bytes.extend_from_slice(&self.bytes);
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = strict_bytes::deserialize(deserializer)?;
        let (&type_byte, rest) = bytes
            .split_first()
            .ok_or_else(|| de::Error::custom("cannot deserialize empty bytes"))?;
        let sig_type = SignatureType::from_byte(type_byte)
            .ok_or_else(|| de::Error::custom("invalid signature type byte (must be 1 or 2)"))?;
        Ok(Signature {
            sig_type,
            bytes: rest.to_vec(),
        })
    }
}

/// Multihash codes of the hash functions the `crypto::hash` syscall supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u64)]
pub enum SupportedHashes {
    /// SHA2-256.
    Sha2_256 = 0x12,
    /// BLAKE2b-256.
    Blake2b256 = 0xb220,
    /// BLAKE2b-512.
    Blake2b512 = 0xb240,
    /// Keccak-256.
    Keccak256 = 0x1b,
    /// RIPEMD-160.
    Ripemd160 = 0x1053,
}
