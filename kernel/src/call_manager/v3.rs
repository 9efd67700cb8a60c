//! The send path of network version 18 on (the reference's v3 line): sends may run under their
//! own gas limit and read-only, every send is its own transaction over the state tree, the
//! events and the access record, the first touch of an actor costs state-access gas
//! (FIP-0057), key and f4 (EAM) recipients are created on first send, and a failing callee may
//! return a block.

use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_syscalls::{ActorId, ExecutionError, ExitMapping, Result};
use fvmi_types::{
    Address, ErrorNumber, Payload, Protocol, TokenAmount, METHOD_CONSTRUCTOR, METHOD_SEND,
};

use super::access::Access;
use super::account::{address_cbor, SYSTEM_ACTOR_ID};
use super::{CallManager, InvocationResult};
use crate::gas::hygge::HyggePriceList;
use crate::gas::Gas;
use crate::kernel::{empty_array_cid, Block};

/// The IPLD codec of plain CBOR (top-level and constructor parameters from nv18).
pub const CBOR: u64 = 0x51;

/// The address namespace of the Ethereum address manager: f4 addresses in it get placeholder
/// actors when they first receive a message.
pub const EAM_NAMESPACE: u64 = 10;

impl<B: Blockstore> CallManager<'_, B> {
    /// The FIP-0057 prices; only called on the v3 path, where they exist.
    pub(crate) fn hygge(&self) -> Result<&'static HyggePriceList> {
        self.machine
            .profile()
            .hygge
            .ok_or_else(|| ExecutionError::fatal("FIP-0057 prices asked for before nv18"))
    }

    /// Whether this message runs the reference's v3 rules (network version 18 on).
    pub fn is_v3(&self) -> bool {
        self.machine.profile().hygge.is_some()
    }

    /// Records what the message itself touched before any call: the sender (paid by the
    /// inclusion charge), its address, and the receiver it resolved to (a free read).
    pub fn record_message_accesses(
        &mut self,
        origin_id: ActorId,
        origin_address: Address,
        receiver: Option<ActorId>,
        receiver_address: Address,
    ) {
        self.access.record_update(origin_id);
        self.access.record_address(origin_address);
        if let Some(receiver) = receiver {
            self.access.record_read(receiver);
        }
        self.access.record_address(receiver_address);
    }

    /// The actor `id`, paying its lookup on first touch (v3).
    pub fn get_actor_tracked(&mut self, id: ActorId) -> Result<Option<ActorState>> {
        if self.access.actor(id).is_none() {
            let charge = self.hygge()?.on_actor_lookup();
            self.charge_gas(charge)?;
        }
        let actor = self.machine.get_actor(id)?;
        self.access.record_read(id);
        Ok(actor)
    }

    /// Writes the actor `id`, paying its lookup and update on first touch (v3).
    pub fn set_actor_tracked(&mut self, id: ActorId, actor: ActorState) -> Result<()> {
        self.charge_update(id)?;
        self.machine.set_actor(id, actor)?;
        self.access.record_update(id);
        Ok(())
    }

    /// Deletes the actor `id`, paying like a write (v3).
    pub fn delete_actor_tracked(&mut self, id: ActorId) -> Result<()> {
        self.charge_update(id)?;
        self.machine.delete_actor(id)?;
        self.access.record_update(id);
        Ok(())
    }

    fn charge_update(&mut self, id: ActorId) -> Result<()> {
        let prices = self.hygge()?;
        match self.access.actor(id) {
            None => {
                self.charge_gas(prices.on_actor_lookup())?;
                self.charge_gas(prices.on_actor_update())
            }
            Some(Access::Read) => self.charge_gas(prices.on_actor_update()),
            Some(Access::Updated) => Ok(()),
        }
    }

    /// The ID `address` resolves to (address resolution itself is free at nv18; a hit is
    /// recorded).
    pub fn resolve_address_tracked(&mut self, address: &Address) -> Result<Option<ActorId>> {
        if let Payload::ID(id) = address.payload() {
            return Ok(Some(*id));
        }
        if !self.access.address_seen(address) {
            let charge = self.hygge()?.on_resolve_address();
            self.charge_gas(charge)?;
        }
        let found = self.machine.lookup_id(address)?;
        if found.is_some() {
            self.access.record_address(*address);
        }
        Ok(found)
    }

    /// Moves `value` between actors with tracked accesses, in the reference's v3 order.
    pub fn transfer_tracked(
        &mut self,
        from: ActorId,
        to: ActorId,
        value: &TokenAmount,
    ) -> Result<()> {
        if value.is_negative() {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "attempted to transfer negative transfer value",
            ));
        }
        let mut sender = self.get_actor_tracked(from)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::InsufficientFunds, "sender does not exist")
        })?;
        if &sender.balance < value {
            return Err(ExecutionError::syscall(
                ErrorNumber::InsufficientFunds,
                "sender does not have funds to transfer",
            ));
        }
        if from == to {
            return Ok(());
        }
        let mut receiver = self.get_actor_tracked(to)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, "receiver does not exist")
        })?;
        sender.balance = &sender.balance - value;
        receiver.balance = &receiver.balance + value;
        self.set_actor_tracked(from, sender)?;
        self.set_actor_tracked(to, receiver)
    }

    /// Sends a message from actor `from` (v3): an optional gas limit for the callee, read-only
    /// propagation, a transaction per send, and out of gas under a limit as exit 7.
    #[allow(clippy::too_many_arguments)]
    pub fn send_v3(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
        gas_limit: Option<Gas>,
        read_only: bool,
    ) -> Result<InvocationResult> {
        if let Some(limit) = gas_limit {
            self.gas_tracker.push_limit(limit);
        }
        // As in the reference, a limit pushed before the depth check fails stays pushed.
        if self.call_stack_depth >= self.machine.context().max_call_depth {
            return Err(ExecutionError::syscall(
                ErrorNumber::LimitExceeded,
                "message execution exceeds call depth",
            ));
        }
        self.machine.state_tree_mut().begin_transaction();
        self.events.begin_transaction();
        self.access.begin_transaction();
        self.call_stack_depth += 1;
        // The memory a call's instances hold is released when it returns, whatever the outcome.
        let memory_before = self.memory_mut().used();
        let result = self.traced_call(from, to, method, value, |cm| {
            cm.send_unchecked_v3(from, to, method, params, value, read_only)
        });
        self.memory_mut().restore(memory_before);
        self.call_stack_depth -= 1;
        let revert = !matches!(&result, Ok(r) if r.exit_code.is_success());
        let ended = self.end_transactions(revert);
        if gas_limit.is_some() {
            self.gas_tracker.pop_limit();
        }
        ended?;
        match result {
            Err(ExecutionError::OutOfGas) if !self.gas_tracker.gas_available().is_zero() => {
                Ok(InvocationResult::failure(ExitMapping::OutOfGas.exit_code()))
            }
            other => other,
        }
    }

    /// Ends the access, events and state-tree transactions of a send, in that order.
    fn end_transactions(&mut self, revert: bool) -> Result<()> {
        let access = self.access.end_transaction(revert);
        let events = self.events.end_transaction(revert);
        let state = self.machine.state_tree_mut().end_transaction(revert);
        if !access {
            return Err(ExecutionError::fatal("no access-record transaction to end"));
        }
        events
            .map_err(|e| ExecutionError::fatal(format!("failed to end events transaction: {e}")))?;
        state.map_err(|e| ExecutionError::fatal(format!("failed to end transaction: {e}")))
    }

    fn send_unchecked_v3(
        &mut self,
        from: ActorId,
        to: &Address,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
        read_only: bool,
    ) -> Result<InvocationResult> {
        let id = match self.resolve_address_tracked(to)? {
            Some(id) => id,
            None => match to.payload() {
                Payload::BLS(_) | Payload::Secp256k1(_) => {
                    forbid_when_read_only(read_only)?;
                    self.create_account_actor_v3(to)?
                }
                Payload::Delegated(delegated) if delegated.namespace() == EAM_NAMESPACE => {
                    forbid_when_read_only(read_only)?;
                    let code = *self.placeholder_code()?;
                    let mut state =
                        ActorState::new(code, empty_array_cid(), TokenAmount::zero(), 0);
                    state.delegated_address = Some(*to);
                    self.create_actor_from_send(to, state)?
                }
                _ => {
                    return Err(ExecutionError::syscall(
                        ErrorNumber::NotFound,
                        format!("actor does not exist: {to}"),
                    ))
                }
            },
        };
        self.send_resolved_v3(from, id, method, params, value, read_only)
    }

    fn placeholder_code(&self) -> Result<&cid::Cid> {
        self.machine
            .builtin_actors()
            .code_by_name("placeholder")
            .ok_or_else(|| ExecutionError::fatal("the manifest has no placeholder actor"))
    }

    /// Creates an account actor for a key address and runs its constructor from the system
    /// actor (its exit code is ignored).
    fn create_account_actor_v3(&mut self, address: &Address) -> Result<ActorId> {
        if address.is_bls_zero_address() {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "cannot create the bls zero address actor",
            ));
        }
        let code = *self.machine.builtin_actors().account_code();
        let state = ActorState::new(code, empty_array_cid(), TokenAmount::zero(), 0);
        let id = self.create_actor_from_send(address, state)?;
        let params = Block::new(CBOR, address_cbor(address));
        let zero = TokenAmount::zero();
        self.traced_call(
            SYSTEM_ACTOR_ID,
            &Address::new_id(id),
            METHOD_CONSTRUCTOR,
            &zero,
            |cm| {
                cm.send_resolved_v3(
                    SYSTEM_ACTOR_ID,
                    id,
                    METHOD_CONSTRUCTOR,
                    Some(params),
                    &zero,
                    false,
                )
            },
        )?;
        Ok(id)
    }

    /// Assigns an ID to `address` and installs `state` there, paying for a new address.
    fn create_actor_from_send(&mut self, address: &Address, state: ActorState) -> Result<ActorId> {
        let charge = self.hygge()?.on_create_actor(true);
        self.charge_gas(charge)?;
        let id = self
            .machine
            .state_tree_mut()
            .register_new_address(address)
            .map_err(|e| ExecutionError::fatal(format!("failed to register address: {e}")))?;
        self.access.record_address(*address);
        self.set_actor_tracked(id, state)?;
        Ok(id)
    }

    /// Creates (or upgrades a placeholder to) an actor for the init actor (v3).
    pub fn create_actor_v3(
        &mut self,
        code: cid::Cid,
        id: ActorId,
        delegated: Option<Address>,
    ) -> Result<()> {
        if Some(&code) == self.machine.builtin_actors().code_by_name("placeholder") {
            return Err(ExecutionError::syscall(
                ErrorNumber::Forbidden,
                "cannot explicitly construct a placeholder actor",
            ));
        }
        let placeholder = self
            .machine
            .builtin_actors()
            .code_by_name("placeholder")
            .copied();
        let state = match self.get_actor_tracked(id)? {
            Some(existing) if Some(existing.code) == placeholder => {
                let Some(own) = existing.delegated_address else {
                    return Err(ExecutionError::fatal(
                        "placeholder actor is missing its delegated address",
                    ));
                };
                if Some(own) != delegated {
                    return Err(ExecutionError::syscall(
                        ErrorNumber::Forbidden,
                        "placeholder has a different delegated address",
                    ));
                }
                ActorState { code, ..existing }
            }
            Some(_) => {
                return Err(ExecutionError::syscall(
                    ErrorNumber::Forbidden,
                    "Actor address already exists",
                ))
            }
            None => {
                let charge = self.hygge()?.on_create_actor(false);
                self.charge_gas(charge)?;
                let mut state = ActorState::new(code, empty_array_cid(), TokenAmount::zero(), 0);
                state.delegated_address = delegated;
                state
            }
        };
        self.set_actor_tracked(id, state)?;
        self.num_actors_created += 1;
        Ok(())
    }

    /// The address of the next actor created in this message: from the sender as written, the
    /// nonce and the number of actors created so far (v3).
    pub fn next_actor_address_v3(&self) -> Address {
        let mut seed = address_cbor(&self.origin);
        seed.extend_from_slice(&self.nonce.to_be_bytes());
        seed.extend_from_slice(&self.num_actors_created.to_be_bytes());
        Address::new_actor(&seed)
    }

    fn send_resolved_v3(
        &mut self,
        from: ActorId,
        to: ActorId,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
        read_only: bool,
    ) -> Result<InvocationResult> {
        let actor = self.get_actor_tracked(to)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, format!("actor does not exist: {to}"))
        })?;
        let prices = self.hygge()?;
        if !value.is_zero() {
            self.charge_gas(prices.on_value_transfer())?;
            self.transfer_tracked(from, to, value)?;
        }
        if method == METHOD_SEND {
            return Ok(InvocationResult::ok(None));
        }
        self.charge_gas(prices.on_method_invocation())?;
        let result = self.invoke(from, to, actor.code, method, params, value, read_only)?;
        if self.call_stack_depth == 1 {
            if let Some(block) = &result.value {
                self.charge_gas(prices.on_chain_return_value(block.size() as usize))?;
            }
        }
        Ok(result)
    }
}

/// `ReadOnly` when the call may not create actors or move funds.
fn forbid_when_read_only(read_only: bool) -> Result<()> {
    if read_only {
        return Err(ExecutionError::syscall(
            ErrorNumber::ReadOnly,
            "cannot create an actor in read-only mode",
        ));
    }
    Ok(())
}

/// Whether `address` is an f4 address in the EAM namespace.
pub fn is_eam_address(address: &Address) -> bool {
    matches!(address.payload(), Payload::Delegated(d) if d.namespace() == EAM_NAMESPACE)
        && address.protocol() == Protocol::Delegated
}
