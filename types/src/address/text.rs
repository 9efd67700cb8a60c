//! The string form of addresses: `<network><protocol><payload>`.
//!
//! ID addresses write the ID in decimal. Delegated addresses write the namespace in decimal,
//! an `f`, then base32 (lower case, no padding) of the subaddress followed by the 4-byte
//! blake2b checksum of the whole byte form. The others write base32 of the raw payload followed
//! by the checksum of the byte form.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use data_encoding::{Encoding, Specification};

use super::{
    leb128, Address, AddressError, DelegatedAddress, Network, Payload, Protocol, BLS_PUB_LEN,
    CHECKSUM_HASH_LEN, MAX_ADDRESS_BYTES_LEN, MAX_ADDRESS_LEN, PAYLOAD_HASH_LEN,
};

/// Longest decimal ID or namespace accepted in the string form (`u64::MAX` has 20 digits).
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
        Payload::Delegated(delegated) => {
            let namespace = delegated.namespace();
            let encoded = encode_checked(delegated.subaddress(), &payload.to_bytes());
            write!(f, "{prefix}{protocol}{namespace}f{encoded}")
        }
        Payload::Secp256k1(_) | Payload::Actor(_) | Payload::BLS(_) => {
            let encoded = encode_checked(&payload.to_raw_bytes(), &payload.to_bytes());
            write!(f, "{prefix}{protocol}{encoded}")
        }
    }
}

/// base32 of `data` followed by the checksum of `ingest` (the whole byte form).
fn encode_checked(data: &[u8], ingest: &[u8]) -> String {
    let mut buffer = Vec::with_capacity(data.len() + CHECKSUM_HASH_LEN);
    buffer.extend_from_slice(data);
    buffer.extend_from_slice(&checksum(ingest));
    base32().encode(&buffer)
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

    /// Parses the string form for either network (the result carries the parsed network).
    ///
    /// Checks, in order (each failure is final): the length (3..=[`MAX_ADDRESS_LEN`] bytes,
    /// else `InvalidLength`), the network character (`UnknownNetwork`), the protocol character
    /// (`UnknownProtocol`), then the payload:
    /// - ID: at most 20 characters (`InvalidLength`), a `u64` in decimal (`InvalidPayload`);
    /// - delegated: a decimal namespace up to the first `f` (no `f`: `InvalidPayload`; more
    ///   than 20 characters: `InvalidLength`; not a `u64`: `InvalidPayload`), then the checked
    ///   base32 subaddress;
    /// - checked base32 payloads: base32 (`Base32Decoding`), at least the 4 checksum bytes
    ///   (`InvalidLength`), the checksum (`InvalidChecksum`), then the payload length
    ///   (`InvalidPayload` for secp256k1, actor and BLS; `InvalidPayloadLength` for a
    ///   subaddress longer than [`MAX_SUBADDRESS_LEN`](super::MAX_SUBADDRESS_LEN)).
    ///
    /// Decimal numbers go through `u64::from_str`, which (like the reference) accepts a
    /// leading `+` and leading zeros.
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
            Some('4') => Protocol::Delegated,
            _ => return Err(AddressError::UnknownProtocol),
        };
        // Both leading characters are ASCII here, so byte offset 2 is a char boundary.
        let rest = text.get(2..).ok_or(AddressError::InvalidPayload)?;
        let payload = match protocol {
            Protocol::ID => Payload::ID(parse_decimal(rest)?),
            Protocol::Delegated => {
                let (namespace, encoded) =
                    rest.split_once('f').ok_or(AddressError::InvalidPayload)?;
                let namespace = parse_decimal(namespace)?;
                let decoded = decode_base32(encoded)?;
                let mut ingest = Vec::with_capacity(MAX_ADDRESS_BYTES_LEN);
                ingest.push(Protocol::Delegated as u8);
                leb128::encode_into(namespace, &mut ingest);
                let subaddress = split_checksum(ingest, &decoded)?;
                Payload::Delegated(DelegatedAddress::new(namespace, subaddress)?)
            }
            Protocol::Secp256k1 | Protocol::Actor | Protocol::BLS => {
                let decoded = decode_base32(rest)?;
                let raw = split_checksum(alloc::vec![protocol as u8], &decoded)?;
                let expected_len = match protocol {
                    Protocol::BLS => BLS_PUB_LEN,
                    _ => PAYLOAD_HASH_LEN,
                };
                if raw.len() != expected_len {
                    return Err(AddressError::InvalidPayload);
                }
                Payload::new(protocol, raw)?
            }
        };
        let mut address = Address::from_payload(payload);
        address.set_network(network);
        Ok(address)
    }
}

/// A decimal ID or namespace of at most [`MAX_ID_DIGITS`] characters.
fn parse_decimal(text: &str) -> Result<u64, AddressError> {
    if text.len() > MAX_ID_DIGITS {
        return Err(AddressError::InvalidLength);
    }
    text.parse::<u64>()
        .map_err(|_| AddressError::InvalidPayload)
}

fn decode_base32(text: &str) -> Result<Vec<u8>, AddressError> {
    base32()
        .decode(text.as_bytes())
        .map_err(AddressError::Base32Decoding)
}

/// Splits the trailing checksum off `decoded` and checks it against `ingest` (the byte form
/// before the payload) followed by the payload; returns the payload.
fn split_checksum(mut ingest: Vec<u8>, decoded: &[u8]) -> Result<&[u8], AddressError> {
    let split = decoded
        .len()
        .checked_sub(CHECKSUM_HASH_LEN)
        .ok_or(AddressError::InvalidLength)?;
    let (raw, sum) = decoded.split_at(split);
    ingest.extend_from_slice(raw);
    if !validate_checksum(&ingest, sum) {
        return Err(AddressError::InvalidChecksum);
    }
    Ok(raw)
}
