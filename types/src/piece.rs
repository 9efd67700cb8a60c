//! Piece sizes and piece descriptors.

use cid::Cid;
use serde::{Deserialize, Serialize};

use crate::tuple_serde;

/// A piece size before Fr32 padding (a power-of-two multiple of 127).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnpaddedPieceSize(pub u64);

impl UnpaddedPieceSize {
    /// The padded size (adds one byte per 127).
    pub fn padded(self) -> PaddedPieceSize {
        PaddedPieceSize(self.0 + self.0 / 127)
    }

    /// Checks the size is at least 127 and a power-of-two multiple of 127.
    pub fn validate(self) -> Result<(), &'static str> {
        if self.0 < 127 {
            return Err("minimum piece size is 127 bytes");
        }
        if self.0 >> self.0.trailing_zeros() != 127 {
            return Err("unpadded piece size must be a power of 2 multiple of 127");
        }
        Ok(())
    }
}

/// A piece size after Fr32 padding (a power of two); encoded as a CBOR unsigned integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PaddedPieceSize(pub u64);

impl PaddedPieceSize {
    /// The unpadded size (removes one byte per 128).
    pub fn unpadded(self) -> UnpaddedPieceSize {
        UnpaddedPieceSize(self.0 - self.0 / 128)
    }

    /// Checks the size is at least 128 and a power of two.
    pub fn validate(self) -> Result<(), &'static str> {
        if self.0 < 128 {
            return Err("minimum piece size is 128 bytes");
        }
        if self.0.count_ones() != 1 {
            return Err("padded piece size must be a power of 2");
        }
        Ok(())
    }
}

/// A piece in a sector: `[size, cid]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceInfo {
    /// Padded size.
    pub size: PaddedPieceSize,
    /// Piece commitment CID.
    pub cid: Cid,
}

tuple_serde!(PieceInfo {
    size: PaddedPieceSize,
    cid: Cid,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piece_size_conversions_and_checks() {
        let padded = PaddedPieceSize(128);
        assert_eq!(padded.validate(), Ok(()));
        assert_eq!(padded.unpadded(), UnpaddedPieceSize(127));
        assert_eq!(UnpaddedPieceSize(127).padded(), padded);
        assert!(PaddedPieceSize(127).validate().is_err());
        assert!(PaddedPieceSize(129).validate().is_err());
        assert!(UnpaddedPieceSize(126).validate().is_err());
        assert_eq!(UnpaddedPieceSize(0b11_1111_1000).validate(), Ok(()));
        assert!(UnpaddedPieceSize(0b11_1011_1000).validate().is_err());
        assert!(UnpaddedPieceSize(0).validate().is_err());
    }
}
