//! HAMT keys: what is hashed to place a key, and the byte-string key type.

use std::borrow::{Borrow, Cow};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A key (or a borrowed form of one) that can be placed in a HAMT: SHA-256 of
/// [`hash_input`](Self::hash_input) picks its slot at every level.
///
/// For byte strings the input is the bytes themselves, with no length prefix, exactly as the
/// reference HAMT hashes them.
pub trait HashKey {
    /// The bytes fed to SHA-256.
    fn hash_input(&self) -> Cow<'_, [u8]>;
}

impl HashKey for [u8] {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self)
    }
}

impl HashKey for Vec<u8> {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self)
    }
}

impl HashKey for str {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl HashKey for String {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(self.as_bytes())
    }
}

impl HashKey for fvmi_types::BytesKey {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.0)
    }
}

/// A byte-string key, encoded as a CBOR byte string (the key type of Filecoin's HAMTs).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BytesKey(pub Vec<u8>);

impl HashKey for BytesKey {
    fn hash_input(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.0)
    }
}

impl Borrow<[u8]> for BytesKey {
    fn borrow(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for BytesKey {
    fn as_ref(&self) -> &[u8] {
        &self.0
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
        serde_bytes::ByteBuf::deserialize(deserializer).map(|b| Self(b.into_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::{from_slice, to_vec};

    #[test]
    fn bytes_key_is_a_cbor_byte_string() {
        let key = BytesKey(vec![0, 1, 2]);
        let bytes = to_vec(&key).unwrap();
        assert_eq!(bytes, [0x43, 0, 1, 2]);
        assert_eq!(from_slice::<BytesKey>(&bytes).unwrap(), key);
        assert!(from_slice::<BytesKey>(&[0x83, 0, 1, 2]).is_err());
    }
}
