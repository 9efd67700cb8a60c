//! Reading a SHA-256 key hash a few bits at a time, most significant bit first.

use sha2::{Digest, Sha256};

use super::{HamtError, HashKey};

/// The hash of a key.
pub(crate) type KeyHash = [u8; 32];

/// SHA-256 of the key's hash input.
pub(crate) fn hash_key<Q: HashKey + ?Sized>(key: &Q) -> KeyHash {
    Sha256::digest(key.hash_input()).into()
}

/// A position in a key hash: the next level's slot index is read from here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HashBits<'a> {
    hash: &'a KeyHash,
    consumed: u32,
}

impl<'a> HashBits<'a> {
    /// Starts after `consumed` bits (0 for the root level).
    pub(crate) fn at(hash: &'a KeyHash, consumed: u32) -> Self {
        Self { hash, consumed }
    }

    /// Bits used so far.
    pub(crate) fn consumed(&self) -> u32 {
        self.consumed
    }

    /// The next `width` bits as a number; an error once the hash is used up.
    pub(crate) fn next(&mut self, width: u32) -> Result<u32, HamtError> {
        if width == 0 || width > 8 {
            return Err(HamtError::InvalidBitWidth(width));
        }
        if self.consumed + width > 256 {
            return Err(HamtError::MaxDepth);
        }
        let mut out = 0u32;
        for _ in 0..width {
            let byte = self.hash[(self.consumed / 8) as usize];
            let bit = (byte >> (7 - self.consumed % 8)) & 1;
            out = (out << 1) | u32::from(bit);
            self.consumed += 1;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_msb_first_across_bytes() {
        let mut hash = [0u8; 32];
        hash[0] = 0b1000_1000;
        hash[1] = 0b1010_1010;
        hash[2] = 0b1011_1111;
        hash[3] = 0b1111_1111;
        let mut bits = HashBits::at(&hash, 0);
        assert_eq!(bits.next(8).unwrap(), 0b1000_1000);
        assert_eq!(bits.next(5).unwrap(), 0b10101);
        assert_eq!(bits.next(5).unwrap(), 0b01010);
        assert_eq!(bits.next(6).unwrap(), 0b111111);
        assert_eq!(bits.next(8).unwrap(), 0b1111_1111);
        assert!(matches!(bits.next(9), Err(HamtError::InvalidBitWidth(9))));
        assert!(matches!(bits.next(0), Err(HamtError::InvalidBitWidth(0))));
        for _ in 0..28 {
            bits.next(8).unwrap();
        }
        assert!(matches!(bits.next(1), Err(HamtError::MaxDepth)));
    }

    #[test]
    fn sha256_of_bytes_without_prefix() {
        let h = hash_key(&b"abc"[..]);
        assert_eq!(h[..4], [0xba, 0x78, 0x16, 0xbf]);
    }
}
