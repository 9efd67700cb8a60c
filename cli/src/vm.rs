//! Building an executor over a blockstore: the machine context from command-line values, and the
//! externs the command line offers (fixed randomness, or a vector's recorded randomness).

use cid::Cid;
use fvmi_conformance::ReplayingRandomness;
use fvmi_ipld::MemoryBlockstore;
use fvmi_kernel::crypto::AcceptAllProofs;
use fvmi_kernel::{Executor, Machine, MachineContext, Manifest};
use fvmi_types::{NetworkVersion, TokenAmount};

/// The chain parameters of a run.
#[derive(Debug, Clone)]
pub struct ChainParams {
    /// The epoch messages execute at.
    pub epoch: i64,
    /// The network version.
    pub network_version: NetworkVersion,
    /// The base fee in attoFIL.
    pub base_fee: TokenAmount,
    /// The circulating supply in attoFIL.
    pub circ_supply: TokenAmount,
    /// Whether messages record execution traces.
    pub tracing: bool,
}

impl ChainParams {
    /// The machine context starting at `root`.
    pub fn context(&self, root: Cid) -> MachineContext {
        let mut context = MachineContext::new(self.epoch, self.network_version, root);
        context.base_fee = self.base_fee.clone();
        context.circ_supply = self.circ_supply.clone();
        context.tracing = self.tracing;
        context
    }
}

/// The command line's externs: no recording, so every randomness draw gets the fixed fallback
/// value, and no consensus faults.
pub type CliExterns = ReplayingRandomness;

/// The executor the command line runs messages on.
pub type CliExecutor = Executor<MemoryBlockstore, CliExterns>;

/// An executor at `root` in `store` (proofs are accepted unchecked, as in the test vectors).
pub fn executor(
    store: MemoryBlockstore,
    root: Cid,
    params: &ChainParams,
    externs: CliExterns,
) -> anyhow::Result<CliExecutor> {
    let machine = Machine::new(
        params.context(root),
        store,
        externs,
        Manifest::v7(),
        Box::new(AcceptAllProofs),
    )?;
    Ok(Executor::new(machine))
}

/// Flushes the executor's state and returns the new root with a blockstore holding everything.
pub fn finish(mut executor: CliExecutor) -> anyhow::Result<(Cid, MemoryBlockstore)> {
    let root = executor.flush()?;
    let store = executor.machine().blockstore().base().clone();
    Ok((root, store))
}
