//! The executor: applies messages to a machine. Preflight checks and the gas deposit, the call,
//! then the fee split — producing the receipt and the accounting the reference reports.

mod apply_ret;
mod fees;
mod length;
mod preflight;

pub use apply_ret::{ApplyFailure, ApplyKind, ApplyRet};
pub use length::{chain_length, SECP_SIGNATURE_OVERHEAD};

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{ExecutionError, ExitMapping};
use fvmi_types::{ExitCode, Message, RawBytes, Receipt, TokenAmount, DAG_CBOR, METHOD_SEND};

use crate::call_manager::{CallManager, InvocationResult, CBOR};
use crate::kernel::Block;

/// The raw IPLD codec (top-level parameters of method 0 from nv18).
const RAW: u64 = 0x55;
use crate::machine::{Machine, MachineError};

/// A failure that aborts the whole message: no receipt can be produced.
#[derive(Debug, thiserror::Error)]
pub enum ExecutorError {
    /// The message itself is malformed (e.g. a non-positive gas limit).
    #[error("invalid message: {0}")]
    InvalidMessage(String),
    /// A kernel operation the executor ran itself (sender checks, the gas deposit, the inclusion
    /// charge, fee transfers) failed: a broken store or a bug.
    #[error("fatal: {context}: {source}")]
    Fatal {
        /// What the executor was doing.
        context: String,
        /// The kernel's error.
        #[source]
        source: ExecutionError,
    },
    /// A host failure with no underlying error: a broken invariant or a panic (bugs), a missing
    /// fee recipient.
    #[error("fatal: {0}")]
    Internal(String),
    /// The top-level actor aborted with exit code 0 (possible at network version 15 only): the
    /// reference fails the whole message application ("actor failed with status OK").
    #[error("fatal: the actor failed with exit code 0")]
    AbortedWithOk,
    /// The machine failed.
    #[error(transparent)]
    Machine(#[from] MachineError),
}

impl ExecutorError {
    /// Wraps a kernel error hit while `context` (for `map_err`).
    pub(crate) fn fatal(context: impl Into<String>) -> impl FnOnce(ExecutionError) -> Self {
        move |source| ExecutorError::Fatal {
            context: context.into(),
            source,
        }
    }
}

/// Applies messages to a machine.
pub struct Executor<B: Blockstore> {
    machine: Machine<B>,
}

impl<B: Blockstore> Executor<B> {
    /// An executor over `machine`.
    pub fn new(machine: Machine<B>) -> Self {
        Self { machine }
    }

    /// The machine.
    pub fn machine(&self) -> &Machine<B> {
        &self.machine
    }

    /// The machine, writable.
    pub fn machine_mut(&mut self) -> &mut Machine<B> {
        &mut self.machine
    }

    /// Gives back the machine.
    pub fn into_machine(self) -> Machine<B> {
        self.machine
    }

    /// Flushes the state and returns the new state root.
    pub fn flush(&mut self) -> Result<Cid, ExecutorError> {
        Ok(self.machine.flush()?)
    }

    /// Applies one message: explicit messages pay for inclusion and gas; implicit (system)
    /// messages skip the sender checks and fees. Runs on the calling thread: deep call chains
    /// get fresh stack segments as they need them (see [`crate::STACK_RED_ZONE`]).
    pub fn apply_message(
        &mut self,
        msg: &Message,
        kind: ApplyKind,
    ) -> Result<ApplyRet, ExecutorError> {
        let run = std::panic::AssertUnwindSafe(|| self.apply(msg, kind));
        crate::stack::with_stack(|| std::panic::catch_unwind(run)).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_owned());
            Err(ExecutorError::Internal(format!(
                "applying the message panicked: {what}"
            )))
        })
    }

    fn apply(&mut self, msg: &Message, kind: ApplyKind) -> Result<ApplyRet, ExecutorError> {
        msg_check(msg)?;
        let delegated = [&msg.from, &msg.to]
            .iter()
            .any(|a| a.protocol() == fvmi_types::Protocol::Delegated);
        if delegated && self.machine.profile().hygge.is_none() {
            return Err(ExecutorError::InvalidMessage(
                "delegated (f4) addresses do not exist before network version 18".into(),
            ));
        }
        let (sender_id, gas_cost, inclusion_cost) = match self.preflight(msg, kind)? {
            Ok(ok) => ok,
            Err(ret) => return Ok(ret),
        };

        let v3 = self.machine.profile().hygge.is_some();
        let receiver = if v3 {
            self.machine
                .lookup_id(&msg.to)
                .map_err(ExecutorError::fatal("resolving the receiver"))?
        } else {
            None
        };
        let premium = effective_premium(msg, &self.machine.context().base_fee);
        let mut cm = CallManager::new(&mut self.machine, msg.gas_limit, msg.from, msg.sequence);
        if v3 {
            cm.set_message_context(sender_id, premium);
            cm.record_message_accesses(sender_id, msg.from, receiver, msg.to);
        }
        cm.charge_gas(inclusion_cost)
            .map_err(ExecutorError::fatal("inclusion charge failed"))?;
        let result = if v3 {
            // From nv18 top-level parameters are plain CBOR (raw for method 0), and the
            // return value is charged inside the call.
            let codec = if msg.method_num == METHOD_SEND {
                RAW
            } else {
                CBOR
            };
            let params = (!msg.params.is_empty()).then(|| Block::new(codec, msg.params.bytes()));
            cm.send_v3(
                sender_id,
                &msg.to,
                msg.method_num,
                params,
                &msg.value,
                None,
                false,
            )
        } else {
            let params = (!msg.params.is_empty()).then(|| Block::new(DAG_CBOR, msg.params.bytes()));
            cm.with_transaction(|cm| {
                let ret = cm.send(sender_id, &msg.to, msg.method_num, params, &msg.value)?;
                if ret.exit_code.is_success() {
                    let size = ret.value.as_ref().map_or(0, |b| b.size() as usize);
                    cm.charge_gas(cm.price_list().on_chain_return_value(size))?;
                }
                Ok(ret)
            })
        };
        if cm.top_level_aborted_with_ok() {
            return Err(ExecutorError::AbortedWithOk);
        }
        let (events, events_root) = if v3 {
            cm.take_events()
                .map_err(ExecutorError::fatal("finishing the events"))?
        } else {
            (Vec::new(), None)
        };
        let gas_used = cm.gas_used();
        let exec_trace = cm.take_trace();

        let (exit_code, return_data, gas_used, failure) = match result {
            Ok(InvocationResult {
                exit_code: ExitCode::OK,
                value,
            }) => (
                ExitCode::OK,
                value.map(|b| b.data().to_vec()).unwrap_or_default(),
                gas_used,
                None,
            ),
            Ok(InvocationResult {
                exit_code: code,
                value,
            }) => (
                code,
                value.map(|b| b.data().to_vec()).unwrap_or_default(),
                gas_used,
                Some(format!("actor aborted with exit code {code}")),
            ),
            Err(error) => {
                let exit_code = ExitMapping::of_error(&error).exit_code();
                let (gas_used, failure) = match &error {
                    ExecutionError::OutOfGas => (gas_used, "out of gas".to_owned()),
                    ExecutionError::Syscall(e) => (gas_used, format!("send failed: {e}")),
                    // A fatal error costs the whole gas limit.
                    ExecutionError::Fatal(e) => (msg.gas_limit, format!("fatal error: {e}")),
                };
                (exit_code, Vec::new(), gas_used, Some(failure))
            }
        };
        let receipt = Receipt {
            exit_code,
            return_data: RawBytes::new(return_data),
            gas_used,
        };
        let events = if exit_code.is_success() {
            events
        } else {
            Vec::new()
        };
        let events_root = if exit_code.is_success() {
            events_root
        } else {
            None
        };
        let failure = failure.map(ApplyFailure::MessageFailed);
        let mut ret = match kind {
            ApplyKind::Explicit { .. } => self.finish_message(msg, receipt, failure, gas_cost)?,
            ApplyKind::Implicit => ApplyRet::implicit(receipt, failure),
        };
        ret.exec_trace = exec_trace;
        ret.events = events;
        ret.events_root = events_root;
        Ok(ret)
    }
}

/// The premium the miner gets per unit of gas: the message's premium, capped by what the fee
/// cap leaves above the base fee, never negative.
fn effective_premium(msg: &Message, base_fee: &TokenAmount) -> TokenAmount {
    let headroom = &msg.gas_fee_cap - base_fee;
    let premium = if msg.gas_premium < headroom {
        msg.gas_premium.clone()
    } else {
        headroom
    };
    if premium.is_negative() {
        TokenAmount::zero()
    } else {
        premium
    }
}

fn msg_check(msg: &Message) -> Result<(), ExecutorError> {
    if msg.gas_limit == 0 {
        return Err(ExecutorError::InvalidMessage(
            "message has no gas limit set".into(),
        ));
    }
    if msg.gas_limit < 0 {
        return Err(ExecutorError::InvalidMessage(
            "message has negative gas limit".into(),
        ));
    }
    Ok(())
}
