//! Errors from building, decoding or parsing addresses.

use super::{BLS_PUB_LEN, SECP_PUB_LEN};

/// Why an address could not be built, decoded or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    /// The string form does not start with `f` or `t`.
    #[error("unknown address network")]
    UnknownNetwork,
    /// The protocol byte or character is not 0, 1, 2, 3 or 4.
    #[error("unknown address protocol")]
    UnknownProtocol,
    /// The payload is malformed (bad varint, bad decimal ID or namespace, missing `f` after a
    /// delegated namespace, wrong decoded length).
    #[error("invalid address payload")]
    InvalidPayload,
    /// The byte or string form is too short or too long (including a decoded string payload
    /// shorter than its checksum, or a decimal ID or namespace of more than 20 digits).
    #[error("invalid address length")]
    InvalidLength,
    /// A hash or key payload has the wrong number of bytes, or a delegated subaddress is
    /// longer than `MAX_SUBADDRESS_LEN`.
    #[error("invalid payload length: {0}")]
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
    /// A delegated payload was requested from a non-delegated address.
    #[error("cannot get delegated address from non delegated address")]
    NonDelegatedAddress,
}
