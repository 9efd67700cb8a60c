//! Signature verification (secp256k1 and BLS) and secp256k1 key recovery, as
//! Filecoin defines them.
//!
//! - secp256k1: the plaintext is hashed with BLAKE2b-256; the signer's public
//!   key is recovered from the 65-byte recoverable signature (`r || s || v`)
//!   and the signature is valid when the secp256k1 address of that key is the
//!   signer's address.
//! - BLS: the signer address's payload is the 48-byte compressed G1 public
//!   key; the 96-byte compressed G2 signature is checked over the plaintext
//!   with the `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_` ciphersuite.

use bls_signatures::Serialize as _;
use fvmi_types::{
    Address, Protocol, Signature, SignatureType, BLS_SIG_LEN, SECP_PUB_LEN, SECP_SIG_LEN,
    SECP_SIG_MESSAGE_HASH_SIZE,
};

/// Why a signature is not valid for a signer and plaintext.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The signer address is not of the signature's kind.
    #[error("cannot check a {sig_type:?} signature against a {protocol} address")]
    WrongAddressProtocol {
        /// The signature's kind.
        sig_type: SignatureType,
        /// The signer address's protocol.
        protocol: Protocol,
    },
    /// The signature has the wrong number of bytes.
    #[error("{sig_type:?} signature must be {expected} bytes, got {actual}")]
    BadLength {
        /// The signature's kind.
        sig_type: SignatureType,
        /// The required length.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// The bytes do not decode to a signature (or recovery id).
    #[error("malformed signature: {0}")]
    Malformed(String),
    /// The signer's BLS public key does not decode.
    #[error("malformed BLS public key: {0}")]
    BadPublicKey(String),
    /// No public key can be recovered from this secp256k1 signature.
    #[error("public key recovery failed: {0}")]
    RecoveryFailed(String),
    /// Well-formed, but not a signature of this plaintext by this signer.
    #[error("signature does not match the signer and plaintext")]
    Mismatch,
}

/// Whether `signature` is a valid signature of `plaintext` by `signer` (a
/// key address: secp256k1 or BLS). Any failure, malformed input included,
/// is `false`; [`check_signature`] tells why.
pub fn verify_signature(signature: &Signature, signer: &Address, plaintext: &[u8]) -> bool {
    check_signature(signature.sig_type, &signature.bytes, signer, plaintext).is_ok()
}

/// Checks a signature of kind `sig_type` given as raw bytes: `Ok(())` when
/// `signature` signs `plaintext` for `signer`, else the reason it does not.
pub fn check_signature(
    sig_type: SignatureType,
    signature: &[u8],
    signer: &Address,
    plaintext: &[u8],
) -> Result<(), SignatureError> {
    let expected_protocol = match sig_type {
        SignatureType::Secp256k1 => Protocol::Secp256k1,
        SignatureType::BLS => Protocol::BLS,
    };
    if signer.protocol() != expected_protocol {
        return Err(SignatureError::WrongAddressProtocol {
            sig_type,
            protocol: signer.protocol(),
        });
    }
    match sig_type {
        SignatureType::Secp256k1 => check_secp256k1(signature, signer, plaintext),
        SignatureType::BLS => check_bls(signature, signer, plaintext),
    }
}

/// BLAKE2b-256 of `data`: the digest secp256k1 signatures sign.
pub fn blake2b_256(data: &[u8]) -> [u8; 32] {
    let digest = blake2b_simd::Params::new()
        .hash_length(32)
        .to_state()
        .update(data)
        .finalize();
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_bytes());
    out
}

fn check_secp256k1(
    signature: &[u8],
    signer: &Address,
    plaintext: &[u8],
) -> Result<(), SignatureError> {
    let signature: &[u8; SECP_SIG_LEN] =
        signature
            .try_into()
            .map_err(|_| SignatureError::BadLength {
                sig_type: SignatureType::Secp256k1,
                expected: SECP_SIG_LEN,
                actual: signature.len(),
            })?;
    let public_key = recover_secp_public_key(&blake2b_256(plaintext), signature)?;
    let recovered = Address::new_secp256k1(&public_key)
        .map_err(|e| SignatureError::RecoveryFailed(e.to_string()))?;
    if recovered.payload() == signer.payload() {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Recovers the uncompressed (65-byte) public key that produced `signature`
/// (`r || s || recovery id`) over the 32-byte message digest `hash`.
pub fn recover_secp_public_key(
    hash: &[u8; SECP_SIG_MESSAGE_HASH_SIZE],
    signature: &[u8; SECP_SIG_LEN],
) -> Result<[u8; SECP_PUB_LEN], SignatureError> {
    let [rs @ .., v] = signature;
    let recovery_id = libsecp256k1::RecoveryId::parse(*v)
        .map_err(|e| SignatureError::Malformed(format!("{e:?}")))?;
    let mut compact = [0u8; 64];
    compact.copy_from_slice(rs);
    let parsed = libsecp256k1::Signature::parse_standard(&compact)
        .map_err(|e| SignatureError::Malformed(format!("{e:?}")))?;
    let message = libsecp256k1::Message::parse(hash);
    let key = libsecp256k1::recover(&message, &parsed, &recovery_id)
        .map_err(|e| SignatureError::RecoveryFailed(format!("{e:?}")))?;
    Ok(key.serialize())
}

fn check_bls(signature: &[u8], signer: &Address, plaintext: &[u8]) -> Result<(), SignatureError> {
    if signature.len() != BLS_SIG_LEN {
        return Err(SignatureError::BadLength {
            sig_type: SignatureType::BLS,
            expected: BLS_SIG_LEN,
            actual: signature.len(),
        });
    }
    let public_key = bls_signatures::PublicKey::from_bytes(&signer.payload_bytes())
        .map_err(|e| SignatureError::BadPublicKey(e.to_string()))?;
    let signature = bls_signatures::Signature::from_bytes(signature)
        .map_err(|e| SignatureError::Malformed(e.to_string()))?;
    if bls_signatures::verify_messages(&signature, &[plaintext], &[public_key]) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Whether `signature` is the BLS aggregate of one signature per
/// `(plaintexts[i], public_keys[i])` pair (48-byte compressed keys). Empty
/// input is valid; mismatched lengths, undecodable keys or signature, or a
/// repeated plaintext are not.
pub fn verify_bls_aggregate(plaintexts: &[&[u8]], public_keys: &[&[u8]], signature: &[u8]) -> bool {
    if plaintexts.len() != public_keys.len() {
        return false;
    }
    if plaintexts.is_empty() {
        return true;
    }
    let Ok(signature) = bls_signatures::Signature::from_bytes(signature) else {
        return false;
    };
    let keys: Result<Vec<_>, _> = public_keys
        .iter()
        .map(|key| bls_signatures::PublicKey::from_bytes(key))
        .collect();
    match keys {
        Ok(keys) => bls_signatures::verify_messages(&signature, plaintexts, &keys),
        Err(_) => false,
    }
}
