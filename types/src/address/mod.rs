//! Filecoin addresses: byte form, string form and CBOR encoding.

mod delegated;
mod error;
mod leb128;
mod payload;
mod protocol;
mod text;

use alloc::vec::Vec;
use core::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

pub use self::delegated::DelegatedAddress;
pub use self::error::AddressError;
pub use self::payload::Payload;
pub use self::protocol::{Network, Protocol};
pub use self::text::{checksum, validate_checksum};
use crate::ActorID;

/// Length of the blake2b hash in secp256k1 and actor payloads.
pub const PAYLOAD_HASH_LEN: usize = 20;
/// Length of an uncompressed secp256k1 public key.
pub const SECP_PUB_LEN: usize = 65;
/// Length of a BLS public key.
pub const BLS_PUB_LEN: usize = 48;
/// Length of the checksum in the string form.
pub const CHECKSUM_HASH_LEN: usize = 4;
/// Longest subaddress of a delegated (f4) address.
pub const MAX_SUBADDRESS_LEN: usize = 54;
/// The namespace of delegated addresses managed by the Ethereum Address Manager actor (ID 10):
/// `f410f…` addresses, whose subaddress is a 20-byte Ethereum address.
pub const EAM_NAMESPACE: ActorID = 10;
/// Longest string the parser looks at; longer strings fail with
/// [`AddressError::InvalidLength`] before anything else is checked (the reference's limit).
///
/// The longest string form any address produces is 116 characters: a delegated address with a
/// 20-digit namespace and a [`MAX_SUBADDRESS_LEN`]-byte subaddress
/// (`f4` + 20 digits + `f` + 93 base32 characters).
pub const MAX_ADDRESS_LEN: usize = 138;
/// Longest byte form: a delegated address (protocol byte + 10-byte varint namespace +
/// [`MAX_SUBADDRESS_LEN`]-byte subaddress).
pub const MAX_ADDRESS_BYTES_LEN: usize = 1 + leb128::MAX_LEN + MAX_SUBADDRESS_LEN;
/// The first actor ID handed out after the builtin singleton actors.
pub const FIRST_NON_SINGLETON_ADDR: ActorID = 100;
/// The network used by [`Address::from_bytes`] and by `Display`.
pub const NETWORK_DEFAULT: Network = Network::Mainnet;
/// The BLS key of the "zero" BLS address
/// `f3yaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaby2smx7a`,
/// which the VM refuses to auto-create as an account.
pub const BLS_ZERO_ADDR_BYTES: [u8; BLS_PUB_LEN] = {
    let mut key = [0u8; BLS_PUB_LEN];
    key[0] = 0xc0;
    key
};

/// A Filecoin address: a protocol-tagged payload plus the network used for its string form.
///
/// Equality compares the network too (as the reference does); every address decoded from bytes
/// is on [`NETWORK_DEFAULT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    network: Network,
    payload: Payload,
}

impl Address {
    /// An ID address.
    pub const fn new_id(id: ActorID) -> Address {
        Address {
            network: NETWORK_DEFAULT,
            payload: Payload::ID(id),
        }
    }

    /// A secp256k1 address from a 65-byte uncompressed public key (blake2b-160 of the key).
    pub fn new_secp256k1(pubkey: &[u8]) -> Result<Address, AddressError> {
        if pubkey.len() != SECP_PUB_LEN {
            return Err(AddressError::InvalidSecpLength(pubkey.len()));
        }
        Ok(Address::from_payload(Payload::Secp256k1(address_hash(
            pubkey,
        ))))
    }

    /// An actor address: blake2b-160 of `data`.
    pub fn new_actor(data: &[u8]) -> Address {
        Address::from_payload(Payload::Actor(address_hash(data)))
    }

    /// A BLS address from a 48-byte public key.
    pub fn new_bls(pubkey: &[u8]) -> Result<Address, AddressError> {
        let key = pubkey
            .try_into()
            .map_err(|_| AddressError::InvalidBlsLength(pubkey.len()))?;
        Ok(Address::from_payload(Payload::BLS(key)))
    }

    /// A delegated (f4) address: `subaddress` in the space managed by actor `namespace`.
    /// Fails with [`AddressError::InvalidPayloadLength`] if `subaddress` is longer than
    /// [`MAX_SUBADDRESS_LEN`] bytes.
    pub fn new_delegated(namespace: ActorID, subaddress: &[u8]) -> Result<Address, AddressError> {
        Ok(Address::from_payload(Payload::Delegated(
            DelegatedAddress::new(namespace, subaddress)?,
        )))
    }

    /// An address on [`NETWORK_DEFAULT`] with the given payload.
    pub const fn from_payload(payload: Payload) -> Address {
        Address {
            network: NETWORK_DEFAULT,
            payload,
        }
    }

    /// Decodes the byte form (protocol byte + payload); at least two bytes are required.
    pub fn from_bytes(bytes: &[u8]) -> Result<Address, AddressError> {
        match bytes {
            [protocol, payload @ ..] if !payload.is_empty() => {
                let protocol =
                    Protocol::from_byte(*protocol).ok_or(AddressError::UnknownProtocol)?;
                Ok(Address::from_payload(Payload::new(protocol, payload)?))
            }
            _ => Err(AddressError::InvalidLength),
        }
    }

    /// The byte form: protocol byte followed by the payload bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.payload.to_bytes()
    }

    /// The protocol.
    pub fn protocol(&self) -> Protocol {
        self.payload.protocol()
    }

    /// The payload.
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// Consumes the address, returning its payload.
    pub fn into_payload(self) -> Payload {
        self.payload
    }

    /// The payload bytes without the protocol byte.
    pub fn payload_bytes(&self) -> Vec<u8> {
        self.payload.to_raw_bytes()
    }

    /// The network used for the string form.
    pub fn network(&self) -> Network {
        self.network
    }

    /// Changes the network used for the string form.
    pub fn set_network(&mut self, network: Network) -> &mut Address {
        self.network = network;
        self
    }

    /// The actor ID of an ID address.
    pub fn id(&self) -> Result<ActorID, AddressError> {
        match self.payload {
            Payload::ID(id) => Ok(id),
            _ => Err(AddressError::NonIdAddress),
        }
    }

    /// True for the BLS "zero" address (see [`BLS_ZERO_ADDR_BYTES`]).
    pub fn is_bls_zero_address(&self) -> bool {
        matches!(self.payload, Payload::BLS(key) if key == BLS_ZERO_ADDR_BYTES)
    }
}

/// blake2b with a 20-byte digest, as used for secp256k1 and actor payloads.
fn address_hash(data: &[u8]) -> [u8; PAYLOAD_HASH_LEN] {
    let digest = blake2b_simd::Params::new()
        .hash_length(PAYLOAD_HASH_LEN)
        .hash(data);
    let mut out = [0u8; PAYLOAD_HASH_LEN];
    out.copy_from_slice(digest.as_bytes());
    out
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::write_address(f, self.network, &self.payload)
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.to_bytes())
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = crate::bytes::strict_bytes::deserialize(deserializer)?;
        Address::from_bytes(&bytes).map_err(de::Error::custom)
    }
}
