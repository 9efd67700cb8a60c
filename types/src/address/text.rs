//! The string form of addresses: `<network><protocol><payload>`.
//!
//! ID addresses write the ID in decimal. The others write base32 (lower case, no padding) of
//! the raw payload followed by a 4-byte blake2b checksum of the byte form.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use data_encoding::{Encoding, Specification};

use super::{
    Address, AddressError, Network, Payload, Protocol, BLS_PUB_LEN, CHECKSUM_HASH_LEN,
    MAX_ADDRESS_LEN, PAYLOAD_HASH_LEN,
};

/// Longest decimal ID accepted in the string form (`u64::MAX` has 20 digits).
const MAX_ID_DIGITS: usize = 20;

fn base32() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("abcdefghijklmnopqrstuvwxyz234567");
    // A fixed, valid specification: building it cannot fail; fall back defensively anyway.
    spec.encoding()
        .unwrap_or_else(|_| data_encoding::BASE32_NOPAD.clone())
}

/// The 4-byte blake2b checksum of `ingest` (an address's byte form).
pub fn checksum(ingest: &[u8]) -> [u8; CHECKSUM_HASH_LEN] {
    let digest = blake2b_simd::Params::new()
        .hash_length(CHECKSUM_HASH_LEN)
        .hash(ingest);
    let mut out = [0u8; CHECKSUM_HASH_LEN];
    out.copy_from_slice(digest.as_bytes());
    out
}

/// True if `expected` is the checksum of `ingest`.
pub fn validate_checksum(ingest: &[u8], expected: &[u8]) -> bool {
    checksum(ingest).as_slice() == expected
}

pub(super) fn write_address(
    f: &mut fmt::Formatter<'_>,
    network: Network,
    payload: &Payload,
) -> fmt::Result {
    let prefix = network.prefix();
    let protocol = payload.protocol();
    match payload {
        Payload::ID(id) => write!(f, "{prefix}{protocol}{id}"),
        _ => {
            let mut data = payload.to_raw_bytes();
            data.extend_from_slice(&checksum(&payload.to_bytes()));
            write!(f, "{prefix}{protocol}{}", base32().encode(&data))
        }
    }
}

impl Address {
    /// The string form for `network`, whatever network this address carries.
    pub fn to_string_network(&self, network: Network) -> String {
        let mut copy = *self;
        copy.set_network(network);
        alloc::format!("{copy}")
    }
}

impl FromStr for Address {
    type Err = AddressError;

    fn from_str(text: &str) -> Result<Address, AddressError> {
        if text.len() > MAX_ADDRESS_LEN || text.len() < 3 {
            return Err(AddressError::InvalidLength);
        }
        let mut chars = text.chars();
        let network = chars
            .next()
            .and_then(Network::from_prefix)
            .ok_or(AddressError::UnknownNetwork)?;
        let protocol = match chars.next() {
            Some('0') => Protocol::ID,
            Some('1') => Protocol::Secp256k1,
            Some('2') => Protocol::Actor,
            Some('3') => Protocol::BLS,
            _ => return Err(AddressError::UnknownProtocol),
        };
        // Both leading characters are ASCII here, so byte offset 2 is a char boundary.
        let rest = text.get(2..).ok_or(AddressError::InvalidPayload)?;
        let payload = if protocol == Protocol::ID {
            if rest.len() > MAX_ID_DIGITS {
                return Err(AddressError::InvalidLength);
            }
            // `u64::from_str` (like the reference) accepts a leading '+'.
            Payload::ID(
                rest.parse::<u64>()
                    .map_err(|_| AddressError::InvalidPayload)?,
            )
        } else {
            decode_checked(protocol, rest)?
        };
        let mut address = Address::from_payload(payload);
        address.set_network(network);
        Ok(address)
    }
}

fn decode_checked(protocol: Protocol, text: &str) -> Result<Payload, AddressError> {
    let decoded: Vec<u8> = base32()
        .decode(text.as_bytes())
        .map_err(AddressError::Base32Decoding)?;
    let split = decoded
        .len()
        .checked_sub(CHECKSUM_HASH_LEN)
        .ok_or(AddressError::InvalidPayload)?;
    let (raw, sum) = decoded.split_at(split);
    let expected_len = match protocol {
        Protocol::BLS => BLS_PUB_LEN,
        _ => PAYLOAD_HASH_LEN,
    };
    if raw.len() != expected_len {
        return Err(AddressError::InvalidPayload);
    }
    let mut ingest = Vec::with_capacity(raw.len() + 1);
    ingest.push(protocol as u8);
    ingest.extend_from_slice(raw);
    if !validate_checksum(&ingest, sum) {
        return Err(AddressError::InvalidChecksum);
    }
    Payload::new(protocol, raw)
}
