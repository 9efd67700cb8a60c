//! The [`Gas`] quantity: gas kept in milligas, with saturating arithmetic.

use core::fmt;
use core::ops::{Add, AddAssign, Mul, Sub, SubAssign};

/// Milligas in one unit of gas.
pub const MILLIGAS_PRECISION: i64 = 1000;

/// An amount of gas, stored as milligas (thousandths of a gas unit).
///
/// Every operation saturates at the bounds of `i64` instead of overflowing, and
/// the only multiplication offered is by a plain integer, so gas cannot be
/// squared by mistake. Whole-gas values are obtained with [`Gas::round_up`] or
/// [`Gas::round_down`].
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Gas(i64);

impl Gas {
    /// The zero amount.
    pub const ZERO: Gas = Gas(0);

    /// `gas` whole units, saturating at `i64::MAX` (or `MIN`) milligas.
    #[inline]
    pub const fn new(gas: i64) -> Gas {
        Gas(gas.saturating_mul(MILLIGAS_PRECISION))
    }

    /// Exactly `milligas` thousandths of a unit.
    #[inline]
    pub const fn from_milligas(milligas: i64) -> Gas {
        Gas(milligas)
    }

    /// The zero amount (same as [`Gas::ZERO`]).
    #[inline]
    pub const fn zero() -> Gas {
        Gas(0)
    }

    /// Whether this amount is zero.
    #[inline]
    pub const fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// Whether this amount sits at the positive saturation bound.
    #[inline]
    pub const fn is_saturated(&self) -> bool {
        self.0 == i64::MAX
    }

    /// The amount in milligas, exactly.
    #[inline]
    pub const fn as_milligas(&self) -> i64 {
        self.0
    }

    /// Whole units, any fractional part rounded towards positive infinity.
    #[inline]
    pub const fn round_up(&self) -> i64 {
        milligas_to_gas(self.0, true)
    }

    /// Whole units, any fractional part rounded towards negative infinity.
    #[inline]
    pub const fn round_down(&self) -> i64 {
        milligas_to_gas(self.0, false)
    }
}

/// Converts milligas to whole gas, rounding a fractional part up (towards +inf)
/// or down (towards -inf).
pub const fn milligas_to_gas(milligas: i64, round_up: bool) -> i64 {
    let whole = milligas / MILLIGAS_PRECISION;
    let has_fraction = milligas % MILLIGAS_PRECISION != 0;
    if has_fraction && round_up && milligas > 0 {
        whole.saturating_add(1)
    } else if has_fraction && !round_up && milligas < 0 {
        whole.saturating_sub(1)
    } else {
        whole
    }
}

impl fmt::Display for Gas {
    /// Whole units with three decimals (`"12.500"`), or `"0"` for zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("0");
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let precision = MILLIGAS_PRECISION.unsigned_abs();
        write!(f, "{sign}{}.{:03}", abs / precision, abs % precision)
    }
}

impl fmt::Debug for Gas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gas({self})")
    }
}

impl Add for Gas {
    type Output = Gas;
    #[inline]
    fn add(self, rhs: Gas) -> Gas {
        Gas(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Gas {
    #[inline]
    fn add_assign(&mut self, rhs: Gas) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl Sub for Gas {
    type Output = Gas;
    #[inline]
    fn sub(self, rhs: Gas) -> Gas {
        Gas(self.0.saturating_sub(rhs.0))
    }
}

impl SubAssign for Gas {
    #[inline]
    fn sub_assign(&mut self, rhs: Gas) {
        self.0 = self.0.saturating_sub(rhs.0);
    }
}

impl Mul<i64> for Gas {
    type Output = Gas;
    #[inline]
    fn mul(self, rhs: i64) -> Gas {
        Gas(self.0.saturating_mul(rhs))
    }
}

impl Mul<i32> for Gas {
    type Output = Gas;
    #[inline]
    fn mul(self, rhs: i32) -> Gas {
        Gas(self.0.saturating_mul(i64::from(rhs)))
    }
}

impl core::iter::Sum for Gas {
    fn sum<I: Iterator<Item = Gas>>(iter: I) -> Gas {
        iter.fold(Gas::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_follows_the_sign() {
        assert_eq!(milligas_to_gas(100, false), 0);
        assert_eq!(milligas_to_gas(100, true), 1);
        assert_eq!(milligas_to_gas(-100, false), -1);
        assert_eq!(milligas_to_gas(-100, true), 0);
        assert_eq!(milligas_to_gas(2000, true), 2);
        assert_eq!(milligas_to_gas(-2000, false), -2);
        assert_eq!(Gas::from_milligas(1001).round_up(), 2);
        assert_eq!(Gas::from_milligas(1001).round_down(), 1);
    }

    #[test]
    fn arithmetic_saturates() {
        assert!(Gas::new(i64::MAX).is_saturated());
        assert_eq!(Gas::new(i64::MIN).as_milligas(), i64::MIN);
        assert!((Gas::from_milligas(i64::MAX - 1) + Gas::new(1)).is_saturated());
        assert_eq!(
            (Gas::from_milligas(i64::MIN + 1) - Gas::new(1)).as_milligas(),
            i64::MIN
        );
        assert!((Gas::new(1) * i64::MAX).is_saturated());
        assert_eq!((Gas::new(3) * 2i32).as_milligas(), 6000);
    }

    #[test]
    fn display_shows_three_decimals() {
        assert_eq!(Gas::ZERO.to_string(), "0");
        assert_eq!(Gas::from_milligas(12_500).to_string(), "12.500");
        assert_eq!(Gas::from_milligas(-1_500).to_string(), "-1.500");
        assert_eq!(format!("{:?}", Gas::new(4)), "Gas(4.000)");
    }
}
