//! The 256-bit occupancy bitmap of a HAMT node.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Which of a node's (up to 256) slots hold a pointer. Bit `i` is slot `i`.
///
/// Encoded as a CBOR byte string: the bitmap as a 256-bit big-endian number with leading zero
/// bytes removed (so an empty bitmap is the empty byte string).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Bitmap([u64; 4]);

impl Bitmap {
    pub(crate) fn test(&self, bit: u32) -> bool {
        let (word, shift) = Self::locate(bit);
        self.0[word] & (1u64 << shift) != 0
    }

    pub(crate) fn set(&mut self, bit: u32) {
        let (word, shift) = Self::locate(bit);
        self.0[word] |= 1u64 << shift;
    }

    pub(crate) fn clear(&mut self, bit: u32) {
        let (word, shift) = Self::locate(bit);
        self.0[word] &= !(1u64 << shift);
    }

    /// How many set bits are below `bit`: the index of slot `bit` among the node's pointers.
    pub(crate) fn rank(&self, bit: u32) -> usize {
        let (word, shift) = Self::locate(bit);
        let below: u32 = self.0[..word].iter().map(|w| w.count_ones()).sum();
        let partial = (self.0[word] & ((1u64 << shift) - 1)).count_ones();
        (below + partial) as usize
    }

    /// Word and bit within it; `bit` is masked to 0..=255, callers pass at most 8-bit indices.
    fn locate(bit: u32) -> (usize, u32) {
        let bit = bit & 0xff;
        ((bit / 64) as usize, bit % 64)
    }

    fn to_be_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(8).zip(self.0.iter().rev()) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

impl Serialize for Bitmap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = self.to_be_bytes();
        let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        serializer.serialize_bytes(&bytes[start..])
    }
}

impl<'de> Deserialize<'de> for Bitmap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(deserializer)?;
        if bytes.len() > 32 {
            return Err(de::Error::invalid_length(bytes.len(), &"at most 32 bytes"));
        }
        let mut full = [0u8; 32];
        full[32 - bytes.len()..].copy_from_slice(&bytes);
        let mut words = [0u64; 4];
        for (word, chunk) in words.iter_mut().rev().zip(full.chunks_exact(8)) {
            let mut be = [0u8; 8];
            be.copy_from_slice(chunk);
            *word = u64::from_be_bytes(be);
        }
        Ok(Self(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::{from_slice, to_vec};
    use proptest::prelude::*;

    #[test]
    fn encoding_strips_leading_zeros() {
        let mut b = Bitmap::default();
        assert_eq!(to_vec(&b).unwrap(), [0x40]);
        b.set(0);
        assert_eq!(to_vec(&b).unwrap(), [0x41, 1]);
        b.set(64);
        assert_eq!(to_vec(&b).unwrap(), [0x49, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
        b.set(255);
        let bytes = to_vec(&b).unwrap();
        assert_eq!(bytes.len(), 2 + 32);
        assert_eq!(bytes[2], 0x80);
    }

    #[test]
    fn oversized_bitmaps_are_errors() {
        let mut bytes = vec![0x58, 33];
        bytes.extend([1u8; 33]);
        assert!(from_slice::<Bitmap>(&bytes).is_err());
    }

    proptest! {
        #[test]
        fn rank_and_roundtrip(bits in proptest::collection::btree_set(0u32..256, 0..40)) {
            let mut b = Bitmap::default();
            for bit in &bits {
                b.set(*bit);
            }
            for probe in 0..256u32 {
                prop_assert_eq!(b.test(probe), bits.contains(&probe));
                prop_assert_eq!(b.rank(probe), bits.range(..probe).count());
            }
            let back: Bitmap = from_slice(&to_vec(&b).unwrap()).unwrap();
            prop_assert_eq!(back, b);
            if let Some(first) = bits.iter().next() {
                b.clear(*first);
                prop_assert!(!b.test(*first));
            }
        }
    }
}
