//! RLE+ bitfields: sets of `u64` bit indices stored as runs, encoded exactly as Filecoin's
//! `fvm_ipld_bitfield` (the encoding the builtin actors use for sector numbers, partitions...).
//!
//! A [`BitField`] holds any set of indices in `0..u64::MAX`; it serializes (serde) as a CBOR byte
//! string of its canonical RLE+ encoding, limited to [`MAX_ENCODED_SIZE`] bytes both ways.
//! Decoding rejects every non-canonical byte string and never panics.

mod error;
mod ops;
mod range_set;
mod rleplus;
mod serialize;

use core::ops::Range;

pub use error::BitFieldError;

/// The largest encoded bitfield, in bytes, that serialization accepts or produces.
pub const MAX_ENCODED_SIZE: usize = 32 << 10;

/// A set of bit indices, kept as sorted runs of set bits.
///
/// Equality is set equality. Indices range over `0..u64::MAX`; `u64::MAX` itself is excluded.
///
/// ```
/// use fvmi_ipld::bitfield::{BitField, BitFieldError};
///
/// let mut sectors = BitField::try_from_bits([1, 2, 3, 10])?;
/// sectors.unset(2);
/// sectors.set(4)?;
/// let faults = BitField::from_ranges([3..5]);
/// assert_eq!((&sectors - &faults).iter().collect::<Vec<_>>(), [1, 10]);
/// assert_eq!(BitField::from_bytes(&sectors.to_bytes())?, sectors);
/// # Ok::<(), BitFieldError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BitField {
    /// Non-empty, sorted, disjoint ranges with at least one unset bit between neighbours.
    ranges: Vec<Range<u64>>,
}

impl BitField {
    /// An empty bitfield.
    pub fn new() -> Self {
        Self::default()
    }

    /// The bitfield holding every bit of the given ranges, in any order, possibly overlapping.
    pub fn from_ranges(ranges: impl IntoIterator<Item = Range<u64>>) -> Self {
        Self {
            ranges: range_set::normalize(ranges.into_iter().collect()),
        }
    }

    /// The bitfield holding the given bits, in any order, duplicates allowed.
    ///
    /// Fails with [`BitFieldError::OutOfRange`] if a bit is `u64::MAX`.
    pub fn try_from_bits(bits: impl IntoIterator<Item = u64>) -> Result<Self, BitFieldError> {
        let ranges = bits
            .into_iter()
            .map(Self::single)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            ranges: range_set::normalize(ranges),
        })
    }

    fn single(bit: u64) -> Result<Range<u64>, BitFieldError> {
        bit.checked_add(1)
            .map(|end| bit..end)
            .ok_or(BitFieldError::OutOfRange)
    }

    /// Decodes canonical RLE+ bytes. The empty byte string is the empty bitfield.
    ///
    /// This applies no size limit (the work is linear in the input); serde deserialization
    /// additionally rejects inputs over [`MAX_ENCODED_SIZE`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BitFieldError> {
        Ok(Self {
            ranges: rleplus::decode(bytes)?,
        })
    }

    /// The canonical RLE+ encoding (empty for the empty bitfield).
    pub fn to_bytes(&self) -> Vec<u8> {
        rleplus::encode(&self.ranges)
    }

    /// Adds a bit. Fails with [`BitFieldError::OutOfRange`] for `u64::MAX`.
    pub fn set(&mut self, bit: u64) -> Result<(), BitFieldError> {
        let single = Self::single(bit)?;
        if !self.get(bit) {
            self.ranges = range_set::union(&self.ranges, &[single]);
        }
        Ok(())
    }

    /// Removes a bit (a no-op if it is not set).
    pub fn unset(&mut self, bit: u64) {
        if let (true, Ok(single)) = (self.get(bit), Self::single(bit)) {
            self.ranges = range_set::difference(&self.ranges, &[single]);
        }
    }

    /// Whether a bit is set.
    pub fn get(&self, bit: u64) -> bool {
        let index = self.ranges.partition_point(|range| range.end <= bit);
        self.ranges
            .get(index)
            .is_some_and(|range| range.start <= bit)
    }

    /// The lowest set bit.
    pub fn first(&self) -> Option<u64> {
        self.ranges.first().map(|range| range.start)
    }

    /// The highest set bit.
    pub fn last(&self) -> Option<u64> {
        self.ranges.last().map(|range| range.end - 1)
    }

    /// The number of set bits.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(range_set::size).sum()
    }

    /// Whether no bit is set.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The set bits in ascending order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.ranges.iter().flat_map(Clone::clone)
    }

    /// The set bits in ascending order, or `None` if there are more than `max` of them.
    pub fn bounded_iter(&self, max: u64) -> Option<impl Iterator<Item = u64> + '_> {
        (self.len() <= max).then(|| self.iter())
    }

    /// The maximal runs of set bits, ascending, non-empty, with gaps between them.
    pub fn ranges(&self) -> impl ExactSizeIterator<Item = Range<u64>> + '_ {
        self.ranges.iter().cloned()
    }

    /// The union of any number of bitfields.
    pub fn union<'a>(bitfields: impl IntoIterator<Item = &'a BitField>) -> Self {
        bitfields
            .into_iter()
            .fold(Self::new(), |acc, next| &acc | next)
    }

    /// Whether `self` and `other` share a bit.
    pub fn contains_any(&self, other: &BitField) -> bool {
        range_set::intersects(&self.ranges, &other.ranges)
    }

    /// Whether every bit of `other` is in `self`.
    pub fn contains_all(&self, other: &BitField) -> bool {
        range_set::difference(&other.ranges, &self.ranges).is_empty()
    }

    /// Removes the bits of `other` and shifts each remaining bit down by the number of bits of
    /// `other` below it (`xx-xxx--x` cut by `-xx-x----` is `xxx--x`).
    pub fn cut(&self, other: &BitField) -> Self {
        Self {
            ranges: range_set::cut(&self.ranges, &other.ranges),
        }
    }

    /// The `count` set bits that follow the first `start` set bits, or `None` if there are fewer.
    pub fn slice(&self, start: u64, count: u64) -> Option<Self> {
        let slice = Self {
            ranges: range_set::skip_take(&self.ranges, start, count),
        };
        (slice.len() == count).then_some(slice)
    }
}

impl TryFrom<&[u8]> for BitField {
    type Error = BitFieldError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        Self::from_bytes(bytes)
    }
}
