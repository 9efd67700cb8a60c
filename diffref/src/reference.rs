//! The reference side up to nv17: `fvm` 2.11.3 from crates.io, its default executor, kernel,
//! call manager and machine over its own memory blockstore.

use anyhow::{anyhow, Context as _};
use cid::Cid;
use fvm::call_manager::DefaultCallManager;
use fvm::executor::{ApplyKind, DefaultExecutor, Executor as _};
use fvm::externs::{Consensus, Externs, Rand};
use fvm::machine::{DefaultMachine, Engine, NetworkConfig};
use fvm::DefaultKernel;
use fvm_ipld_blockstore::{Blockstore as _, MemoryBlockstore};
use fvm_shared::clock::ChainEpoch;
use fvm_shared::consensus::ConsensusFault;
use fvm_shared::econ::TokenAmount;
use fvm_shared::message::Message;
use fvm_shared::version::NetworkVersion;

use fvmi_diffref_core::outcome::{Applied, Outcome, Setup};
use fvmi_diffref_core::randomness::base;
use fvmi_diffref_core::reference::Reference;

/// Externs returning the shared base randomness (the reference's kernel draws from it) and
/// never finding a consensus fault.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferenceExterns;

impl Rand for ReferenceExterns {
    fn get_chain_randomness(&self, round: ChainEpoch) -> anyhow::Result<[u8; 32]> {
        Ok(base(b'c', round))
    }

    fn get_beacon_randomness(&self, round: ChainEpoch) -> anyhow::Result<[u8; 32]> {
        Ok(base(b'b', round))
    }
}

impl Consensus for ReferenceExterns {
    fn verify_consensus_fault(
        &self,
        _h1: &[u8],
        _h2: &[u8],
        _extra: &[u8],
    ) -> anyhow::Result<(Option<ConsensusFault>, i64)> {
        Ok((None, 0))
    }
}

impl Externs for ReferenceExterns {}

type RefMachine = DefaultMachine<MemoryBlockstore, ReferenceExterns>;
type RefExecutor = DefaultExecutor<DefaultKernel<DefaultCallManager<RefMachine>>>;

/// The fvm 2.11.3 reference at `setup` (the [`fvmi_diffref_core::reference::Factory`] of this
/// binary).
pub fn new(blocks: &[(Vec<u8>, Vec<u8>)], setup: &Setup) -> anyhow::Result<Box<dyn Reference>> {
    Ok(Box::new(ReferenceV2::new(blocks, setup)?))
}

/// The fvm 2.11.3 executor on its own blockstore.
pub struct ReferenceV2 {
    executor: RefExecutor,
}

impl ReferenceV2 {
    /// A machine at `setup` over a fresh store holding `blocks` (CID bytes, block bytes).
    pub fn new(blocks: &[(Vec<u8>, Vec<u8>)], setup: &Setup) -> anyhow::Result<Self> {
        let store = MemoryBlockstore::new();
        for (cid, bytes) in blocks {
            let cid = Cid::try_from(cid.as_slice())?;
            store.put_keyed(&cid, bytes)?;
        }
        let nv = NetworkVersion::try_from(setup.network_version)
            .map_err(|_| anyhow!("the reference does not know nv{}", setup.network_version))?;
        let root = Cid::try_from(setup.state_root.as_slice())?;
        let mut network = NetworkConfig::new(nv);
        network.override_actors(Cid::try_from(setup.manifest_root.as_slice())?);
        let mut context = network.for_epoch(setup.epoch, root);
        context.set_base_fee(TokenAmount::from_atto(setup.base_fee));
        context.set_circulating_supply(TokenAmount::from_atto(setup.circ_supply));
        let engine = Engine::new_default((&network).into()).context("reference engine")?;
        let extra = setup
            .extra_code
            .iter()
            .map(|cid| Cid::try_from(cid.as_slice()))
            .collect::<Result<Vec<_>, _>>()?;
        engine
            .preload(&store, &extra)
            .context("preloading the non-builtin actors")?;
        let machine = DefaultMachine::new(&engine, &context, store, ReferenceExterns)
            .context("building the reference machine")?;
        Ok(ReferenceV2 {
            executor: DefaultExecutor::new(machine),
        })
    }
}

impl Reference for ReferenceV2 {
    fn apply(&mut self, bytes: &[u8], raw_length: usize) -> anyhow::Result<Applied> {
        let message: Message = fvm_ipld_encoding::from_slice(bytes)?;
        let ret = self
            .executor
            .execute_message(message, ApplyKind::Explicit, raw_length)
            .map_err(|error| anyhow!("reference: fatal error applying the message: {error:#}"))?;
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
                events_root: None,
            },
            failure_info: ret.failure_info.map(|info| info.to_string()),
        })
    }

    fn flush(&mut self) -> anyhow::Result<Vec<u8>> {
        Ok(self.executor.flush()?.to_bytes())
    }
}
