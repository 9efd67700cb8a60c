//! [`ActorOps`] for the default kernel.

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_syscalls::{ActorId, ActorOps, ExecutionError, Result};
use fvmi_types::builtin::INIT_ACTOR_ID;
use fvmi_types::{Address, ErrorNumber, TokenAmount};

use super::{empty_array_cid, to_u128, DefaultKernel};
use crate::call_manager::address_cbor;

impl<B: Blockstore> ActorOps for DefaultKernel<'_, '_, B> {
    fn resolve_address(&mut self, address: &Address) -> Result<Option<ActorId>> {
        if self.v3() {
            self.charge(self.hygge()?.on_resolve_address())?;
            return self.call_manager.resolve_address_tracked(address);
        }
        self.call_manager.machine().lookup_id(address)
    }

    fn get_actor_code_cid(&mut self, id: ActorId) -> Result<Option<Cid>> {
        if self.v3() {
            self.charge(self.hygge()?.on_get_actor_code_cid())?;
            return Ok(self.call_manager.get_actor_tracked(id)?.map(|a| a.code));
        }
        Ok(self.call_manager.machine().get_actor(id)?.map(|a| a.code))
    }

    fn new_actor_address(&mut self) -> Result<Address> {
        let origin = *self.call_manager.origin();
        let key = self
            .resolve_to_key_address(&origin, false)
            .map_err(|e| ExecutionError::fatal(format!("cannot resolve the origin: {e}")))?;
        let mut seed = address_cbor(&key);
        seed.extend_from_slice(&self.call_manager.nonce().to_be_bytes());
        seed.extend_from_slice(&self.call_manager.next_actor_index().to_be_bytes());
        Ok(Address::new_actor(&seed))
    }

    fn create_actor(&mut self, code: Cid, id: ActorId) -> Result<()> {
        let builtin = self.call_manager.machine().builtin_actors();
        if builtin.id_by_code(&code) == 0 {
            return Err(ExecutionError::syscall(
                ErrorNumber::Forbidden,
                "can only create built-in actors",
            ));
        }
        if builtin.is_singleton_actor(&code) {
            return Err(ExecutionError::syscall(
                ErrorNumber::Forbidden,
                "can only have one instance of singleton actors",
            ));
        }
        if let Ok(Some(_)) = self.call_manager.machine().get_actor(id) {
            return Err(ExecutionError::syscall(
                ErrorNumber::Forbidden,
                "actor address already exists",
            ));
        }
        self.charge(self.call_manager.price_list().on_create_actor())?;
        let actor = ActorState::new(code, empty_array_cid(), TokenAmount::zero(), 0);
        self.call_manager.machine_mut().set_actor(id, actor)
    }

    fn get_builtin_actor_type(&mut self, code: &Cid) -> u32 {
        if let Some(prices) = self.call_manager.machine().profile().hygge {
            // A zero charge, as in the reference; it cannot run out of gas.
            let _ = self.charge(prices.on_get_builtin_actor_type());
        }
        self.call_manager
            .machine()
            .builtin_actors()
            .id_by_code(code)
    }

    fn get_code_cid_for_type(&mut self, actor_type: u32) -> Result<Cid> {
        if self.v3() {
            self.charge(self.hygge()?.on_get_code_cid_for_type())?;
        }
        self.call_manager
            .machine()
            .builtin_actors()
            .code_by_id(actor_type)
            .copied()
            .ok_or_else(|| {
                ExecutionError::syscall(
                    ErrorNumber::IllegalArgument,
                    "tried to resolve CID of unrecognized actor type",
                )
            })
    }

    fn lookup_delegated_address(&mut self, id: ActorId) -> Result<Option<Address>> {
        self.charge(self.hygge()?.on_lookup_address())?;
        let actor = self.call_manager.get_actor_tracked(id)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, format!("actor {id} not found"))
        })?;
        Ok(actor.delegated_address)
    }

    fn next_actor_address(&mut self) -> Result<Address> {
        Ok(self.call_manager.next_actor_address_v3())
    }

    fn create_actor_with_address(
        &mut self,
        code: Cid,
        id: ActorId,
        delegated: Option<Address>,
    ) -> Result<()> {
        if self.receiver != INIT_ACTOR_ID {
            return Err(ExecutionError::syscall(
                ErrorNumber::Forbidden,
                "create_actor is restricted to the init actor",
            ));
        }
        self.check_writable()?;
        self.call_manager.create_actor_v3(code, id, delegated)
    }

    fn balance_of(&mut self, id: ActorId) -> Result<u128> {
        self.charge(self.hygge()?.on_balance_of())?;
        let actor = self.call_manager.get_actor_tracked(id)?.ok_or_else(|| {
            ExecutionError::syscall(ErrorNumber::NotFound, format!("actor {id} not found"))
        })?;
        to_u128(&actor.balance)
    }
}
