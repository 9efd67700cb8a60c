//! Filecoin's big-integer byte encoding.
//!
//! A big integer is a CBOR byte string: empty for zero, otherwise a sign byte (`0x00` positive,
//! `0x01` negative) followed by the big-endian magnitude. At most [`MAX_BIGINT_SIZE`] bytes
//! (sign included) are written or read. Decoding is as lenient as the reference: leading zero
//! magnitude bytes and a lone sign byte are accepted.

pub use num_bigint::{BigInt, BigUint, Sign};

/// The most bytes (sign byte included) a big integer may take in its encoding.
pub const MAX_BIGINT_SIZE: usize = 128;

const TOO_LARGE: &str = "BigInt too large";

/// `#[serde(with = "bigint_ser")]` for `BigInt` fields.
pub mod bigint_ser {
    use alloc::vec::Vec;

    use serde::{de, ser, Deserialize, Deserializer, Serialize, Serializer};

    use super::{BigInt, Sign, MAX_BIGINT_SIZE, TOO_LARGE};
    use crate::bytes::strict_bytes;

    /// Encodes `value` as sign byte + big-endian magnitude (empty for zero).
    pub fn to_bytes(value: &BigInt) -> Vec<u8> {
        let (sign, magnitude) = value.to_bytes_be();
        let sign_byte = match sign {
            Sign::NoSign => return Vec::new(),
            Sign::Plus => 0u8,
            Sign::Minus => 1u8,
        };
        let mut out = Vec::with_capacity(magnitude.len() + 1);
        out.push(sign_byte);
        out.extend_from_slice(&magnitude);
        out
    }

    /// Decodes the byte encoding; `None` for a bad sign byte or more than
    /// [`MAX_BIGINT_SIZE`] bytes.
    pub fn from_bytes(bytes: &[u8]) -> Option<BigInt> {
        let Some((&sign_byte, magnitude)) = bytes.split_first() else {
            return Some(BigInt::default());
        };
        let sign = match sign_byte {
            0 => Sign::Plus,
            1 => Sign::Minus,
            _ => return None,
        };
        if bytes.len() > MAX_BIGINT_SIZE {
            return None;
        }
        Some(BigInt::from_bytes_be(sign, magnitude))
    }

    /// Serializes `value`; fails if the encoding exceeds [`MAX_BIGINT_SIZE`].
    pub fn serialize<S: Serializer>(value: &BigInt, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = to_bytes(value);
        if bytes.len() > MAX_BIGINT_SIZE {
            return Err(ser::Error::custom(TOO_LARGE));
        }
        serializer.serialize_bytes(&bytes)
    }

    /// Deserializes a big integer from a CBOR byte string.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BigInt, D::Error> {
        let bytes = strict_bytes::deserialize(deserializer)?;
        match bytes.first() {
            Some(0) | Some(1) | None => {}
            Some(_) => {
                return Err(de::Error::custom("first byte must be valid sign (0, 1)"));
            }
        }
        from_bytes(&bytes).ok_or_else(|| de::Error::custom(TOO_LARGE))
    }

    /// Borrowing wrapper that serializes a `BigInt` in this encoding.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct BigIntSer<'a>(pub &'a BigInt);

    impl Serialize for BigIntSer<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(self.0, serializer)
        }
    }

    /// Owning wrapper that deserializes (and serializes) a `BigInt` in this encoding.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct BigIntDe(pub BigInt);

    impl Serialize for BigIntDe {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize(&self.0, serializer)
        }
    }

    impl<'de> Deserialize<'de> for BigIntDe {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer).map(BigIntDe)
        }
    }
}

/// `#[serde(with = "biguint_ser")]` for `BigUint` fields (sign byte always `0x00`).
pub mod biguint_ser {
    use serde::{de, ser, Deserializer, Serializer};

    use super::{BigUint, MAX_BIGINT_SIZE, TOO_LARGE};
    use crate::bytes::strict_bytes;

    /// Serializes `value`; fails if the encoding exceeds [`MAX_BIGINT_SIZE`].
    pub fn serialize<S: Serializer>(value: &BigUint, serializer: S) -> Result<S::Ok, S::Error> {
        let mut bytes = value.to_bytes_be();
        if bytes == [0] {
            bytes.clear();
        } else {
            bytes.insert(0, 0);
        }
        if bytes.len() > MAX_BIGINT_SIZE {
            return Err(ser::Error::custom(TOO_LARGE));
        }
        serializer.serialize_bytes(&bytes)
    }

    /// Deserializes a non-negative big integer (first byte must be `0x00`).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BigUint, D::Error> {
        let bytes = strict_bytes::deserialize(deserializer)?;
        let Some((&sign, magnitude)) = bytes.split_first() else {
            return Ok(BigUint::default());
        };
        if sign != 0 {
            return Err(de::Error::custom(
                "first byte must be 0 to decode as BigUint",
            ));
        }
        if bytes.len() > MAX_BIGINT_SIZE {
            return Err(de::Error::custom(TOO_LARGE));
        }
        Ok(BigUint::from_bytes_be(magnitude))
    }
}
