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
        self.check_writable()?;
        self.mutate_self(|actor| actor.state = root)
    }

    fn current_balance(&mut self) -> Result<u128> {
        if self.v3() {
            self.charge(self.hygge()?.on_self_balance())?;
        }
        match self.get_self()? {
            Some(actor) => to_u128(&actor.balance),
            None => Ok(0),
        }
    }

    fn self_destruct(&mut self, beneficiary: &Address) -> Result<()> {
        if self.v3() {
            return self.self_destruct_v3(beneficiary);
        }
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

impl<B: Blockstore> DefaultKernel<'_, '_, B> {
    /// `self_destruct` at nv18: read-only check, a free delete charge, the balance (if any) to
    /// the beneficiary with tracked accesses, then the tracked delete.
    fn self_destruct_v3(&mut self, beneficiary: &Address) -> Result<()> {
        self.check_writable()?;
        self.charge(self.hygge()?.on_delete_actor())?;
        let balance = self.current_balance()?;
        if balance != 0 {
            let beneficiary_id = self
                .call_manager
                .resolve_address_tracked(beneficiary)?
                .ok_or_else(|| {
                    ExecutionError::syscall(ErrorNumber::NotFound, "beneficiary doesn't exist")
                })?;
            if beneficiary_id == self.receiver {
                return Err(ExecutionError::syscall(
                    ErrorNumber::Forbidden,
                    "benefactor cannot be beneficiary",
                ));
            }
            let amount = fvmi_types::TokenAmount::from_atto(balance);
            self.call_manager
                .transfer_tracked(self.receiver, beneficiary_id, &amount)?;
        }
        self.call_manager.delete_actor_tracked(self.receiver)
    }
}
