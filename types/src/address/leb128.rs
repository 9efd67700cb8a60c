//! Unsigned LEB128 varints for ID-address payloads and delegated-address namespaces.
//!
//! Decoding mirrors the `unsigned-varint` crate (0.7 and 0.8 decode alike) used by the
//! reference, quirks included:
//! - at most 10 bytes are read; an 11th continuation byte is an overflow error;
//! - a multi-byte varint whose last byte is `0x00` is rejected as non-minimal;
//! - bits of the 10th byte above bit 63 are silently discarded (so e.g.
//!   `ff ff ff ff ff ff ff ff ff 7f` decodes to `u64::MAX`).

use alloc::vec::Vec;

/// Maximum encoded length of a `u64`.
pub(crate) const MAX_LEN: usize = 10;

/// Why a varint could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VarintError {
    /// The input ended before the last byte.
    Insufficient,
    /// More than ten bytes.
    Overflow,
    /// The encoding has a redundant trailing zero byte.
    NotMinimal,
}

/// Appends the minimal encoding of `value` to `out`.
pub(crate) fn encode_into(mut value: u64, out: &mut Vec<u8>) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Returns the minimal encoding of `value`.
#[cfg(test)]
pub(crate) fn encode(value: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(MAX_LEN);
    encode_into(value, &mut out);
    out
}

/// Decodes one varint from the front of `bytes`, returning it and the rest of the input.
pub(crate) fn decode(bytes: &[u8]) -> Result<(u64, &[u8]), VarintError> {
    let mut value: u64 = 0;
    for (index, &byte) in bytes.iter().enumerate() {
        // `index < MAX_LEN` here, so the shift amount is at most 63.
        let shift = (index * 7) as u32;
        value |= u64::from(byte & 0x7f).wrapping_shl(shift);
        if byte & 0x80 == 0 {
            if byte == 0 && index > 0 {
                return Err(VarintError::NotMinimal);
            }
            return Ok((value, bytes.get(index + 1..).unwrap_or_default()));
        }
        if index + 1 == MAX_LEN {
            return Err(VarintError::Overflow);
        }
    }
    Err(VarintError::Insufficient)
}

/// Decodes a varint that must use up all of `bytes`.
pub(crate) fn decode_exact(bytes: &[u8]) -> Option<u64> {
    match decode(bytes) {
        Ok((value, [])) => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_encodings() {
        assert_eq!(encode(0), [0x00]);
        assert_eq!(encode(127), [0x7f]);
        assert_eq!(encode(128), [0x80, 0x01]);
        assert_eq!(encode(300), [0xac, 0x02]);
        assert_eq!(encode(u64::MAX).len(), MAX_LEN);
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(decode(&[]), Err(VarintError::Insufficient));
        assert_eq!(decode(&[0x80]), Err(VarintError::Insufficient));
        assert_eq!(decode(&[0x80, 0x00]), Err(VarintError::NotMinimal));
        assert_eq!(decode(&[0xff; 11]), Err(VarintError::Overflow));
        assert_eq!(decode_exact(&[67, 0, 1, 2]), None);
        assert_eq!(decode_exact(&[67, 0, 130, 0]), None);
        assert_eq!(decode_exact(&[67]), Some(67));
    }

    #[test]
    fn tenth_byte_high_bits_are_dropped_like_the_reference() {
        let mut bytes = [0xffu8; 10];
        bytes[9] = 0x7f;
        assert_eq!(decode_exact(&bytes), Some(u64::MAX));
        let mut zeroish = [0x80u8; 10];
        zeroish[9] = 0x02;
        assert_eq!(decode_exact(&zeroish), Some(0));
    }

    proptest! {
        #[test]
        fn round_trip(value: u64) {
            prop_assert_eq!(decode_exact(&encode(value)), Some(value));
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..16)) {
            let _ = decode(&bytes);
        }
    }
}
