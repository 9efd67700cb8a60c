//! The checks before a message runs, and the gas deposit.

use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_syscalls::ActorId;
use fvmi_types::{ExitCode, Message, TokenAmount};

use super::{ApplyKind, ApplyRet, Executor, ExecutorError};
use crate::call_manager::is_eam_address;
use crate::gas::{Gas, GasCharge};

/// The sender's ID, the gas deposit taken, and the inclusion charge to apply.
pub(super) type Preflight = (ActorId, TokenAmount, GasCharge);

impl<B: Blockstore> Executor<B> {
    /// Validates the sender and takes the gas deposit; `Err(ret)` when the message is rejected.
    pub(super) fn preflight(
        &mut self,
        msg: &Message,
        kind: ApplyKind,
    ) -> Result<Result<Preflight, ApplyRet>, ExecutorError> {
        let base_fee = self.machine.context().base_fee.clone();
        let (inclusion_cost, penalty) = match kind {
            ApplyKind::Implicit => (
                GasCharge::new("none", Gas::ZERO, Gas::ZERO),
                TokenAmount::zero(),
            ),
            ApplyKind::Explicit { raw_length } => {
                let cost = match self.machine.profile().hygge {
                    Some(prices) => prices.on_chain_message(raw_length),
                    None => self.machine.price_list().on_chain_message(raw_length),
                };
                let total = cost.total().round_up();
                if total > msg.gas_limit {
                    return Ok(Err(ApplyRet::prevalidation_fail(
                        ExitCode::SYS_OUT_OF_GAS,
                        format!("out of gas ({total} > {})", msg.gas_limit),
                        &base_fee * total,
                    )));
                }
                (cost, &base_fee * msg.gas_limit)
            }
        };
        let reject = |code: ExitCode, why: String, penalty: &TokenAmount| {
            Ok(Err(ApplyRet::prevalidation_fail(
                code,
                why,
                penalty.clone(),
            )))
        };

        let Some(sender_id) = self
            .machine
            .lookup_id(&msg.from)
            .map_err(ExecutorError::fatal("resolving the sender"))?
        else {
            return reject(
                ExitCode::SYS_SENDER_INVALID,
                "sender invalid".into(),
                &penalty,
            );
        };
        if kind == ApplyKind::Implicit {
            return Ok(Ok((sender_id, TokenAmount::zero(), inclusion_cost)));
        }
        let Some(mut sender) = self
            .machine
            .get_actor(sender_id)
            .map_err(ExecutorError::fatal("loading the sender"))?
        else {
            return reject(
                ExitCode::SYS_SENDER_INVALID,
                "sender invalid".into(),
                &penalty,
            );
        };
        if !self.valid_sender(&mut sender) {
            return reject(
                ExitCode::SYS_SENDER_INVALID,
                "send not from valid sender".into(),
                &penalty,
            );
        }
        if msg.sequence != sender.sequence {
            return reject(
                ExitCode::SYS_SENDER_STATE_INVALID,
                format!(
                    "actor sequence invalid: {} != {}",
                    msg.sequence, sender.sequence
                ),
                &penalty,
            );
        }
        let gas_cost = &msg.gas_fee_cap * msg.gas_limit;
        if sender.balance < gas_cost {
            return reject(
                ExitCode::SYS_SENDER_STATE_INVALID,
                format!(
                    "actor balance less than needed: {} < {gas_cost}",
                    sender.balance
                ),
                &penalty,
            );
        }
        sender.balance = &sender.balance - &gas_cost;
        sender.sequence += 1;
        self.machine
            .set_actor(sender_id, sender)
            .map_err(ExecutorError::fatal("taking the gas deposit"))?;
        Ok(Ok((sender_id, gas_cost, inclusion_cost)))
    }

    /// Whether `sender` may send messages: an account actor; from nv18 also an Ethereum account,
    /// or a placeholder with nonce 0 and an EAM (f410) address, which becomes an Ethereum
    /// account as it sends.
    fn valid_sender(&self, sender: &mut ActorState) -> bool {
        let manifest = self.machine.builtin_actors();
        if manifest.is_account_actor(&sender.code) {
            return true;
        }
        if self.machine.profile().hygge.is_none() {
            return false;
        }
        if Some(&sender.code) == manifest.code_by_name("ethaccount") {
            return true;
        }
        let placeholder = Some(&sender.code) == manifest.code_by_name("placeholder");
        let eam = sender
            .delegated_address
            .as_ref()
            .is_some_and(is_eam_address);
        match manifest.code_by_name("ethaccount") {
            Some(eth) if placeholder && eam && sender.sequence == 0 => {
                sender.code = *eth;
                true
            }
            _ => false,
        }
    }
}
