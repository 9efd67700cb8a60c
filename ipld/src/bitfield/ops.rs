//! Operator overloads: `|` union, `&` intersection, `-` difference, `^` symmetric difference.

use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Sub, SubAssign};

use super::{range_set, BitField};

/// Implements a binary operator and its assigning form for all owned/borrowed combinations.
macro_rules! set_operator {
    ($op:ident, $method:ident, $assign:ident, $assign_method:ident, $combine:path) => {
        impl $op<&BitField> for &BitField {
            type Output = BitField;
            fn $method(self, rhs: &BitField) -> BitField {
                BitField {
                    ranges: $combine(&self.ranges, &rhs.ranges),
                }
            }
        }
        impl $op<BitField> for &BitField {
            type Output = BitField;
            fn $method(self, rhs: BitField) -> BitField {
                self.$method(&rhs)
            }
        }
        impl $op<&BitField> for BitField {
            type Output = BitField;
            fn $method(self, rhs: &BitField) -> BitField {
                (&self).$method(rhs)
            }
        }
        impl $op<BitField> for BitField {
            type Output = BitField;
            fn $method(self, rhs: BitField) -> BitField {
                (&self).$method(&rhs)
            }
        }
        impl $assign<&BitField> for BitField {
            fn $assign_method(&mut self, rhs: &BitField) {
                self.ranges = $combine(&self.ranges, &rhs.ranges);
            }
        }
        impl $assign<BitField> for BitField {
            fn $assign_method(&mut self, rhs: BitField) {
                self.$assign_method(&rhs);
            }
        }
    };
}

set_operator!(BitOr, bitor, BitOrAssign, bitor_assign, range_set::union);
set_operator!(
    BitAnd,
    bitand,
    BitAndAssign,
    bitand_assign,
    range_set::intersection
);
set_operator!(Sub, sub, SubAssign, sub_assign, range_set::difference);
set_operator!(
    BitXor,
    bitxor,
    BitXorAssign,
    bitxor_assign,
    range_set::symmetric_difference
);
