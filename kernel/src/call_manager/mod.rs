//! The call manager: the call stack of one message. It resolves receivers (creating account
//! actors for new key addresses), transfers value, enforces the depth limit, runs actor code and
//! wraps each call in a state transaction.

mod access;
mod account;
mod v3;

pub use access::AccessTracker;
pub use v3::{is_eam_address, CBOR};

pub(crate) use account::address_cbor;
mod invoke;

use fvmi_interp::CallStackMemory;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{ActorId, ExecutionError, ExitMapping, Result};
use fvmi_types::{Address, ErrorNumber, ExitCode, Protocol, TokenAmount, METHOD_SEND};

use crate::events::EventsAccumulator;
use crate::gas::{Gas, GasCharge, GasTracker, PriceList};
use crate::kernel::Block;
use crate::machine::Machine;
use crate::trace::ExecEvent;

/// How a call ended, as far as the caller is concerned: the exit code and the return block, if
/// any. Before network version 18 only a successful call carries a block; from 18 a failing one
/// may too (`vm::exit` with a block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvocationResult {
    /// The exit code (OK for a successful return).
    pub exit_code: ExitCode,
    /// The return block.
    pub value: Option<Block>,
}

impl InvocationResult {
    /// A successful return with an optional block.
    pub fn ok(value: Option<Block>) -> Self {
        Self {
            exit_code: ExitCode::OK,
            value,
        }
    }

    /// A failure with `code` and no block.
    pub fn failure(code: ExitCode) -> Self {
        Self {
            exit_code: code,
            value: None,
        }
    }

    /// The exit code.
    pub fn exit_code(&self) -> ExitCode {
        self.exit_code
    }
}

/// On wasm32 (a browser) the most call frames a message may open: each nested send recurses
/// natively, and chromium's stack (about 1 MiB for JavaScript and wasm together) ends between
/// 350 and 400 nested sends, so a deeper chain stops here with a fatal error (the message fails
/// with its reason) instead of crashing the page. Native builds are not limited by it.
pub const WASM32_MAX_CALL_FRAMES: u32 = 256;

/// The call stack of one message over a machine.
pub struct CallManager<'m, B: Blockstore> {
    machine: &'m mut Machine<B>,
    gas_tracker: GasTracker,
    origin: Address,
    origin_id: ActorId,
    nonce: u64,
    gas_premium: TokenAmount,
    num_actors_created: u64,
    call_stack_depth: u32,
    invocation_count: u64,
    access: AccessTracker,
    events: EventsAccumulator,
    trace: Option<Vec<ExecEvent>>,
    /// Whether the top-level invocation aborted with exit code 0 under the pre-nv18 rules (only
    /// nv15 lets `vm::abort` pass code 0), which the executor turns into a fatal error.
    top_level_aborted_with_ok: bool,
    /// The memory the instances on the call stack hold (limited from nv18).
    memory: CallStackMemory,
}

impl<'m, B: Blockstore> CallManager<'m, B> {
    /// A call manager for a message from `origin` with `nonce` and `gas_limit`.
    pub fn new(machine: &'m mut Machine<B>, gas_limit: i64, origin: Address, nonce: u64) -> Self {
        let mut gas_tracker = GasTracker::new(Gas::new(gas_limit), Gas::ZERO);
        let trace = machine.context().tracing.then(|| {
            gas_tracker.enable_tracing();
            Vec::new()
        });
        let preloaded = machine
            .profile()
            .hygge
            .map_or(&[][..], |prices| prices.preloaded_actors());
        let machine_limits = machine.engine().limits();
        Self {
            access: AccessTracker::new(preloaded),
            machine,
            gas_tracker,
            origin,
            origin_id: 0,
            nonce,
            gas_premium: TokenAmount::zero(),
            num_actors_created: 0,
            call_stack_depth: 0,
            invocation_count: 0,
            events: EventsAccumulator::default(),
            trace,
            top_level_aborted_with_ok: false,
            memory: CallStackMemory::new(machine_limits),
        }
    }

    /// The memory accounting of the call stack, handed to each store as its limiter.
    pub(crate) fn memory_mut(&mut self) -> &mut CallStackMemory {
        &mut self.memory
    }

    /// Whether the top-level invocation aborted with exit code 0 (pre-nv18 rules). The reference
    /// (fvm@v2.x `DefaultExecutor::execute_message`) fails the whole message application then:
    /// an actor may not fail "with status OK".
    pub(crate) fn top_level_aborted_with_ok(&self) -> bool {
        self.top_level_aborted_with_ok
    }

    /// Sets what `vm::message_context` reports beyond the sender address (v3): the sender's
    /// ID and the message's effective gas premium.
    pub fn set_message_context(&mut self, origin_id: ActorId, gas_premium: TokenAmount) {
        self.origin_id = origin_id;
        self.gas_premium = gas_premium;
    }

    /// The sender's ID.
    pub fn origin_id(&self) -> ActorId {
        self.origin_id
    }

    /// The message's effective gas premium.
    pub fn gas_premium(&self) -> &TokenAmount {
        &self.gas_premium
    }

    /// The events emitted so far in this message.
    pub fn events_mut(&mut self) -> &mut EventsAccumulator {
        &mut self.events
    }

    /// Takes the message's events and their root (v3), leaving an empty accumulator.
    pub fn take_events(&mut self) -> Result<(Vec<crate::events::StampedEvent>, Option<cid::Cid>)> {
        std::mem::take(&mut self.events)
            .finish()
            .map_err(|e| ExecutionError::fatal(format!("failed to finish events: {e}")))
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

    /// Sends a message from actor `from` under the rules of this machine's network version:
    /// the v2 path (the caller wraps it in a transaction) or the v3 path with its gas limit
    /// and read-only flag.
    #[allow(clippy::too_many_arguments)]
    pub fn send_any(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
        gas_limit: Option<Gas>,
        read_only: bool,
    ) -> Result<InvocationResult> {
        if self.is_v3() {
            self.send_v3(from, to, method, params, value, gas_limit, read_only)
        } else {
            self.with_transaction(|cm| cm.send(from, to, method, params, value))
        }
    }

    /// Runs `f` in a state transaction, reverted when `f` fails or the call did not succeed.
    pub fn with_transaction(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<InvocationResult>,
    ) -> Result<InvocationResult> {
        self.machine.state_tree_mut().begin_transaction();
        let result = contain_panic(|| f(self));
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
        // Each frame recurses natively; a browser's stack ends before the depth limit does.
        #[cfg(target_arch = "wasm32")]
        if self.call_stack_depth > WASM32_MAX_CALL_FRAMES {
            return Err(ExecutionError::fatal(format!(
                "the host's stack holds at most {WASM32_MAX_CALL_FRAMES} call frames on wasm32"
            )));
        }
        self.trace_event(|| ExecEvent::CallStart {
            from,
            to: to.to_string(),
            method,
            value: value.atto().to_string(),
        });
        let result = crate::stack::with_stack(|| contain_panic(|| f(self)));
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
            return Ok(InvocationResult::ok(None));
        }
        self.invoke(from, to, actor.code, method, params, value, false)
    }
}

/// Runs `f`; a panic inside it (a bug, or a panicking embedder blockstore) becomes a fatal error
/// here, so the caller still unwinds its depth count and transactions and the message ends with
/// a clean fatal receipt instead of a state tree left mid-transaction.
fn contain_panic(f: impl FnOnce() -> Result<InvocationResult>) -> Result<InvocationResult> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ExecutionError::fatal("panic during a call")))
}

/// The trace event closing a call that ended with `result`.
fn call_end_event(result: &Result<InvocationResult>) -> ExecEvent {
    let (exit_code, return_size) = match result {
        Ok(result) => (
            result.exit_code,
            result.value.as_ref().map_or(0, Block::size),
        ),
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
    ExecEvent::CallEnd {
        exit_code: ExitMapping::of_error(error).exit_code().value(),
        return_size: 0,
        error: (!matches!(error, ExecutionError::OutOfGas)).then(|| error.to_string()),
    }
}
