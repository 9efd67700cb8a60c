//! The reference side at network version 18: `fvm` 3.14.1 from crates.io (the release/v3 line
//! that runs network versions 18 to 20), its default executor, kernel, call manager and machine
//! over its own memory blockstore.

use anyhow::{anyhow, Context as _};
use cid::Cid;
use fvm::call_manager::DefaultCallManager;
use fvm::engine::EnginePool;
use fvm::executor::{ApplyKind, DefaultExecutor, Executor as _};
use fvm::externs::{Chain, Consensus, Externs, Rand};
use fvm::machine::{DefaultMachine, NetworkConfig};
use fvm::DefaultKernel;
use fvm_ipld_blockstore::{Blockstore as _, MemoryBlockstore};
use fvm_shared::chainid::ChainID;
use fvm_shared::clock::ChainEpoch;
use fvm_shared::consensus::ConsensusFault;
use fvm_shared::econ::TokenAmount;
use fvm_shared::message::Message;
use fvm_shared::version::NetworkVersion;

use fvmi_diffref_core::outcome::{Applied, Outcome, Setup};
use fvmi_diffref_core::randomness::{base, tipset_cid};
use fvmi_diffref_core::reference::Reference;

/// Externs returning the shared base randomness (the reference's kernel draws from it), the
/// shared tipset CIDs, and never finding a consensus fault.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReferenceExterns3;

impl Rand for ReferenceExterns3 {
    fn get_chain_randomness(&self, round: ChainEpoch) -> anyhow::Result<[u8; 32]> {
        Ok(base(b'c', round))
    }

    fn get_beacon_randomness(&self, round: ChainEpoch) -> anyhow::Result<[u8; 32]> {
        Ok(base(b'b', round))
    }
}

impl Consensus for ReferenceExterns3 {
    fn verify_consensus_fault(
        &self,
        _h1: &[u8],
        _h2: &[u8],
        _extra: &[u8],
    ) -> anyhow::Result<(Option<ConsensusFault>, i64)> {
        Ok((None, 0))
    }
}

impl Chain for ReferenceExterns3 {
    fn get_tipset_cid(&self, epoch: ChainEpoch) -> anyhow::Result<Cid> {
        Ok(Cid::try_from(tipset_cid(epoch).as_slice())?)
    }
}

impl Externs for ReferenceExterns3 {}

type RefMachine = DefaultMachine<MemoryBlockstore, ReferenceExterns3>;
type RefExecutor = DefaultExecutor<DefaultKernel<DefaultCallManager<RefMachine>>>;

/// The fvm 3.14.1 reference at `setup` (the [`fvmi_diffref_core::reference::Factory`] of this
/// binary).
pub fn new(blocks: &[(Vec<u8>, Vec<u8>)], setup: &Setup) -> anyhow::Result<Box<dyn Reference>> {
    Ok(Box::new(ReferenceV3::new(blocks, setup)?))
}

/// The fvm 3.14.1 executor on its own blockstore.
pub struct ReferenceV3 {
    executor: RefExecutor,
}

impl ReferenceV3 {
    /// A machine at `setup` over a fresh store holding `blocks` (CID bytes, block bytes).
    pub fn new(blocks: &[(Vec<u8>, Vec<u8>)], setup: &Setup) -> anyhow::Result<Self> {
        let store = MemoryBlockstore::new();
        for (cid, bytes) in blocks {
            let cid = Cid::try_from(cid.as_slice())?;
            store.put_keyed(&cid, bytes)?;
        }
        // Any u32 is a network version in fvm 3; `DefaultMachine::new` refuses the ones it
        // does not run.
        let nv = NetworkVersion::from(setup.network_version);
        let root = Cid::try_from(setup.state_root.as_slice())?;
        let mut network = NetworkConfig::new(nv);
        network.override_actors(Cid::try_from(setup.manifest_root.as_slice())?);
        network.chain_id(ChainID::from(setup.chain_id));
        let mut context = network.for_epoch(setup.epoch, setup.timestamp, root);
        context.set_base_fee(TokenAmount::from_atto(setup.base_fee));
        context.set_circulating_supply(TokenAmount::from_atto(setup.circ_supply));
        let engines =
            EnginePool::new_default((&context.network).into()).context("reference engine pool")?;
        let extra = setup
            .extra_code
            .iter()
            .map(|cid| Cid::try_from(cid.as_slice()))
            .collect::<Result<Vec<_>, _>>()?;
        // fvm 3 also loads non-builtin code from the store on first call; preloading keeps the
        // compile errors of a bad module out of the message runs.
        engines
            .acquire()
            .preload(&store, &extra)
            .context("preloading the non-builtin actors")?;
        let machine = DefaultMachine::new(&context, store, ReferenceExterns3)
            .context("building the reference machine")?;
        let executor = DefaultExecutor::new(engines, machine).context("reference executor")?;
        Ok(ReferenceV3 { executor })
    }
}

impl Reference for ReferenceV3 {
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
                gas_used: i64::try_from(receipt.gas_used)?,
                fees: [
                    ret.penalty.atto().to_string(),
                    ret.miner_tip.atto().to_string(),
                    ret.base_fee_burn.atto().to_string(),
                    ret.over_estimation_burn.atto().to_string(),
                    ret.refund.atto().to_string(),
                ],
                events_root: receipt.events_root.map(|root| root.to_bytes()),
            },
            failure_info: ret.failure_info.map(|info| info.to_string()),
        })
    }

    fn flush(&mut self) -> anyhow::Result<Vec<u8>> {
        Ok(self.executor.flush()?.to_bytes())
    }
}
