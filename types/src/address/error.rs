//! Errors from building, decoding or parsing addresses.

use super::{BLS_PUB_LEN, PAYLOAD_HASH_LEN, SECP_PUB_LEN};

/// Why an address could not be built, decoded or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// The string form does not start with `f` or `t`.
    #[error("unknown address network")]
    UnknownNetwork,
    /// The protocol byte or character is not 0, 1, 2 or 3.
    #[error("unknown address protocol")]
    UnknownProtocol,
    /// The payload is malformed (bad varint, bad decimal id, wrong decoded length).
    #[error("invalid address payload")]
    InvalidPayload,
    /// The byte or string form is too short or too long.
    #[error("invalid address length")]
    InvalidLength,
    /// A hash or key payload has the wrong number of bytes.
    #[error("invalid payload length, wanted: {PAYLOAD_HASH_LEN} got: {0}")]
    InvalidPayloadLength(usize),
    /// A BLS public key is not 48 bytes.
    #[error("invalid BLS pub key length, wanted: {BLS_PUB_LEN} got: {0}")]
    InvalidBlsLength(usize),
    /// A secp256k1 public key is not 65 bytes.
    #[error("invalid SECP pub key length, wanted: {SECP_PUB_LEN} got: {0}")]
    InvalidSecpLength(usize),
    /// The checksum of the string form does not match.
    #[error("invalid address checksum")]
    InvalidChecksum,
    /// The string form is not valid base32 (lower case, no padding).
    #[error("decoding for address failed: {0}")]
    Base32Decoding(data_encoding::DecodeError),
    /// An ID was requested from a non-ID address.
    #[error("cannot get id from non id address")]
    NonIdAddress,
}
