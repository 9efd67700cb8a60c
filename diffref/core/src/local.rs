//! fvmi's side: its executor over a memory blockstore.

use anyhow::{anyhow, Context as _};
use cid::Cid;
use fvmi_ipld::MemoryBlockstore;
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{ApplyKind, Executor, ExternError, Externs, Machine, MachineContext};
use fvmi_types::{Address, ConsensusFault, Message, NetworkVersion, TokenAmount};
use num_traits::ToPrimitive;

use crate::outcome::{Applied, Outcome, Setup};
use crate::randomness::{drawn, tipset_cid};

/// Externs answering with the shared randomness and never finding a consensus fault.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalExterns;

impl Externs for LocalExterns {
    fn get_chain_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError> {
        Ok(drawn(b'c', personalization, round, entropy))
    }

    fn get_beacon_randomness(
        &self,
        personalization: i64,
        round: i64,
        entropy: &[u8],
    ) -> Result<[u8; 32], ExternError> {
        Ok(drawn(b'b', personalization, round, entropy))
    }

    fn verify_consensus_fault(
        &self,
        _h1: &[u8],
        _h2: &[u8],
        _extra: &[u8],
    ) -> Result<(Option<ConsensusFault>, i64), ExternError> {
        Ok((None, 0))
    }

    fn get_tipset_cid(&self, epoch: i64) -> Result<Cid, ExternError> {
        Cid::try_from(tipset_cid(epoch).as_slice()).map_err(|e| ExternError(e.to_string()))
    }
}

/// An actor as the generator needs to know it.
#[derive(Debug, Clone)]
pub struct ActorView {
    /// Its nonce.
    pub sequence: u64,
    /// Its balance, attoFIL (saturating).
    pub balance: u128,
    /// Its code CID.
    pub code: Cid,
}

/// fvmi's executor on its own blockstore.
pub struct LocalVm {
    executor: Executor<MemoryBlockstore>,
}

impl LocalVm {
    /// A machine at `setup` over `store` (which holds the state and the bundle).
    pub fn new(store: MemoryBlockstore, setup: &Setup) -> anyhow::Result<Self> {
        let nv = NetworkVersion::try_from(setup.network_version)
            .map_err(|nv| anyhow!("unknown network version {nv}"))?;
        let root = Cid::try_from(setup.state_root.as_slice())?;
        let mut context = MachineContext::new(setup.epoch, nv, root);
        context.base_fee = TokenAmount::from_atto(setup.base_fee);
        context.circ_supply = TokenAmount::from_atto(setup.circ_supply);
        context.builtin_actors = Some(Cid::try_from(setup.manifest_root.as_slice())?);
        context.timestamp = setup.timestamp;
        context.chain_id = setup.chain_id;
        let machine = Machine::new(
            context,
            store,
            Box::new(LocalExterns),
            Box::new(AcceptAllProofs),
        )
        .context("building fvmi's machine")?;
        Ok(LocalVm {
            executor: Executor::new(machine),
        })
    }

    /// Applies one message (DAG-CBOR bytes) as an explicit message of `raw_length` bytes.
    pub fn apply(&mut self, bytes: &[u8], raw_length: usize) -> anyhow::Result<Applied> {
        let message: Message = fvmi_ipld::cbor::from_slice(bytes)?;
        let ret = self
            .executor
            .apply_message(&message, ApplyKind::Explicit { raw_length })
            .map_err(|error| anyhow!("fvmi: fatal error applying the message: {error}"))?;
        let receipt = &ret.msg_receipt;
        Ok(Applied {
            outcome: Outcome {
                exit_code: receipt.exit_code.value(),
                return_data: receipt.return_data.bytes().to_vec(),
                gas_used: receipt.gas_used,
                fees: [
                    ret.penalty.atto().to_string(),
                    ret.miner_tip.atto().to_string(),
                    ret.base_fee_burn.atto().to_string(),
                    ret.over_estimation_burn.atto().to_string(),
                    ret.refund.atto().to_string(),
                ],
                events_root: ret.events_root.map(|root| root.to_bytes()),
            },
            failure_info: ret.failure_info.map(|info| format!("{info:?}")),
        })
    }

    /// Flushes the state and returns the root's CID bytes.
    pub fn flush(&mut self) -> anyhow::Result<Vec<u8>> {
        let root = self
            .executor
            .flush()
            .map_err(|error| anyhow!("fvmi: flush failed: {error}"))?;
        Ok(root.to_bytes())
    }

    /// The actor at `id`, if any.
    pub fn actor(&self, id: u64) -> Option<ActorView> {
        let actor = self.executor.machine().get_actor(id).ok()??;
        Some(ActorView {
            sequence: actor.sequence,
            balance: actor.balance.atto().to_u128().unwrap_or(u128::MAX),
            code: actor.code,
        })
    }

    /// The ID `address` resolves to, if any.
    pub fn lookup(&self, address: &Address) -> Option<u64> {
        self.executor.machine().lookup_id(address).ok()?
    }
}
