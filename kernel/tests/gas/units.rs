//! The `Gas` unit against an `i128` model: rounding and saturation.

use fvmi_kernel::gas::Gas;
use proptest::prelude::*;

fn clamp(v: i128) -> i64 {
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

proptest! {
    #[test]
    fn rounding_is_floor_and_ceil(milligas in any::<i64>()) {
        let m = i128::from(milligas);
        let floor = m.div_euclid(1000);
        let ceil = -(-m).div_euclid(1000);
        let gas = Gas::from_milligas(milligas);
        prop_assert_eq!(i128::from(gas.round_down()), floor);
        prop_assert_eq!(i128::from(gas.round_up()), ceil);
    }

    #[test]
    fn arithmetic_saturates(a in any::<i64>(), b in any::<i64>(), k in any::<i32>()) {
        let (ga, gb) = (Gas::from_milligas(a), Gas::from_milligas(b));
        let (ma, mb) = (i128::from(a), i128::from(b));
        prop_assert_eq!((ga + gb).as_milligas(), clamp(ma + mb));
        prop_assert_eq!((ga - gb).as_milligas(), clamp(ma - mb));
        prop_assert_eq!((ga * k).as_milligas(), clamp(ma * i128::from(k)));
        prop_assert_eq!(Gas::new(a).as_milligas(), clamp(ma * 1000));
    }
}
