//! Errors raised while decoding or building bitfields.

use super::MAX_ENCODED_SIZE;

/// Why an RLE+ byte string or a bit index was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BitFieldError {
    /// The bytes decode, but not in the one canonical (shortest) form: a trailing zero byte, a
    /// run that a shorter block could hold, or a trailing run of zeros.
    #[error("bitfield is not minimally encoded")]
    NotMinimal,
    /// The two version bits are not `00`.
    #[error("bitfield has an unsupported RLE+ version")]
    UnsupportedVersion,
    /// The run lengths add up to more than `u64::MAX` bits.
    #[error("bitfield run lengths overflow u64")]
    Overflow,
    /// A long run's varint is over-long, not minimal or exceeds `u64`.
    #[error("bitfield holds an invalid varint")]
    InvalidVarint,
    /// The encoded form is larger than [`MAX_ENCODED_SIZE`] bytes.
    #[error("encoded bitfield is {0} bytes, over the limit of {MAX_ENCODED_SIZE}")]
    TooLarge(usize),
    /// Bit `u64::MAX` cannot be represented.
    #[error("bitfields cannot hold bit u64::MAX")]
    OutOfRange,
}
