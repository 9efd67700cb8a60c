//! Building an executor over a blockstore: the machine context from command-line values, and the
//! externs the command line offers (fixed randomness, or a vector's recorded randomness).

use std::path::PathBuf;

use cid::Cid;
use fvmi_conformance::ReplayingRandomness;
use fvmi_conformance::{BundleLibrary, BUNDLES_ENV};
use fvmi_ipld::MemoryBlockstore;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fvmi_kernel::crypto::{ProofError, ProofVerifier};
use fvmi_kernel::{Executor, Machine, MachineContext};
use fvmi_types::sector::{
    AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo,
};
use fvmi_types::{NetworkVersion, TokenAmount};

use crate::error::CliError;

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
    /// Bundle CARs the user named (`--bundle`); the state's actors must be one of them.
    pub bundles: Vec<PathBuf>,
    /// Counts the proofs the run asked to verify (all accepted unchecked).
    pub proof_checks: ProofCounter,
    /// Where prepared modules are kept between runs, if anywhere.
    pub module_cache: Option<fvmi_interp::DiskCache>,
}

/// A proof verifier that accepts every proof, as the test vectors' reference runner does, and
/// counts how many it was asked about, so that a command can refuse results that depended on
/// an unchecked proof.
#[derive(Debug, Clone, Default)]
pub struct ProofCounter(Arc<AtomicUsize>);

impl ProofCounter {
    /// The number of proofs checked so far.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    fn seen(&self, proofs: usize) -> Result<bool, ProofError> {
        self.0.fetch_add(proofs, Ordering::Relaxed);
        Ok(true)
    }
}

impl ProofVerifier for ProofCounter {
    fn verify_seal(&self, _info: &SealVerifyInfo) -> Result<bool, ProofError> {
        self.seen(1)
    }

    fn verify_post(&self, _info: &WindowPoStVerifyInfo) -> Result<bool, ProofError> {
        self.seen(1)
    }

    fn verify_aggregate_seals(
        &self,
        _aggregate: &AggregateSealVerifyProofAndInfos,
    ) -> Result<bool, ProofError> {
        self.seen(1)
    }

    fn verify_replica_update(&self, _replica: &ReplicaUpdateInfo) -> Result<bool, ProofError> {
        self.seen(1)
    }

    fn batch_verify_seals(&self, infos: &[SealVerifyInfo]) -> Vec<bool> {
        self.0.fetch_add(infos.len(), Ordering::Relaxed);
        vec![true; infos.len()]
    }
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
pub type CliExecutor = Executor<MemoryBlockstore>;

/// The directory searched for bundle CARs: `FVMI_BUNDLES`, else `../shared/bundles`.
pub fn bundle_dir() -> PathBuf {
    std::env::var_os(BUNDLES_ENV).map_or_else(|| PathBuf::from("../shared/bundles"), PathBuf::from)
}

/// The bundles a run may use: fvmi's own v7 build, the `--bundle` files, and (when no file was
/// named) every bundle in [`bundle_dir`].
fn bundle_library(params: &ChainParams) -> Result<BundleLibrary, CliError> {
    let mut library = BundleLibrary::builtin();
    if params.bundles.is_empty() {
        library.add_dir(&bundle_dir()).map_err(CliError::bad)?;
    }
    for file in &params.bundles {
        library.add_file(file).map_err(CliError::bad)?;
    }
    Ok(library)
}

/// An executor at `root` in `store` (proofs are accepted unchecked, as in the test vectors, and
/// counted in `params.proof_checks`). The
/// builtin actors are the bundle whose system actor the state holds: fvmi's v7 build, a
/// `--bundle` file, or one from the bundle directory.
pub fn executor(
    store: MemoryBlockstore,
    root: Cid,
    params: &ChainParams,
    externs: CliExterns,
) -> Result<CliExecutor, CliError> {
    let library = bundle_library(params)?;
    let selection = library
        .select(&store, &root, params.network_version)
        .map_err(CliError::bad)?;
    let named = params
        .bundles
        .iter()
        .any(|file| file.display().to_string() == selection.source);
    if !params.bundles.is_empty() && !named {
        return Err(CliError::bad(format!(
            "the state runs {}, not the bundle named by --bundle",
            selection.source
        )));
    }
    let mut context = params.context(root);
    context.builtin_actors = Some(selection.root);
    let engine = fvmi_kernel::engine_for(params.network_version).map_err(CliError::bad)?;
    engine.set_disk_cache(params.module_cache.clone());
    let machine = Machine::with_engine(
        engine,
        context,
        store,
        Box::new(externs),
        Box::new(params.proof_checks.clone()),
    )
    .map_err(CliError::bad)?;
    Ok(Executor::new(machine))
}

/// Flushes the executor's state and returns the new root with a blockstore holding everything.
pub fn finish(mut executor: CliExecutor) -> anyhow::Result<(Cid, MemoryBlockstore)> {
    let root = executor.flush()?;
    let store = executor.machine().blockstore().base().clone();
    Ok((root, store))
}
