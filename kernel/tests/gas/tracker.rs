//! The gas tracker against a simple model, and its out-of-gas behaviour.

use fvmi_kernel::gas::{Gas, GasCharge, GasTracker, OutOfGas};
use proptest::prelude::*;

#[test]
fn out_of_gas_pins_used_at_the_limit() {
    let mut tracker = GasTracker::new(Gas::new(100), Gas::ZERO);
    tracker.enable_tracing();
    assert_eq!(
        tracker.apply_charge(GasCharge::new("a", Gas::new(60), Gas::new(30))),
        Ok(())
    );
    assert_eq!(tracker.gas_available(), Gas::new(10));
    assert_eq!(tracker.charge_gas("b", Gas::new(11)), Err(OutOfGas));
    assert_eq!(tracker.gas_used(), Gas::new(100));
    assert_eq!(tracker.gas_available(), Gas::ZERO);
    // A refund after running out still lowers the used amount.
    assert_eq!(tracker.charge_gas("refund", Gas::new(-5)), Ok(()));
    assert_eq!(tracker.gas_used(), Gas::new(95));
    let trace: Vec<GasCharge> = tracker.drain_trace().collect();
    assert_eq!(trace.len(), 3);
    assert_eq!(trace[1], GasCharge::new("b", Gas::new(11), Gas::ZERO));
}

#[test]
fn exactly_reaching_the_limit_is_fine() {
    let mut tracker = GasTracker::new(Gas::from_milligas(1500), Gas::ZERO);
    assert_eq!(tracker.charge_gas("x", Gas::from_milligas(1500)), Ok(()));
    assert_eq!(tracker.gas_used().round_up(), 2);
    assert_eq!(
        tracker.charge_gas("y", Gas::from_milligas(1)),
        Err(OutOfGas)
    );
}

#[test]
fn saturated_charges_run_out() {
    let mut tracker = GasTracker::new(Gas::new(i64::MAX), Gas::ZERO);
    assert_eq!(
        tracker.charge_gas("huge", Gas::from_milligas(i64::MAX)),
        Ok(())
    );
    assert_eq!(
        tracker.charge_gas("more", Gas::from_milligas(i64::MAX)),
        Ok(())
    );
    let mut small = GasTracker::new(Gas::new(10), Gas::ZERO);
    assert_eq!(small.charge_gas("huge", Gas::new(i64::MAX)), Err(OutOfGas));
    assert_eq!(small.gas_used(), Gas::new(10));
}

/// A charge in milligas for the model.
fn charge_strategy() -> impl Strategy<Value = i64> {
    prop_oneof![-5_000i64..20_000, Just(i64::MAX), Just(i64::MIN)]
}

proptest! {
    #[test]
    fn tracker_matches_a_saturating_model(
        limit in 0i64..200_000,
        charges in prop::collection::vec(charge_strategy(), 0..40),
    ) {
        let mut tracker = GasTracker::new(Gas::from_milligas(limit), Gas::ZERO);
        let mut used: i64 = 0;
        for milligas in charges {
            let result = tracker.charge_gas("c", Gas::from_milligas(milligas));
            used = used.saturating_add(milligas);
            let expected = if used > limit {
                used = limit;
                Err(OutOfGas)
            } else {
                Ok(())
            };
            prop_assert_eq!(result, expected);
            prop_assert_eq!(tracker.gas_used().as_milligas(), used);
            prop_assert_eq!(tracker.gas_available().as_milligas(), limit.saturating_sub(used));
        }
    }
}
