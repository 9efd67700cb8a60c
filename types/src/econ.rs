//! Token amounts in attoFIL.

use alloc::string::String;
use core::fmt;
use core::iter::Sum;
use core::ops::{Add, AddAssign, Mul, MulAssign, Neg, Sub, SubAssign};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::bigint::bigint_ser;

/// An amount of FIL, held exactly as a (possibly negative) number of attoFIL (10^-18 FIL).
///
/// Encoded with Filecoin's big-integer byte encoding (see [`crate::bigint_ser`]).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenAmount {
    atto: BigInt,
}

impl TokenAmount {
    /// Number of decimal places of one FIL.
    pub const DECIMALS: usize = 18;
    /// attoFIL per FIL.
    pub const PRECISION: u64 = 1_000_000_000_000_000_000;

    /// From a number of attoFIL.
    pub fn from_atto(atto: impl Into<BigInt>) -> TokenAmount {
        TokenAmount { atto: atto.into() }
    }

    /// From a number of nanoFIL (10^-9 FIL).
    pub fn from_nano(nano: impl Into<BigInt>) -> TokenAmount {
        TokenAmount::from_atto(nano.into() * 1_000_000_000u64)
    }

    /// From a number of whole FIL.
    pub fn from_whole(whole: impl Into<BigInt>) -> TokenAmount {
        TokenAmount::from_atto(whole.into() * Self::PRECISION)
    }

    /// Zero attoFIL.
    pub fn zero() -> TokenAmount {
        TokenAmount::default()
    }

    /// The number of attoFIL.
    pub fn atto(&self) -> &BigInt {
        &self.atto
    }

    /// Consumes the amount, returning the number of attoFIL.
    pub fn into_atto(self) -> BigInt {
        self.atto
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.atto.is_zero()
    }

    /// True for amounts above zero.
    pub fn is_positive(&self) -> bool {
        self.atto.is_positive()
    }

    /// True for amounts below zero.
    pub fn is_negative(&self) -> bool {
        self.atto.is_negative()
    }

    /// Truncating division with remainder by a plain number.
    pub fn div_rem(&self, divisor: impl Into<BigInt>) -> (TokenAmount, TokenAmount) {
        let (quotient, remainder) = self.atto.div_rem(&divisor.into());
        (
            TokenAmount::from_atto(quotient),
            TokenAmount::from_atto(remainder),
        )
    }

    /// Division rounding towards positive infinity.
    pub fn div_ceil(&self, divisor: impl Into<BigInt>) -> TokenAmount {
        TokenAmount::from_atto(Integer::div_ceil(&self.atto, &divisor.into()))
    }

    /// Division rounding towards negative infinity.
    pub fn div_floor(&self, divisor: impl Into<BigInt>) -> TokenAmount {
        TokenAmount::from_atto(self.atto.div_floor(&divisor.into()))
    }
}

impl Zero for TokenAmount {
    fn zero() -> TokenAmount {
        TokenAmount::default()
    }
    fn is_zero(&self) -> bool {
        self.atto.is_zero()
    }
}

impl From<BigInt> for TokenAmount {
    fn from(atto: BigInt) -> TokenAmount {
        TokenAmount { atto }
    }
}

macro_rules! binary_op {
    ($trait:ident, $method:ident, $assign_trait:ident, $assign_method:ident, $op:tt) => {
        impl $trait<TokenAmount> for TokenAmount {
            type Output = TokenAmount;
            fn $method(self, other: TokenAmount) -> TokenAmount {
                TokenAmount { atto: self.atto $op other.atto }
            }
        }
        impl $trait<&TokenAmount> for TokenAmount {
            type Output = TokenAmount;
            fn $method(self, other: &TokenAmount) -> TokenAmount {
                TokenAmount { atto: self.atto $op &other.atto }
            }
        }
        impl $trait<TokenAmount> for &TokenAmount {
            type Output = TokenAmount;
            fn $method(self, other: TokenAmount) -> TokenAmount {
                TokenAmount { atto: &self.atto $op other.atto }
            }
        }
        impl $trait<&TokenAmount> for &TokenAmount {
            type Output = TokenAmount;
            fn $method(self, other: &TokenAmount) -> TokenAmount {
                TokenAmount { atto: &self.atto $op &other.atto }
            }
        }
        impl $assign_trait<TokenAmount> for TokenAmount {
            fn $assign_method(&mut self, other: TokenAmount) {
                self.atto = &self.atto $op other.atto;
            }
        }
        impl $assign_trait<&TokenAmount> for TokenAmount {
            fn $assign_method(&mut self, other: &TokenAmount) {
                self.atto = &self.atto $op &other.atto;
            }
        }
    };
}

binary_op!(Add, add, AddAssign, add_assign, +);
binary_op!(Sub, sub, SubAssign, sub_assign, -);

impl<T> Mul<T> for TokenAmount
where
    BigInt: Mul<T, Output = BigInt>,
{
    type Output = TokenAmount;
    fn mul(self, factor: T) -> TokenAmount {
        TokenAmount {
            atto: self.atto * factor,
        }
    }
}

impl<T> Mul<T> for &TokenAmount
where
    for<'a> &'a BigInt: Mul<T, Output = BigInt>,
{
    type Output = TokenAmount;
    fn mul(self, factor: T) -> TokenAmount {
        TokenAmount {
            atto: &self.atto * factor,
        }
    }
}

impl<T> MulAssign<T> for TokenAmount
where
    BigInt: MulAssign<T>,
{
    fn mul_assign(&mut self, factor: T) {
        self.atto *= factor;
    }
}

impl Neg for TokenAmount {
    type Output = TokenAmount;
    fn neg(self) -> TokenAmount {
        TokenAmount { atto: -self.atto }
    }
}

impl Neg for &TokenAmount {
    type Output = TokenAmount;
    fn neg(self) -> TokenAmount {
        TokenAmount { atto: -&self.atto }
    }
}

impl Sum for TokenAmount {
    fn sum<I: Iterator<Item = TokenAmount>>(iter: I) -> TokenAmount {
        iter.fold(TokenAmount::zero(), |acc, x| acc + x)
    }
}

impl<'a> Sum<&'a TokenAmount> for TokenAmount {
    fn sum<I: Iterator<Item = &'a TokenAmount>>(iter: I) -> TokenAmount {
        iter.fold(TokenAmount::zero(), |acc, x| acc + x)
    }
}

/// Whole FIL with a decimal point, e.g. `1.5`, `-0.000000000000000001`, `0.0`.
impl fmt::Display for TokenAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, fraction) = self.atto.abs().div_rem(&BigInt::from(Self::PRECISION));
        let mut digits = fraction.to_str_radix(10);
        while digits.len() < Self::DECIMALS {
            digits.insert(0, '0');
        }
        let trimmed = digits.trim_end_matches('0');
        let fraction_text = if trimmed.is_empty() { "0" } else { trimmed };
        let mut text = String::new();
        text.push_str(&whole.to_str_radix(10));
        text.push('.');
        text.push_str(fraction_text);
        f.pad_integral(!self.is_negative(), "", &text)
    }
}

impl fmt::Debug for TokenAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenAmount({self})")
    }
}

impl Serialize for TokenAmount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        bigint_ser::serialize(&self.atto, serializer)
    }
}

impl<'de> Deserialize<'de> for TokenAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bigint_ser::deserialize(deserializer).map(|atto| TokenAmount { atto })
    }
}
