//! Byte strings as CBOR major type 2.
//!
//! Filecoin encodes every opaque byte field as a CBOR byte string and, on decode, accepts
//! nothing else: not an array of small integers and not a text string. The helpers here give
//! exactly that behaviour (the popular `serde_bytes` crate also accepts arrays, so it is not used
//! for decoding).

use alloc::vec::Vec;
use core::fmt;
use core::ops::{Deref, DerefMut};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Serialize/deserialize a `Vec<u8>` field as a CBOR byte string (`#[serde(with = "...")]`).
pub mod strict_bytes {
    use super::*;

    /// Writes `bytes` as a byte string.
    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    /// Reads a byte string, rejecting every other CBOR kind.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_bytes(StrictBytesVisitor)
    }
}

struct StrictBytesVisitor;

impl<'de> Visitor<'de> for StrictBytesVisitor {
    type Value = Vec<u8>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
        Ok(v.to_vec())
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
        Ok(v)
    }
}

/// Borrowed bytes that serialize as a CBOR byte string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BytesSer<'a>(pub &'a [u8]);

impl Serialize for BytesSer<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// Owned bytes read from a CBOR byte string (and only from one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BytesDe(pub Vec<u8>);

impl<'de> Deserialize<'de> for BytesDe {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        strict_bytes::deserialize(deserializer).map(BytesDe)
    }
}

/// Opaque, already-encoded bytes (method parameters, return values), carried as a CBOR byte
/// string.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RawBytes {
    bytes: Vec<u8>,
}

impl RawBytes {
    /// Wraps `bytes` without copying.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }

    /// Borrows the bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Returns the inner vector.
    pub fn into_inner(self) -> Vec<u8> {
        self.bytes
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for RawBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RawBytes(")?;
        for b in &self.bytes {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

impl From<Vec<u8>> for RawBytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self { bytes }
    }
}

impl From<RawBytes> for Vec<u8> {
    fn from(raw: RawBytes) -> Self {
        raw.bytes
    }
}

impl Deref for RawBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl Serialize for RawBytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.bytes)
    }
}

impl<'de> Deserialize<'de> for RawBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        strict_bytes::deserialize(deserializer).map(RawBytes::new)
    }
}

/// Byte vector used as a map key (e.g. HAMT keys); serialized as a CBOR byte string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BytesKey(pub Vec<u8>);

impl Deref for BytesKey {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl DerefMut for BytesKey {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl From<Vec<u8>> for BytesKey {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for BytesKey {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl Serialize for BytesKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for BytesKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        strict_bytes::deserialize(deserializer).map(BytesKey)
    }
}
