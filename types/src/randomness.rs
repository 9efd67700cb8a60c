//! Randomness drawn from the chain or the beacon.

use alloc::vec::Vec;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::bytes::strict_bytes;

/// Length of the randomness returned by the `rand` syscalls.
pub const RANDOMNESS_LENGTH: usize = 32;

/// Randomness bytes; encoded as a CBOR byte string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Randomness(pub Vec<u8>);

impl Serialize for Randomness {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Randomness {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        strict_bytes::deserialize(deserializer).map(Randomness)
    }
}
