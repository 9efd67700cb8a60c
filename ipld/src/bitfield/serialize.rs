//! Serde support: a bitfield is a byte string holding its RLE+ encoding.

use core::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{BitField, BitFieldError, MAX_ENCODED_SIZE};

impl Serialize for BitField {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = self.to_bytes();
        if bytes.len() > MAX_ENCODED_SIZE {
            return Err(serde::ser::Error::custom(BitFieldError::TooLarge(
                bytes.len(),
            )));
        }
        serializer.serialize_bytes(&bytes)
    }
}

/// Accepts byte strings only (not text, not arrays), as the reference does.
struct RlePlusVisitor;

impl Visitor<'_> for RlePlusVisitor {
    type Value = BitField;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an RLE+ encoded bitfield as a byte string")
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<BitField, E> {
        if bytes.len() > MAX_ENCODED_SIZE {
            return Err(E::custom(BitFieldError::TooLarge(bytes.len())));
        }
        BitField::from_bytes(bytes).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for BitField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(RlePlusVisitor)
    }
}
