//! The fee split: hand-computed cases and accounting identities.

use fvmi_kernel::gas::GasOutputs;
use fvmi_types::TokenAmount;
use proptest::prelude::*;

fn atto(n: i64) -> TokenAmount {
    TokenAmount::from_atto(n)
}

struct Case {
    what: &'static str,
    gas_used: i64,
    gas_limit: i64,
    base_fee: i64,
    fee_cap: i64,
    premium: i64,
    /// base_fee_burn, over_estimation_burn, miner_penalty, miner_tip, refund,
    /// gas_refund, gas_burned
    expect: [i64; 7],
}

const CASES: &[Case] = &[
    Case {
        what: "limit within 110% of use: nothing burned",
        gas_used: 1000,
        gas_limit: 1100,
        base_fee: 100,
        fee_cap: 200,
        premium: 10,
        expect: [100_000, 0, 0, 11_000, 109_000, 100, 0],
    },
    Case {
        what: "limit three times the use: all unused gas burned",
        gas_used: 1000,
        gas_limit: 3000,
        base_fee: 100,
        fee_cap: 200,
        premium: 10,
        expect: [100_000, 200_000, 0, 30_000, 270_000, 0, 2000],
    },
    Case {
        what: "partial over-estimation: 500 * 400 / 1000 burned",
        gas_used: 1000,
        gas_limit: 1500,
        base_fee: 100,
        fee_cap: 200,
        premium: 10,
        expect: [100_000, 20_000, 0, 15_000, 165_000, 300, 200],
    },
    Case {
        what: "fee cap below base fee: miner pays the difference, no tip",
        gas_used: 1000,
        gas_limit: 1500,
        base_fee: 300,
        fee_cap: 200,
        premium: 10,
        expect: [200_000, 40_000, 120_000, 0, 60_000, 300, 200],
    },
    Case {
        what: "premium capped by fee cap minus base fee",
        gas_used: 1000,
        gas_limit: 1000,
        base_fee: 150,
        fee_cap: 200,
        premium: 100,
        expect: [150_000, 0, 0, 50_000, 0, 0, 0],
    },
    Case {
        what: "no gas used: the whole limit is burned",
        gas_used: 0,
        gas_limit: 500,
        base_fee: 100,
        fee_cap: 100,
        premium: 0,
        expect: [0, 50_000, 0, 0, 0, 0, 500],
    },
    Case {
        what: "truncating division in the burn share",
        gas_used: 7,
        gas_limit: 9,
        base_fee: 1,
        fee_cap: 3,
        premium: 1,
        expect: [7, 0, 0, 9, 11, 2, 0],
    },
];

#[test]
fn hand_computed_cases() {
    for case in CASES {
        let out = GasOutputs::compute(
            case.gas_used,
            case.gas_limit,
            &atto(case.base_fee),
            &atto(case.fee_cap),
            &atto(case.premium),
        );
        let [burn, over, penalty, tip, refund, gas_refund, gas_burned] = case.expect;
        let expected = GasOutputs {
            base_fee_burn: atto(burn),
            over_estimation_burn: atto(over),
            miner_penalty: atto(penalty),
            miner_tip: atto(tip),
            refund: atto(refund),
            gas_refund,
            gas_burned,
        };
        assert_eq!(out, expected, "{}", case.what);
    }
}

proptest! {
    #[test]
    fn accounting_identities(
        gas_used in 0i64..10_000_000_000,
        extra in 0i64..20_000_000_000,
        base_fee in 0i64..1_000_000_000,
        fee_cap in 0i64..1_000_000_000,
        premium in 0i64..1_000_000_000,
    ) {
        let gas_limit = gas_used + extra;
        let out = GasOutputs::compute(
            gas_used, gas_limit, &atto(base_fee), &atto(fee_cap), &atto(premium));
        prop_assert_eq!(out.gas_refund + out.gas_burned, gas_limit - gas_used);
        prop_assert!(out.gas_refund >= 0 && out.gas_burned >= 0);
        let spent = &out.base_fee_burn + &out.miner_tip + &out.over_estimation_burn;
        prop_assert_eq!(&spent + &out.refund, atto(fee_cap) * gas_limit);
        prop_assert!(!out.refund.is_negative());
        let paid_base = base_fee.min(fee_cap);
        prop_assert_eq!(
            out.miner_penalty,
            atto(base_fee - paid_base) * (gas_used + out.gas_burned)
        );
    }
}
