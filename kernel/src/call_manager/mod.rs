//! The call manager: the call stack of one message. It resolves receivers (creating account
//! actors for new key addresses), transfers value, enforces the depth limit, runs actor code and
//! wraps each call in a state transaction.

mod account;

pub(crate) use account::address_cbor;
pub use account::SYSTEM_ACTOR_ID;
mod invoke;

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{ActorId, ExecutionError, ExitMapping, Result};
use fvmi_types::{Address, ErrorNumber, ExitCode, Protocol, TokenAmount, METHOD_SEND};

use crate::gas::{Gas, GasCharge, GasTracker, PriceList};
use crate::kernel::Block;
use crate::machine::Machine;
use crate::trace::ExecEvent;

/// How a call ended, as far as the caller is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvocationResult {
    /// The callee returned, with an optional return block.
    Return(Option<Block>),
    /// The callee aborted with this exit code.
    Failure(ExitCode),
}

impl InvocationResult {
    /// The exit code (OK for a return).
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Self::Return(_) => ExitCode::OK,
            Self::Failure(code) => *code,
        }
    }
}

/// The call stack of one message over a machine.
pub struct CallManager<'m, B: Blockstore> {
    machine: &'m mut Machine<B>,
    gas_tracker: GasTracker,
    origin: Address,
    nonce: u64,
    num_actors_created: u64,
    call_stack_depth: u32,
    invocation_count: u64,
    trace: Option<Vec<ExecEvent>>,
}

impl<'m, B: Blockstore> CallManager<'m, B> {
    /// A call manager for a message from `origin` with `nonce` and `gas_limit`.
    pub fn new(machine: &'m mut Machine<B>, gas_limit: i64, origin: Address, nonce: u64) -> Self {
        let mut gas_tracker = GasTracker::new(Gas::new(gas_limit), Gas::ZERO);
        let trace = machine.context().tracing.then(|| {
            gas_tracker.enable_tracing();
            Vec::new()
        });
        Self {
            machine,
            gas_tracker,
            origin,
            nonce,
            num_actors_created: 0,
            call_stack_depth: 0,
            invocation_count: 0,
            trace,
        }
    }

    /// Whether this message records an execution trace.
    pub fn is_tracing(&self) -> bool {
        self.trace.is_some()
    }

    /// Records the event `make` builds, after the gas charges made so far; `make` only runs
    /// when tracing is on.
    pub fn trace_event(&mut self, make: impl FnOnce() -> ExecEvent) {
        if let Some(trace) = &mut self.trace {
            trace.extend(self.gas_tracker.drain_trace().map(ExecEvent::from));
            trace.push(make());
        }
    }

    /// Takes the trace recorded so far, pending gas charges included (empty when off).
    pub fn take_trace(&mut self) -> Vec<ExecEvent> {
        match &mut self.trace {
            Some(trace) => {
                trace.extend(self.gas_tracker.drain_trace().map(ExecEvent::from));
                std::mem::take(trace)
            }
            None => Vec::new(),
        }
    }

    /// The machine.
    pub fn machine(&self) -> &Machine<B> {
        self.machine
    }

    /// The machine, writable.
    pub fn machine_mut(&mut self) -> &mut Machine<B> {
        self.machine
    }

    /// The price list.
    pub fn price_list(&self) -> &'static PriceList {
        self.machine.price_list()
    }

    /// The gas tracker.
    pub fn gas_tracker(&self) -> &GasTracker {
        &self.gas_tracker
    }

    /// The gas tracker, writable.
    pub fn gas_tracker_mut(&mut self) -> &mut GasTracker {
        &mut self.gas_tracker
    }

    /// Applies a priced charge.
    pub fn charge_gas(&mut self, charge: GasCharge) -> Result<()> {
        self.gas_tracker
            .apply_charge(charge)
            .map_err(|_| ExecutionError::OutOfGas)
    }

    /// The message's sender as written in the message.
    pub fn origin(&self) -> &Address {
        &self.origin
    }

    /// The message's nonce.
    pub fn nonce(&self) -> u64 {
        self.nonce
    }

    /// The index of the next actor address created in this message (then increments it).
    pub fn next_actor_index(&mut self) -> u64 {
        let index = self.num_actors_created;
        self.num_actors_created += 1;
        index
    }

    /// How many actor invocations ran so far.
    pub fn invocation_count(&self) -> u64 {
        self.invocation_count
    }

    /// The gas used, rounded up to whole gas.
    pub fn gas_used(&self) -> i64 {
        self.gas_tracker.gas_used().max(Gas::ZERO).round_up()
    }

    /// Sends a message from actor `from`; fails with `LimitExceeded` past the depth limit.
    pub fn send(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
    ) -> Result<InvocationResult> {
        if self.call_stack_depth > self.machine.context().max_call_depth {
            return Err(ExecutionError::syscall(
                ErrorNumber::LimitExceeded,
                "message execution exceeds call depth",
            ));
        }
        self.call_stack_depth += 1;
        let result = self.traced_call(from, to, method, value, |cm| {
            cm.send_unchecked(from, to, method, params, value)
        });
        self.call_stack_depth -= 1;
        result
    }

    /// Runs `f` in a state transaction, reverted when `f` fails or the call did not succeed.
    pub fn with_transaction(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<InvocationResult>,
    ) -> Result<InvocationResult> {
        self.machine.state_tree_mut().begin_transaction();
        let result = f(self);
        let revert = !matches!(&result, Ok(r) if r.exit_code().is_success());
        self.machine
            .state_tree_mut()
            .end_transaction(revert)
            .map_err(|e| ExecutionError::fatal(format!("failed to end transaction: {e}")))?;
        result
    }

    /// Runs the call `f`, between a call start and a call end event when tracing.
    fn traced_call(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        value: &TokenAmount,
        f: impl FnOnce(&mut Self) -> Result<InvocationResult>,
    ) -> Result<InvocationResult> {
        self.trace_event(|| ExecEvent::CallStart {
            from,
            to: to.to_string(),
            method,
            value: value.atto().to_string(),
        });
        let result = f(self);
        self.trace_event(|| call_end_event(&result));
        result
    }

    fn send_unchecked(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
    ) -> Result<InvocationResult> {
        let to = match self.machine.lookup_id(to)? {
            Some(id) => id,
            None if matches!(to.protocol(), Protocol::BLS | Protocol::Secp256k1) => {
                self.create_account_actor(to)?
            }
            None => {
                return Err(ExecutionError::syscall(
                    ErrorNumber::NotFound,
                    format!("actor does not exist: {to}"),
                ))
            }
        };
        self.send_resolved(from, to, method, params, value)
    }

    fn send_resolved(
        &mut self,
        from: ActorId,
        to: ActorId,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
    ) -> Result<InvocationResult> {
        let actor = self.machine.get_actor(to)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, format!("actor does not exist: {to}"))
        })?;
        self.charge_gas(self.price_list().on_method_invocation(value, method))?;
        if !value.is_zero() {
            self.machine.transfer(from, to, value)?;
        }
        if method == METHOD_SEND {
            return Ok(InvocationResult::Return(None));
        }
        self.invoke(from, to, actor.code, method, params, value)
    }
}

/// The trace event closing a call that ended with `result`.
fn call_end_event(result: &Result<InvocationResult>) -> ExecEvent {
    let (exit_code, return_size) = match result {
        Ok(InvocationResult::Return(block)) => {
            (ExitCode::OK, block.as_ref().map_or(0, Block::size))
        }
        Ok(InvocationResult::Failure(code)) => (*code, 0),
        Err(e) => return error_end_event(e),
    };
    ExecEvent::CallEnd {
        exit_code: exit_code.value(),
        return_size,
        error: None,
    }
}

/// The event closing a call whose send failed with `error`.
fn error_end_event(error: &ExecutionError) -> ExecEvent {
    let (exit_code, error) = match error {
        ExecutionError::OutOfGas => (ExitMapping::OutOfGas.exit_code(), None),
        ExecutionError::Syscall(e) => (
            ExitMapping::SendFailed(e.number).exit_code(),
            Some(e.to_string()),
        ),
        ExecutionError::Fatal(e) => (ExitMapping::Fatal.exit_code(), Some(e.to_string())),
    };
    ExecEvent::CallEnd {
        exit_code: exit_code.value(),
        return_size: 0,
        error,
    }
}
