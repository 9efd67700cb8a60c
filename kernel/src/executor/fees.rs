//! Paying for an explicit message: the fee split of [`GasOutputs`] moved between actors.

use fvmi_ipld::Blockstore;
use fvmi_types::{Address, Message, Receipt, TokenAmount};

use super::{ApplyFailure, ApplyRet, Executor, ExecutorError};
use crate::gas::GasOutputs;

/// The burnt funds actor (f099).
pub const BURNT_FUNDS_ACTOR_ID: u64 = 99;
/// The reward actor (f02), which receives miner tips.
pub const REWARD_ACTOR_ID: u64 = 2;

impl<B: Blockstore> Executor<B> {
    fn deposit(&mut self, address: &Address, amount: &TokenAmount) -> Result<(), ExecutorError> {
        if amount.is_negative() {
            return Err(ExecutorError::Internal("negative fee transfer".into()));
        }
        if amount.is_zero() {
            return Ok(());
        }
        let fatal = || ExecutorError::fatal(format!("paying fee recipient {address}"));
        let missing = || ExecutorError::Internal(format!("fee recipient {address} not found"));
        let id = self
            .machine
            .lookup_id(address)
            .map_err(fatal())?
            .ok_or_else(missing)?;
        let mut actor = self
            .machine
            .get_actor(id)
            .map_err(fatal())?
            .ok_or_else(missing)?;
        actor.balance = &actor.balance + amount;
        self.machine.set_actor(id, actor).map_err(fatal())
    }

    /// Splits the fee, pays burn / tip / refund, and assembles the result.
    pub(super) fn finish_message(
        &mut self,
        msg: &Message,
        receipt: Receipt,
        failure_info: Option<ApplyFailure>,
        gas_cost: TokenAmount,
    ) -> Result<ApplyRet, ExecutorError> {
        let out = GasOutputs::compute(
            receipt.gas_used,
            msg.gas_limit,
            &self.machine.context().base_fee,
            &msg.gas_fee_cap,
            &msg.gas_premium,
        );
        let burnt = Address::new_id(BURNT_FUNDS_ACTOR_ID);
        self.deposit(&burnt, &out.base_fee_burn)?;
        self.deposit(&Address::new_id(REWARD_ACTOR_ID), &out.miner_tip)?;
        self.deposit(&burnt, &out.over_estimation_burn)?;
        self.deposit(&msg.from, &out.refund)?;
        let paid = &out.base_fee_burn + &out.over_estimation_burn + &out.refund + &out.miner_tip;
        if paid != gas_cost {
            return Err(ExecutorError::Internal("gas handling math is wrong".into()));
        }
        Ok(ApplyRet {
            msg_receipt: receipt,
            penalty: out.miner_penalty,
            miner_tip: out.miner_tip,
            base_fee_burn: out.base_fee_burn,
            over_estimation_burn: out.over_estimation_burn,
            refund: out.refund,
            gas_refund: out.gas_refund,
            gas_burned: out.gas_burned,
            failure_info,
            exec_trace: Vec::new(),
            events: Vec::new(),
            events_root: None,
        })
    }
}
