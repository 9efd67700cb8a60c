//! [`SelfOps`] for the default kernel.

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{ExecutionError, Result, SelfOps};
use fvmi_types::{Address, ErrorNumber};

use super::{to_u128, DefaultKernel};

impl<B: Blockstore> SelfOps for DefaultKernel<'_, '_, B> {
    fn root(&mut self) -> Result<Cid> {
        Ok(self
            .get_self()?
            .ok_or_else(|| {
                ExecutionError::syscall(
                    ErrorNumber::IllegalOperation,
                    "state root requested after actor deletion",
                )
            })?
            .state)
    }

    fn set_root(&mut self, root: Cid) -> Result<()> {
        self.mutate_self(|actor| actor.state = root)
    }

    fn current_balance(&mut self) -> Result<u128> {
        match self.get_self()? {
            Some(actor) => to_u128(&actor.balance),
            None => Ok(0),
        }
    }

    fn self_destruct(&mut self, beneficiary: &Address) -> Result<()> {
        self.charge(self.call_manager.price_list().on_delete_actor())?;
        let balance = self.get_self()?.map(|a| a.balance).unwrap_or_default();
        if !balance.is_zero() {
            let beneficiary_id = self
                .call_manager
                .machine()
                .lookup_id(beneficiary)?
                .ok_or_else(|| {
                    ExecutionError::syscall(ErrorNumber::NotFound, "beneficiary doesn't exist")
                })?;
            if beneficiary_id == self.receiver {
                return Err(ExecutionError::syscall(
                    ErrorNumber::Forbidden,
                    "benefactor cannot be beneficiary",
                ));
            }
            self.call_manager
                .machine_mut()
                .transfer(self.receiver, beneficiary_id, &balance)?;
        }
        self.call_manager.machine_mut().delete_actor(self.receiver)
    }
}
