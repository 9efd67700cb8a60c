//! The environment-facing kernel traits: gas, network, randomness, message and debugging.

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{
    ActorId, DebugOps, ExecutionError, GasOps, MessageOps, NetworkOps, RandomnessOps, Result,
};
use fvmi_types::ErrorNumber;

use super::{to_u128, DefaultKernel};
use crate::gas::Gas;

impl<B: Blockstore> GasOps for DefaultKernel<'_, '_, B> {
    fn gas_available_milligas(&self) -> i64 {
        self.call_manager
            .gas_tracker()
            .gas_available()
            .as_milligas()
    }

    fn charge_milligas(&mut self, name: &str, milligas: i64) -> Result<()> {
        self.call_manager
            .gas_tracker_mut()
            .charge_gas(name, Gas::from_milligas(milligas))
            .map_err(|_| ExecutionError::OutOfGas)
    }

    fn charge_syscall(&mut self) -> Result<()> {
        self.charge(self.call_manager.price_list().on_syscall())
    }
}

impl<B: Blockstore> NetworkOps for DefaultKernel<'_, '_, B> {
    fn network_epoch(&self) -> i64 {
        self.call_manager.machine().context().epoch
    }

    fn network_version(&self) -> u32 {
        self.call_manager.machine().context().network_version as u32
    }

    fn network_base_fee(&self) -> Result<u128> {
        to_u128(&self.call_manager.machine().context().base_fee)
    }

    fn total_fil_circ_supply(&self) -> Result<u128> {
        to_u128(&self.call_manager.machine().context().circ_supply)
    }
}

impl<B: Blockstore> RandomnessOps for DefaultKernel<'_, '_, B> {
    fn get_randomness_from_tickets(
        &mut self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32]> {
        self.charge(
            self.call_manager
                .price_list()
                .on_get_randomness(entropy.len()),
        )?;
        self.call_manager
            .machine()
            .externs()
            .get_chain_randomness(personalization, round, entropy)
            .map_err(|e| ExecutionError::syscall(ErrorNumber::IllegalArgument, e.to_string()))
    }

    fn get_randomness_from_beacon(
        &mut self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32]> {
        self.charge(
            self.call_manager
                .price_list()
                .on_get_randomness(entropy.len()),
        )?;
        self.call_manager
            .machine()
            .externs()
            .get_beacon_randomness(personalization, round, entropy)
            .map_err(|e| ExecutionError::syscall(ErrorNumber::IllegalArgument, e.to_string()))
    }
}

impl<B: Blockstore> MessageOps for DefaultKernel<'_, '_, B> {
    fn msg_caller(&self) -> ActorId {
        self.caller
    }

    fn msg_receiver(&self) -> ActorId {
        self.receiver
    }

    fn msg_method_number(&self) -> u64 {
        self.method
    }

    fn msg_value_received(&self) -> Result<u128> {
        to_u128(&self.value_received)
    }
}

impl<B: Blockstore> DebugOps for DefaultKernel<'_, '_, B> {
    fn debug_enabled(&self) -> bool {
        self.call_manager.machine().context().actor_debugging
    }

    fn log(&mut self, message: String) {
        eprintln!("actor {}: {message}", self.receiver);
    }

    fn store_artifact(&mut self, name: &str, _data: &[u8]) -> Result<()> {
        let valid = !name.is_empty()
            && name.len() <= 256
            && !name.starts_with('.')
            && !name.chars().any(std::path::is_separator);
        if valid {
            Ok(())
        } else {
            Err(ExecutionError::syscall(
                ErrorNumber::IllegalArgument,
                "invalid debug artifact name",
            ))
        }
    }
}
