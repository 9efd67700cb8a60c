//! Plain values that cross the wasm ABI v1 boundary.
//!
//! The guest declares these as `#[repr(C, packed)]` structs and the host writes them into guest
//! memory at a caller-chosen offset. Here each has the same packed layout (checked by tests with
//! `size_of`/`offset_of`) plus `to_le_bytes`/`from_le_bytes`, so neither side needs `unsafe`.

pub mod out;

use crate::econ;

/// Handle of an IPLD block in the per-invocation block registry.
pub type BlockId = u32;
/// IPLD codec number (multicodec).
pub type Codec = u64;

/// A field of an ABI struct: a fixed number of little-endian bytes.
pub trait AbiField: Copy {
    /// Encoded size in bytes.
    const SIZE: usize;
    /// Writes the value into `out`, which is exactly `SIZE` bytes long.
    fn write_le(&self, out: &mut [u8]);
    /// Reads a value from `bytes`, which is exactly `SIZE` bytes long.
    fn read_le(bytes: &[u8]) -> Self;
}

macro_rules! abi_int {
    ($($ty:ty),*) => {$(
        impl AbiField for $ty {
            const SIZE: usize = core::mem::size_of::<$ty>();
            fn write_le(&self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
            fn read_le(bytes: &[u8]) -> Self {
                let mut buf = [0u8; core::mem::size_of::<$ty>()];
                buf.copy_from_slice(bytes);
                <$ty>::from_le_bytes(buf)
            }
        }
    )*};
}

abi_int!(u8, u16, u32, u64, i8, i16, i32, i64);

/// Declares a packed ABI struct with `SIZE`, `to_le_bytes`, `from_le_bytes` and `read_from`.
macro_rules! abi_struct {
    (
        $(#[$doc:meta])*
        pub struct $name:ident { $($(#[$field_doc:meta])* pub $field:ident : $ty:ty,)* }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        #[repr(C, packed)]
        pub struct $name {
            $($(#[$field_doc])* pub $field: $ty,)*
        }

        impl $name {
            /// Size in bytes of the packed layout.
            pub const SIZE: usize = 0 $(+ <$ty as $crate::sys::AbiField>::SIZE)*;

            /// The packed little-endian layout, as written into guest memory.
            pub fn to_le_bytes(&self) -> [u8; Self::SIZE] {
                let mut out = [0u8; Self::SIZE];
                let mut at = 0usize;
                $(
                    let end = at + <$ty as $crate::sys::AbiField>::SIZE;
                    let value = self.$field;
                    $crate::sys::AbiField::write_le(&value, &mut out[at..end]);
                    at = end;
                )*
                let _ = at;
                out
            }

            /// Reads the packed little-endian layout.
            pub fn from_le_bytes(bytes: &[u8; Self::SIZE]) -> Self {
                let mut at = 0usize;
                $(
                    let end = at + <$ty as $crate::sys::AbiField>::SIZE;
                    let $field = <$ty as $crate::sys::AbiField>::read_le(&bytes[at..end]);
                    at = end;
                )*
                let _ = at;
                $name { $($field),* }
            }

            /// Reads the layout from the start of `bytes`; `None` if it is too short.
            pub fn read_from(bytes: &[u8]) -> Option<Self> {
                let head: &[u8; Self::SIZE] = bytes.get(..Self::SIZE)?.try_into().ok()?;
                Some(Self::from_le_bytes(head))
            }
        }

        impl $crate::sys::AbiField for $name {
            const SIZE: usize = $name::SIZE;
            fn write_le(&self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_le_bytes());
            }
            fn read_le(bytes: &[u8]) -> Self {
                let mut buf = [0u8; $name::SIZE];
                buf.copy_from_slice(bytes);
                $name::from_le_bytes(&buf)
            }
        }
    };
}

pub(crate) use abi_struct;

abi_struct! {
    /// A token amount at the ABI: an unsigned 128-bit attoFIL value as two 64-bit halves.
    pub struct TokenAmount {
        /// Low 64 bits.
        pub lo: u64,
        /// High 64 bits.
        pub hi: u64,
    }
}

/// A negative or too large (>= 2^128 attoFIL) amount that does not fit the ABI form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("token amount does not fit in 128 unsigned bits")]
pub struct TokenAmountOutOfRange;

impl TokenAmount {
    /// From a 128-bit attoFIL value.
    pub const fn from_u128(value: u128) -> TokenAmount {
        TokenAmount {
            lo: value as u64,
            hi: (value >> 64) as u64,
        }
    }

    /// The 128-bit attoFIL value.
    pub const fn to_u128(self) -> u128 {
        ((self.hi as u128) << 64) | self.lo as u128
    }
}

impl From<TokenAmount> for econ::TokenAmount {
    fn from(value: TokenAmount) -> econ::TokenAmount {
        econ::TokenAmount::from_atto(value.to_u128())
    }
}

impl TryFrom<&econ::TokenAmount> for TokenAmount {
    type Error = TokenAmountOutOfRange;
    fn try_from(value: &econ::TokenAmount) -> Result<TokenAmount, TokenAmountOutOfRange> {
        u128::try_from(value.atto())
            .map(TokenAmount::from_u128)
            .map_err(|_| TokenAmountOutOfRange)
    }
}

impl TryFrom<econ::TokenAmount> for TokenAmount {
    type Error = TokenAmountOutOfRange;
    fn try_from(value: econ::TokenAmount) -> Result<TokenAmount, TokenAmountOutOfRange> {
        TokenAmount::try_from(&value)
    }
}
