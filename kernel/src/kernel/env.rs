//! The environment-facing kernel traits: gas, network, randomness, message and debugging.

use cid::Cid;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{
    ActorId, DebugOps, ExecutionError, GasOps, MessageContext, MessageOps, NetworkContext,
    NetworkOps, RandomnessOps, Result,
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
        let charge = match self.v3() {
            true => self.hygge()?.on_syscall(),
            false => self.call_manager.price_list().on_syscall(),
        };
        self.charge(charge)
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

    fn network_context(&mut self) -> Result<NetworkContext> {
        self.charge(self.hygge()?.on_network_context())?;
        let context = self.call_manager.machine().context();
        Ok(NetworkContext {
            epoch: context.epoch,
            timestamp: context.timestamp,
            base_fee: to_u128(&context.base_fee)?,
            chain_id: context.chain_id,
            network_version: context.network_version as u32,
        })
    }

    fn tipset_cid(&mut self, epoch: i64) -> Result<Cid> {
        let current = self.call_manager.machine().context().epoch;
        let illegal = |why: &str| Err(ExecutionError::syscall(ErrorNumber::IllegalArgument, why));
        if epoch < 0 {
            return illegal("epoch is negative");
        }
        let offset = current - epoch;
        if offset <= 0 {
            return illegal("can only fetch tipset CIDs of past epochs");
        }
        if offset >= FINALITY {
            return illegal("tipset lookback beyond finality");
        }
        self.charge(self.hygge()?.on_tipset_cid(offset > 1))?;
        self.call_manager
            .machine()
            .externs()
            .get_tipset_cid(epoch)
            .map_err(|e| ExecutionError::fatal(format!("failed to get tipset cid: {e}")))
    }
}

/// How far back `network::tipset_cid` may look (chain finality, in epochs).
const FINALITY: i64 = 900;

impl<B: Blockstore> RandomnessOps for DefaultKernel<'_, '_, B> {
    fn get_randomness_from_tickets(
        &mut self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32]> {
        self.charge_randomness(entropy.len())?;
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
        self.charge_randomness(entropy.len())?;
        self.call_manager
            .machine()
            .externs()
            .get_beacon_randomness(personalization, round, entropy)
            .map_err(|e| ExecutionError::syscall(ErrorNumber::IllegalArgument, e.to_string()))
    }
}

impl<B: Blockstore> DefaultKernel<'_, '_, B> {
    /// The price of a randomness draw with `entropy_len` bytes of entropy.
    fn charge_randomness(&mut self, entropy_len: usize) -> Result<()> {
        let charge = match self.v3() {
            true => self.hygge()?.on_get_randomness(entropy_len),
            false => self
                .call_manager
                .price_list()
                .on_get_randomness(entropy_len),
        };
        self.charge(charge)
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

    fn message_context(&mut self) -> Result<MessageContext> {
        self.charge(self.hygge()?.on_message_context())?;
        Ok(MessageContext {
            origin: self.call_manager.origin_id(),
            nonce: self.call_manager.nonce(),
            caller: self.caller,
            receiver: self.receiver,
            method_number: self.method,
            value_received: to_u128(&self.value_received)?,
            gas_premium: to_u128(self.call_manager.gas_premium())?,
            read_only: self.read_only,
        })
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
