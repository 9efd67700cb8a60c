//! The protocol-specific data of an address.

use alloc::vec::Vec;

use super::leb128;
use super::{
    AddressError, DelegatedAddress, Protocol, BLS_PUB_LEN, MAX_ADDRESS_BYTES_LEN, PAYLOAD_HASH_LEN,
};

/// An address payload, one variant per protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Payload {
    /// An actor ID.
    ID(u64),
    /// blake2b-160 of an uncompressed secp256k1 public key.
    Secp256k1([u8; PAYLOAD_HASH_LEN]),
    /// blake2b-160 of actor-chosen data.
    Actor([u8; PAYLOAD_HASH_LEN]),
    /// A BLS public key.
    BLS([u8; BLS_PUB_LEN]),
    /// A namespace actor ID and a subaddress managed by that actor.
    Delegated(DelegatedAddress),
}

impl Payload {
    /// The protocol this payload belongs to.
    pub fn protocol(&self) -> Protocol {
        match self {
            Payload::ID(_) => Protocol::ID,
            Payload::Secp256k1(_) => Protocol::Secp256k1,
            Payload::Actor(_) => Protocol::Actor,
            Payload::BLS(_) => Protocol::BLS,
            Payload::Delegated(_) => Protocol::Delegated,
        }
    }

    /// The payload bytes without the protocol byte (ID: minimal LEB128; delegated: minimal
    /// LEB128 namespace followed by the subaddress).
    pub fn to_raw_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write_raw(&mut out);
        out
    }

    /// The byte form: protocol byte followed by the raw payload bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAX_ADDRESS_BYTES_LEN);
        out.push(self.protocol() as u8);
        self.write_raw(&mut out);
        out
    }

    fn write_raw(&self, out: &mut Vec<u8>) {
        match self {
            Payload::ID(id) => leb128::encode_into(*id, out),
            Payload::Secp256k1(hash) | Payload::Actor(hash) => out.extend_from_slice(hash),
            Payload::BLS(key) => out.extend_from_slice(key),
            Payload::Delegated(delegated) => {
                leb128::encode_into(delegated.namespace(), out);
                out.extend_from_slice(delegated.subaddress());
            }
        }
    }

    /// Decodes raw payload bytes for `protocol`.
    ///
    /// ID payloads must be exactly one varint (see the `leb128` quirks); hash payloads must be
    /// 20 bytes and BLS keys 48 bytes, else [`AddressError::InvalidPayloadLength`]. Delegated
    /// payloads are a varint namespace (same rules as ID payloads, else
    /// [`AddressError::InvalidPayload`]) followed by a subaddress of at most
    /// [`MAX_SUBADDRESS_LEN`](super::MAX_SUBADDRESS_LEN) bytes, which may be empty.
    pub fn new(protocol: Protocol, bytes: &[u8]) -> Result<Payload, AddressError> {
        let wrong_length = || AddressError::InvalidPayloadLength(bytes.len());
        Ok(match protocol {
            Protocol::ID => {
                Payload::ID(leb128::decode_exact(bytes).ok_or(AddressError::InvalidPayload)?)
            }
            Protocol::Secp256k1 => {
                Payload::Secp256k1(bytes.try_into().map_err(|_| wrong_length())?)
            }
            Protocol::Actor => Payload::Actor(bytes.try_into().map_err(|_| wrong_length())?),
            Protocol::BLS => Payload::BLS(bytes.try_into().map_err(|_| wrong_length())?),
            Protocol::Delegated => {
                let (namespace, subaddress) =
                    leb128::decode(bytes).map_err(|_| AddressError::InvalidPayload)?;
                Payload::Delegated(DelegatedAddress::new(namespace, subaddress)?)
            }
        })
    }
}
