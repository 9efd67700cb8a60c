//! The hash functions of the `crypto::hash` syscall, by multihash code.

use fvmi_types::SupportedHashes;
use multihash::Multihash;
use sha2::Digest as _;

/// The largest digest any supported hash produces, in bytes.
pub const MAX_DIGEST_LEN: usize = 64;

/// The hash code is not one the VM supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unsupported hash code {0:#x}")]
pub struct UnsupportedHashCode(pub u64);

/// The supported hash with multihash code `code`, if any.
pub fn supported_hash(code: u64) -> Option<SupportedHashes> {
    [
        SupportedHashes::Sha2_256,
        SupportedHashes::Blake2b256,
        SupportedHashes::Blake2b512,
        SupportedHashes::Keccak256,
        SupportedHashes::Ripemd160,
    ]
    .into_iter()
    .find(|hash| *hash as u64 == code)
}

/// The digest of `data` under `hash`.
pub fn digest(hash: SupportedHashes, data: &[u8]) -> Vec<u8> {
    match hash {
        SupportedHashes::Sha2_256 => sha2::Sha256::digest(data).to_vec(),
        SupportedHashes::Blake2b256 => blake2b(32, data),
        SupportedHashes::Blake2b512 => blake2b(64, data),
        SupportedHashes::Keccak256 => sha3::Keccak256::digest(data).to_vec(),
        SupportedHashes::Ripemd160 => ripemd::Ripemd160::digest(data).to_vec(),
    }
}

fn blake2b(len: usize, data: &[u8]) -> Vec<u8> {
    blake2b_simd::Params::new()
        .hash_length(len)
        .hash(data)
        .as_bytes()
        .to_vec()
}

/// Hashes `data` with the function of multihash code `code`, returning the
/// multihash (code and digest).
pub fn hash(code: u64, data: &[u8]) -> Result<Multihash<MAX_DIGEST_LEN>, UnsupportedHashCode> {
    let hash = supported_hash(code).ok_or(UnsupportedHashCode(code))?;
    // Every digest is at most 64 bytes, so wrapping cannot fail.
    Multihash::wrap(code, &digest(hash, data)).map_err(|_| UnsupportedHashCode(code))
}
