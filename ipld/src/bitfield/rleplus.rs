//! The RLE+ wire format.
//!
//! A bitfield is written as a stream of bits, least significant bit of each byte first:
//!
//! * two version bits, always `00`;
//! * one bit giving the value of the first run (`1` when bit 0 is set);
//! * then the lengths of alternating runs of equal bits, each as one of
//!   * `1`: a run of length one;
//!   * `01` then four bits: a run of length 2 to 15;
//!   * `00` then an unsigned LEB128 varint (eight bits per byte): a run of 16 or more.
//!
//! The stream ends with the last run of ones; the bits after it up to the byte boundary are zero
//! and the byte string never ends in a zero byte. Every set of bits has exactly one encoding, and
//! the decoder rejects all other byte strings.

use core::ops::Range;

use super::BitFieldError;

/// A varint may take ten bytes, so that it can hold any `u64` (unlike multiformats' limit of 9).
const VARINT_MAX_BYTES: u32 = 10;

/// Reads bits least-significant first; past the end of the input it reads zeros.
struct BitReader<'a> {
    bytes: &'a [u8],
    /// Position of the next bit to read.
    position: u64,
    /// One past the position of the last set bit of the input.
    end: u64,
}

impl<'a> BitReader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let end = match bytes.last() {
            Some(&last) => (bytes.len() as u64 - 1) * 8 + u64::from(8 - last.leading_zeros()),
            None => 0,
        };
        Self {
            bytes,
            position: 0,
            end,
        }
    }

    fn bit_at(&self, position: u64) -> u8 {
        let byte = usize::try_from(position / 8)
            .ok()
            .and_then(|index| self.bytes.get(index))
            .copied()
            .unwrap_or(0);
        (byte >> (position % 8)) & 1
    }

    /// Returns the next `count` (at most 8) bits without consuming them.
    fn peek(&self, count: u32) -> u8 {
        (0..count).fold(0, |value, k| {
            value | (self.bit_at(self.position.saturating_add(u64::from(k))) << k)
        })
    }

    fn read(&mut self, count: u32) -> u8 {
        let value = self.peek(count);
        self.position = self.position.saturating_add(u64::from(count));
        value
    }

    /// True while a set bit remains ahead.
    fn has_more(&self) -> bool {
        self.position < self.end
    }

    fn read_varint(&mut self) -> Result<u64, BitFieldError> {
        let mut value = 0u64;
        for index in 0..VARINT_MAX_BYTES {
            let byte = self.read(8);
            value |= u64::from(byte & 0x7f) << (7 * index);
            if byte & 0x80 == 0 {
                // The tenth byte may only carry the single bit 63; a final zero byte after the
                // first is padding that a minimal varint never has.
                let overflows = index == VARINT_MAX_BYTES - 1 && byte > 1;
                let padded = byte == 0 && index != 0;
                if overflows || padded {
                    return Err(BitFieldError::InvalidVarint);
                }
                return Ok(value);
            }
        }
        Err(BitFieldError::InvalidVarint)
    }

    /// Reads the next run length, or `None` at the end of the stream.
    fn read_run(&mut self) -> Result<Option<u64>, BitFieldError> {
        if !self.has_more() {
            return Ok(None);
        }
        let prefix = self.read(1);
        if prefix == 1 {
            return Ok(Some(1));
        }
        let length = if self.read(1) == 1 {
            let short = u64::from(self.read(4));
            if short < 2 {
                return Err(BitFieldError::NotMinimal);
            }
            short
        } else {
            let long = self.read_varint()?;
            if long < 16 {
                return Err(BitFieldError::NotMinimal);
            }
            long
        };
        Ok(Some(length))
    }
}

/// Decodes RLE+ bytes into sorted, disjoint, non-adjacent ranges of set bits.
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<Range<u64>>, BitFieldError> {
    if bytes.last() == Some(&0) {
        return Err(BitFieldError::NotMinimal);
    }
    let mut reader = BitReader::new(bytes);
    if reader.read(2) != 0 {
        return Err(BitFieldError::UnsupportedVersion);
    }
    let mut ones = reader.read(1) == 1;
    let mut ranges = Vec::new();
    let mut position = 0u64;
    while let Some(length) = reader.read_run()? {
        let end = position
            .checked_add(length)
            .ok_or(BitFieldError::Overflow)?;
        if ones {
            ranges.push(position..end);
        }
        position = end;
        ones = !ones;
    }
    // After a final run of ones the flag has flipped back to "zeros"; anything else means the
    // stream ended with a run of zeros (or with no run at all after a leading one).
    if ones {
        return Err(BitFieldError::NotMinimal);
    }
    Ok(ranges)
}

/// Appends bits least-significant first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    length: u64,
}

impl BitWriter {
    fn write(&mut self, value: u64, count: u32) {
        for k in 0..count {
            let offset = self.length % 8;
            if offset == 0 {
                self.bytes.push(0);
            }
            if (value >> k) & 1 == 1 {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= 1 << offset;
                }
            }
            self.length += 1;
        }
    }

    fn write_run(&mut self, length: u64) {
        if length == 1 {
            self.write(1, 1);
        } else if length < 16 {
            self.write(0b10, 2);
            self.write(length, 4);
        } else {
            self.write(0b00, 2);
            let mut rest = length;
            while rest >= 0x80 {
                self.write((rest & 0x7f) | 0x80, 8);
                rest >>= 7;
            }
            self.write(rest, 8);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        while self.bytes.last() == Some(&0) {
            self.bytes.pop();
        }
        self.bytes
    }
}

/// Encodes sorted, disjoint, non-adjacent, non-empty ranges in canonical RLE+.
pub(super) fn encode(ranges: &[Range<u64>]) -> Vec<u8> {
    let Some(first) = ranges.first() else {
        return Vec::new();
    };
    let mut writer = BitWriter::default();
    writer.write(0, 2);
    if first.start == 0 {
        writer.write(1, 1);
    } else {
        writer.write(0, 1);
        writer.write_run(first.start);
    }
    let mut position = first.start;
    for range in ranges {
        if range.start > position {
            writer.write_run(range.start - position);
        }
        writer.write_run(range.end - range.start);
        position = range.end;
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_blocks_round_trip() {
        for length in [1u64, 2, 15, 16, 127, 128, 147, 1 << 40, u64::MAX] {
            let mut writer = BitWriter::default();
            writer.write_run(length);
            writer.write_run(1);
            let bytes = writer.finish();
            let mut reader = BitReader::new(&bytes);
            assert_eq!(reader.read_run(), Ok(Some(length)));
            assert_eq!(reader.read_run(), Ok(Some(1)));
            assert_eq!(reader.read_run(), Ok(None));
        }
    }

    #[test]
    fn writer_packs_least_significant_bit_first() {
        let mut writer = BitWriter::default();
        for length in [1, 2, 11, 15, 147] {
            writer.write_run(length);
        }
        assert_eq!(
            writer.finish(),
            [0b0001_0101, 0b1101_0111, 0b0110_0111, 0b0011_0010]
        );
    }
}
