//! [`ActorOps`] for the default kernel.

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_state::ActorState;
use fvmi_syscalls::{ActorId, ActorOps, ExecutionError, Result};
use fvmi_types::{Address, ErrorNumber, TokenAmount};

use super::{empty_array_cid, DefaultKernel};
use crate::call_manager::address_cbor;

impl<B: Blockstore> ActorOps for DefaultKernel<'_, '_, B> {
    fn resolve_address(&mut self, address: &Address) -> Result<Option<ActorId>> {
        self.call_manager.machine().lookup_id(address)
    }

    fn get_actor_code_cid(&mut self, id: ActorId) -> Result<Option<Cid>> {
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
        self.call_manager
            .machine()
            .builtin_actors()
            .id_by_code(code)
    }

    fn get_code_cid_for_type(&mut self, actor_type: u32) -> Result<Cid> {
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
}
