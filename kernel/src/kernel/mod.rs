//! [`DefaultKernel`]: the syscall handler of one actor invocation. It borrows the call manager for
//! the invocation's lifetime, owns the invocation's block registry, and implements the
//! `fvmi-syscalls` kernel traits, charging gas in the reference's order.

mod actor;
mod blocks;
mod crypto;
mod env;
mod event;
mod ipld;
mod self_ops;
mod send;

pub use blocks::{Block, BlockRegistry, CODECS_V3, NO_DATA_BLOCK_ID};

use cid::Cid;
use fvmi_ipld::{cbor::cid_of, Blockstore};
use fvmi_state::ActorState;
use fvmi_syscalls::{ActorId, ExecutionError, Result};
use fvmi_types::{Address, ErrorNumber, Protocol, TokenAmount, DAG_CBOR};

use crate::call_manager::CallManager;
use crate::gas::hygge::HyggePriceList;
use crate::gas::{GasCharge, PriceList};
use fvmi_interp::CallStackMemory;

/// The CID of the empty CBOR array (the initial state of new actors).
pub fn empty_array_cid() -> Cid {
    cid_of(DAG_CBOR, &[0x80])
}

/// Converts a token amount for the ABI; amounts outside `u128` are a host bug (fatal).
pub(crate) fn to_u128(amount: &TokenAmount) -> Result<u128> {
    u128::try_from(amount.atto())
        .map_err(|_| ExecutionError::fatal(format!("token amount {amount} does not fit in u128")))
}

/// The kernel of one invocation.
pub struct DefaultKernel<'a, 'm, B: Blockstore> {
    call_manager: &'a mut CallManager<'m, B>,
    blocks: BlockRegistry,
    caller: ActorId,
    receiver: ActorId,
    method: u64,
    value_received: TokenAmount,
    read_only: bool,
}

impl<'a, 'm, B: Blockstore> DefaultKernel<'a, 'm, B> {
    /// A kernel for `receiver` called by `caller` with `method` and `value_received`;
    /// `read_only` (network version 18 on) forbids state changes.
    pub fn new(
        call_manager: &'a mut CallManager<'m, B>,
        blocks: BlockRegistry,
        caller: ActorId,
        receiver: ActorId,
        method: u64,
        value_received: TokenAmount,
        read_only: bool,
    ) -> Self {
        Self {
            call_manager,
            blocks,
            caller,
            receiver,
            method,
            value_received,
            read_only,
        }
    }

    /// The call stack's memory accounting (the store's limiter from nv18).
    pub(crate) fn memory_limiter(&mut self) -> &mut CallStackMemory {
        self.call_manager.memory_mut()
    }

    /// Whether this invocation runs the reference's v3 rules (network version 18 on).
    fn v3(&self) -> bool {
        self.call_manager.is_v3()
    }

    /// The FIP-0057 prices (v3 paths only).
    fn hygge(&self) -> Result<&'static crate::gas::hygge::HyggePriceList> {
        self.call_manager.hygge()
    }

    /// The charge for an operation: from the FIP-0057 prices at nv18 on, else from the FIP-0032
    /// price list.
    fn priced(
        &self,
        v2: impl FnOnce(&PriceList) -> GasCharge,
        v3: impl FnOnce(&HyggePriceList) -> GasCharge,
    ) -> Result<GasCharge> {
        Ok(match self.call_manager.machine().profile().hygge {
            Some(prices) => v3(prices),
            None => v2(self.call_manager.price_list()),
        })
    }

    /// `ReadOnly` in a read-only call.
    fn check_writable(&self) -> Result<()> {
        if self.read_only {
            return Err(ExecutionError::syscall(
                ErrorNumber::ReadOnly,
                "cannot change state in read-only mode",
            ));
        }
        Ok(())
    }

    /// Gives back the block registry (the return block is read from it).
    pub fn into_blocks(self) -> BlockRegistry {
        self.blocks
    }

    fn charge(&mut self, charge: GasCharge) -> Result<()> {
        self.call_manager.charge_gas(charge)
    }

    /// This actor's state, or `None` once it deleted itself.
    fn get_self(&mut self) -> Result<Option<ActorState>> {
        if self.v3() {
            return self.call_manager.get_actor_tracked(self.receiver);
        }
        self.call_manager.machine().get_actor(self.receiver)
    }

    /// Mutates this actor's state; `IllegalOperation` once it deleted itself.
    fn mutate_self(&mut self, f: impl FnOnce(&mut ActorState)) -> Result<()> {
        let mut actor = self.get_self()?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::IllegalOperation, "actor deleted")
        })?;
        f(&mut actor);
        if self.v3() {
            return self.call_manager.set_actor_tracked(self.receiver, actor);
        }
        self.call_manager
            .machine_mut()
            .set_actor(self.receiver, actor)
    }

    /// The key address behind `address`: itself for key addresses, else the address in the
    /// account actor's state (`NotFound` / `IllegalArgument` when there is no such account).
    fn resolve_to_key_address(&mut self, address: &Address, charge_gas: bool) -> Result<Address> {
        if matches!(address.protocol(), Protocol::BLS | Protocol::Secp256k1) {
            return Ok(*address);
        }
        let machine = self.call_manager.machine();
        let actor = match machine.lookup_id(address)? {
            Some(id) => machine.get_actor(id)?,
            None => None,
        }
        .ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, "state tree doesn't contain actor")
        })?;
        if !machine.builtin_actors().is_account_actor(&actor.code) {
            return Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "target actor is not an account",
            ));
        }
        if charge_gas {
            self.charge(self.call_manager.price_list().on_block_open_base())?;
        }
        let state = self
            .call_manager
            .machine()
            .blockstore()
            .get(&actor.state)
            .map_err(|e| ExecutionError::fatal(format!("failed to load account state: {e}")))?
            .ok_or_else(|| ExecutionError::fatal("account actor state not found"))?;
        if charge_gas {
            self.charge(
                self.call_manager
                    .price_list()
                    .on_block_open_per_byte(state.len()),
            )?;
        }
        let (key,): (Address,) = fvmi_ipld::cbor::from_slice(&state)
            .map_err(|e| ExecutionError::fatal(format!("failed to decode account state: {e}")))?;
        Ok(key)
    }
}
