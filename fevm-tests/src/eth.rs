//! Ethereum-side helpers: Keccak-256, 20-byte addresses and their f410 form, the CREATE address
//! rule the EAM applies, and FRC-42 method numbers.

use std::fmt;

use fvmi_types::Address;
use sha3::{Digest, Keccak256};

/// The EAM's actor ID: the namespace of f410 addresses.
pub const EAM_ACTOR_ID: u64 = 10;

/// Keccak-256 of `data`.
pub fn keccak256(data: &[u8]) -> [u8; 32] {
    Keccak256::digest(data).into()
}

/// A 20-byte Ethereum address.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EthAddress(pub [u8; 20]);

impl EthAddress {
    /// Parses 40 hex digits (an optional `0x` first).
    pub fn from_hex(text: &str) -> EthAddress {
        let bytes = crate::contracts::decode_hex(text.trim_start_matches("0x"));
        EthAddress(bytes.try_into().expect("20 bytes"))
    }

    /// The f410 address: delegated, namespace 10 (the EAM), this address as the subaddress.
    pub fn f410(&self) -> Address {
        Address::new_delegated(EAM_ACTOR_ID, &self.0).expect("20 bytes fit a subaddress")
    }

    /// The address as a 32-byte ABI word (left-padded with zeros).
    pub fn word(&self) -> [u8; 32] {
        let mut word = [0u8; 32];
        word[12..].copy_from_slice(&self.0);
        word
    }
}

impl fmt::Debug for EthAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x")?;
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// The RLP encoding of a byte string.
fn rlp_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    match bytes {
        [b] if *b < 0x80 => out.push(*b),
        _ => {
            assert!(bytes.len() < 56, "short strings only");
            out.push(0x80 + bytes.len() as u8);
            out.extend_from_slice(bytes);
        }
    }
}

/// The address a CREATE from `from` with `nonce` gets: the last 20 bytes of
/// `keccak256(rlp([from, nonce]))` (the EAM's `CreateExternal` uses the message's sequence as the
/// nonce when the caller is an Ethereum account).
pub fn create_address(from: &EthAddress, nonce: u64) -> EthAddress {
    let mut payload = Vec::new();
    rlp_bytes(&mut payload, &from.0);
    let nonce_bytes = nonce.to_be_bytes();
    let first = nonce_bytes
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(nonce_bytes.len());
    rlp_bytes(&mut payload, &nonce_bytes[first..]);
    let mut list = vec![0xc0 + payload.len() as u8];
    list.extend_from_slice(&payload);
    let hash = keccak256(&list);
    EthAddress(hash[12..].try_into().expect("20 bytes"))
}

/// The robust (f2) address the call manager gives the `created`-th actor created by the message
/// from `origin` with sequence `nonce`, as ref-fvm v3 derives it: BLAKE2b-160 of the CBOR encoding
/// of the origin address (a byte string, header included), then the nonce and the count as
/// big-endian u64s.
pub fn robust_address(origin: &Address, nonce: u64, created: u64) -> [u8; 20] {
    let bytes = origin.to_bytes();
    assert!(bytes.len() < 24, "a one-byte CBOR header");
    let mut seed = vec![0x40 + bytes.len() as u8];
    seed.extend_from_slice(&bytes);
    seed.extend_from_slice(&nonce.to_be_bytes());
    seed.extend_from_slice(&created.to_be_bytes());
    let digest = blake2b_simd::Params::new().hash_length(20).hash(&seed);
    digest.as_bytes().try_into().expect("20 bytes")
}

/// The FRC-42 method number of `name`: the first big-endian 4-byte chunk of
/// `BLAKE2b-512("1|" + name)` that is at least 2^24.
pub fn frc42_method_number(name: &str) -> u64 {
    let digest = blake2b_simd::Params::new()
        .hash_length(64)
        .hash(format!("1|{name}").as_bytes());
    digest
        .as_bytes()
        .chunks_exact(4)
        .map(|c| u32::from_be_bytes(c.try_into().expect("4 bytes")))
        .find(|n| *n >= 1 << 24)
        .expect("a chunk above 2^24") as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_addresses_match_the_eam_known_answers() {
        // The EAM's own known answers (builtin-actors v10, actors/eam `test_create_address`).
        let cases = [
            ([0u8; 20], 0u64, "bd770416a3345f91e4b34576cb804a576fa48eb1"),
            ([0; 20], 200, "a6b14387c1356b443061155e9c3e17f72c1777e5"),
            ([123; 20], 12345, "809a9ab0471e78ee5100e96ca4d0828d1b97e2ba"),
        ];
        for (from, nonce, expected) in cases {
            assert_eq!(
                create_address(&EthAddress(from), nonce),
                EthAddress::from_hex(expected)
            );
        }
    }

    #[test]
    fn invoke_evm_method_number() {
        assert_eq!(frc42_method_number("InvokeEVM"), 3_844_450_837);
        assert_eq!(crate::evm::INVOKE_CONTRACT, 3_844_450_837);
    }

    #[test]
    fn keccak_known_answer() {
        assert_eq!(
            keccak256(b""),
            crate::evm::EMPTY_BYTECODE_HASH,
            "keccak256 of nothing"
        );
    }
}
