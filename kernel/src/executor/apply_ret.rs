//! What applying a message produces.

use fvmi_types::{Receipt, TokenAmount};

use cid::Cid;

use crate::events::StampedEvent;
use crate::trace::ExecEvent;

/// How a message is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyKind {
    /// A message from a block: pays for inclusion (by its serialized length) and gas.
    Explicit {
        /// The length of the signed message as included on chain.
        raw_length: usize,
    },
    /// A system message (cron, rewards): no sender checks, no fees.
    Implicit,
}

/// Why a message did not succeed (for diagnostics only; not consensus data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyFailure {
    /// The message failed the preflight checks and was not executed.
    PreValidation(String),
    /// The message executed and failed.
    MessageFailed(String),
}

/// The result of applying a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyRet {
    /// The receipt.
    pub msg_receipt: Receipt,
    /// Charged to the block's miner (base fee above the fee cap, or invalid messages).
    pub penalty: TokenAmount,
    /// Paid to the block's miner.
    pub miner_tip: TokenAmount,
    /// Burnt base fee.
    pub base_fee_burn: TokenAmount,
    /// Burnt over-estimation penalty.
    pub over_estimation_burn: TokenAmount,
    /// Returned to the sender.
    pub refund: TokenAmount,
    /// Gas refunded.
    pub gas_refund: i64,
    /// Gas burned for over-estimation.
    pub gas_burned: i64,
    /// Why the message failed, if it did.
    pub failure_info: Option<ApplyFailure>,
    /// The execution trace, in order; empty unless `MachineContext::tracing` was set.
    pub exec_trace: Vec<ExecEvent>,
    /// The events the message emitted (network version 18 on; none when it failed).
    pub events: Vec<StampedEvent>,
    /// The root of the events AMT, the receipt's fourth field from nv18 (`None` when there are
    /// no events).
    pub events_root: Option<Cid>,
}

impl ApplyRet {
    /// The result of a message rejected by the preflight checks.
    pub fn prevalidation_fail(
        exit_code: fvmi_types::ExitCode,
        message: impl Into<String>,
        penalty: TokenAmount,
    ) -> Self {
        Self {
            msg_receipt: Receipt {
                exit_code,
                return_data: Default::default(),
                gas_used: 0,
            },
            penalty,
            miner_tip: TokenAmount::zero(),
            base_fee_burn: TokenAmount::zero(),
            over_estimation_burn: TokenAmount::zero(),
            refund: TokenAmount::zero(),
            gas_refund: 0,
            gas_burned: 0,
            failure_info: Some(ApplyFailure::PreValidation(message.into())),
            exec_trace: Vec::new(),
            events: Vec::new(),
            events_root: None,
        }
    }

    /// The result of an implicit message: the receipt, no fees.
    pub fn implicit(msg_receipt: Receipt, failure_info: Option<ApplyFailure>) -> Self {
        Self {
            msg_receipt,
            penalty: TokenAmount::zero(),
            miner_tip: TokenAmount::zero(),
            base_fee_burn: TokenAmount::zero(),
            over_estimation_burn: TokenAmount::zero(),
            refund: TokenAmount::zero(),
            gas_refund: 0,
            gas_burned: 0,
            failure_info,
            exec_trace: Vec::new(),
            events: Vec::new(),
            events_root: None,
        }
    }
}
