//! Address protocols and networks.

use core::fmt;

/// How an address's payload was derived; the first byte of the byte form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Protocol {
    /// An actor ID (LEB128 varint payload).
    ID = 0,
    /// A blake2b-160 hash of an uncompressed secp256k1 public key.
    Secp256k1 = 1,
    /// A blake2b-160 hash of data chosen by the creating actor.
    Actor = 2,
    /// A BLS public key (48 bytes).
    BLS = 3,
    /// A namespace actor ID plus a subaddress managed by that actor (the "f4" addresses).
    Delegated = 4,
}

impl Protocol {
    /// The protocol for a byte-form protocol byte, if any.
    pub fn from_byte(byte: u8) -> Option<Protocol> {
        match byte {
            0 => Some(Protocol::ID),
            1 => Some(Protocol::Secp256k1),
            2 => Some(Protocol::Actor),
            3 => Some(Protocol::BLS),
            4 => Some(Protocol::Delegated),
            _ => None,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", *self as u8)
    }
}

/// The network an address string is written for; only the string prefix depends on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Network {
    /// Prefix `f`.
    #[default]
    Mainnet = 0,
    /// Prefix `t`.
    Testnet = 1,
}

impl Network {
    /// The one-character string prefix.
    pub fn prefix(self) -> char {
        match self {
            Network::Mainnet => 'f',
            Network::Testnet => 't',
        }
    }

    /// The network for a string prefix character, if any.
    pub fn from_prefix(prefix: char) -> Option<Network> {
        match prefix {
            'f' => Some(Network::Mainnet),
            't' => Some(Network::Testnet),
            _ => None,
        }
    }
}
