//! [`GasOutputs`]: how a message's gas fee is split between burning, the
//! miner and the sender's refund.

use fvmi_types::TokenAmount;

/// Numerator of the gas-overuse allowance: up to 10% over the gas used may be
/// reserved without penalty.
const GAS_OVERUSE_NUM: i128 = 11;
/// Denominator of the gas-overuse allowance.
const GAS_OVERUSE_DENOM: i128 = 10;

/// The fee split of one applied message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GasOutputs {
    /// Burnt: base fee (capped at the fee cap) times gas used.
    pub base_fee_burn: TokenAmount,
    /// Burnt: base fee (capped) times the over-estimation gas burned.
    pub over_estimation_burn: TokenAmount,
    /// Charged to the miner: the base fee above the fee cap, times gas used
    /// and gas burned.
    pub miner_penalty: TokenAmount,
    /// Paid to the miner: the premium (capped so base fee plus premium stays
    /// within the fee cap) times the gas limit.
    pub miner_tip: TokenAmount,
    /// Returned to the sender: fee cap times gas limit less all of the above
    /// that the sender pays.
    pub refund: TokenAmount,
    /// Unused gas refunded, in whole gas units.
    pub gas_refund: i64,
    /// Unused gas burned as over-estimation penalty, in whole gas units.
    pub gas_burned: i64,
}

impl GasOutputs {
    /// Splits the fee of a message that used `gas_used` of `gas_limit` (whole
    /// gas units) at the given base fee, fee cap and premium.
    pub fn compute(
        gas_used: i64,
        gas_limit: i64,
        base_fee: &TokenAmount,
        fee_cap: &TokenAmount,
        gas_premium: &TokenAmount,
    ) -> GasOutputs {
        let mut out = GasOutputs::default();

        let base_fee_to_pay = if base_fee > fee_cap {
            out.miner_penalty = (base_fee - fee_cap) * gas_used;
            fee_cap
        } else {
            base_fee
        };
        out.base_fee_burn = base_fee_to_pay * gas_used;

        let miner_tip = if &(base_fee_to_pay + gas_premium) > fee_cap {
            fee_cap - base_fee_to_pay
        } else {
            gas_premium.clone()
        };
        out.miner_tip = miner_tip * gas_limit;

        let (gas_refund, gas_burned) = over_estimation_burn(gas_used, gas_limit);
        out.gas_refund = gas_refund;
        out.gas_burned = gas_burned;
        if gas_burned != 0 {
            out.over_estimation_burn = base_fee_to_pay * gas_burned;
            out.miner_penalty += (base_fee - base_fee_to_pay) * gas_burned;
        }

        let required_funds = fee_cap * gas_limit;
        out.refund =
            required_funds - &out.base_fee_burn - &out.miner_tip - &out.over_estimation_burn;
        out
    }
}

/// Splits the unused gas `gas_limit - gas_used` into `(refunded, burned)`.
///
/// Nothing is burned when the limit is within 110% of the gas used; past that
/// the burned share grows with the over-estimation, reaching all the unused
/// gas at a limit of 210% of the gas used. A message that used no gas burns
/// its whole limit. Arithmetic is in `i128`, so no input overflows; results
/// beyond `i64` saturate.
pub fn over_estimation_burn(gas_used: i64, gas_limit: i64) -> (i64, i64) {
    let saturate = |v: i128| i64::try_from(v).unwrap_or(if v < 0 { i64::MIN } else { i64::MAX });
    if gas_used == 0 {
        return (0, gas_limit);
    }
    let used = i128::from(gas_used);
    let limit = i128::from(gas_limit);
    let over = limit - (GAS_OVERUSE_NUM * used) / GAS_OVERUSE_DENOM;
    if over < 0 {
        return (saturate(limit - used), 0);
    }
    let over = over.min(used);
    let burned = (limit - used) * over / used;
    (saturate(limit - used - burned), saturate(burned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burn_split_edges() {
        assert_eq!(over_estimation_burn(0, 500), (0, 500));
        // Within 110%: everything unused is refunded.
        assert_eq!(over_estimation_burn(100, 110), (10, 0));
        assert_eq!(over_estimation_burn(100, 100), (0, 0));
        // Used more than the limit (never happens; refund goes negative).
        assert_eq!(over_estimation_burn(100, 90), (-10, 0));
        // over = 120 - 110 = 10; burned = 20 * 10 / 100 = 2.
        assert_eq!(over_estimation_burn(100, 120), (18, 2));
        // Twice and more: over capped at gas used, all unused burned.
        assert_eq!(over_estimation_burn(100, 210), (0, 110));
        assert_eq!(over_estimation_burn(100, 1000), (0, 900));
        // Rounding of 11 * used / 10 and of the burn share truncates.
        // over = 20 - (11*7)/10 = 13 -> capped 7; burned = 13 * 7 / 7 = 13.
        assert_eq!(over_estimation_burn(7, 20), (0, 13));
        // over = 9 - 7 = 2; burned = 2 * 2 / 7 = 0.
        assert_eq!(over_estimation_burn(7, 9), (2, 0));
    }

    #[test]
    fn extreme_inputs_do_not_panic() {
        let (refund, burned) = over_estimation_burn(1, i64::MAX);
        assert_eq!(refund, 0);
        assert_eq!(burned, i64::MAX - 1);
        let _ = over_estimation_burn(i64::MAX, i64::MIN);
        let _ = over_estimation_burn(i64::MIN, i64::MAX);
    }
}
