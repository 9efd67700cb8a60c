//! Running one vector file: load, skip or execute each variant, and judge the result.

use std::path::Path;
use std::sync::Arc;

use fvmi_ipld::blockstore::MemoryBlockstore;
use fvmi_kernel::{chain_length, TOTAL_FILECOIN};
use fvmi_types::NetworkVersion;

use crate::backend::{MachineSetup, MessageInput, VectorBackend, DEFAULT_BASE_FEE};
use crate::bundles::{BundleLibrary, SelectError, Selection};
use crate::car_input::load_pre_state;
use crate::compare::compare_receipt;
use crate::divergences::{divergence_for, DivergenceAction};
use crate::error::VectorError;
use crate::outcome::{Mismatch, VariantOutcome, VectorOutcome, Verdict};
use crate::randomness::ReplayingRandomness;
use crate::skip::{network_version_skip_reason, selector_skip_reason};
use crate::state_diff::actor_differences;
use crate::vector::{MessageVector, Variant};

/// The skip reason when no executor is configured.
pub const NO_BACKEND_REASON: &str =
    "no executor backend configured: the vector was loaded and checked but not run";

/// How vectors are run.
#[derive(Clone)]
pub struct RunOptions {
    /// The VM that applies the messages; `None` loads and checks each vector, then skips it.
    pub backend: Option<Arc<dyn VectorBackend>>,
    /// On a post-state root mismatch, walk both state trees and list the differing actors.
    pub diff_actors: bool,
    /// At most this many differing actors are listed per mismatch.
    pub max_actor_diffs: usize,
    /// Record each message's execution trace into [`VariantOutcome::traces`] (off by default).
    pub trace: bool,
    /// The builtin-actor bundles a vector's state may name.
    pub bundles: Arc<BundleLibrary>,
    /// Apply `data/known-divergences.json` (on by default).
    pub known_divergences: bool,
    /// A variant whose actors no known bundle holds fails instead of being skipped (set when
    /// the user named the bundles).
    pub missing_bundle_fails: bool,
}

impl RunOptions {
    /// Options running on `backend`, with actor diffs on (up to 20 actors).
    pub fn new(backend: Option<Arc<dyn VectorBackend>>) -> Self {
        RunOptions {
            backend,
            diff_actors: true,
            max_actor_diffs: 20,
            trace: false,
            bundles: Arc::new(BundleLibrary::builtin()),
            known_divergences: true,
            missing_bundle_fails: false,
        }
    }

    /// These options with `bundles` as the bundle library.
    pub fn with_bundles(self, bundles: BundleLibrary) -> Self {
        RunOptions {
            bundles: Arc::new(bundles),
            ..self
        }
    }
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("backend", &self.backend.is_some())
            .field("diff_actors", &self.diff_actors)
            .field("max_actor_diffs", &self.max_actor_diffs)
            .field("trace", &self.trace)
            .field("bundles", &self.bundles.len())
            .finish_non_exhaustive()
    }
}

/// Loads and runs the vector in `path`. Never panics on bad input: load errors are failures.
pub fn run_vector_file(path: &Path, options: &RunOptions) -> VectorOutcome {
    let fallback_id = path
        .file_stem()
        .map_or_else(String::new, |stem| stem.to_string_lossy().into_owned());
    let vector = match MessageVector::from_file(path) {
        Ok(vector) => vector,
        Err(error) => {
            return VectorOutcome::failed(path.to_path_buf(), fallback_id, error.to_string())
        }
    };
    let id = vector.id().map_or(fallback_id, str::to_owned);
    run_vector(path, id, &vector, options)
}

/// Runs an already parsed vector; `path` and `id` only label the outcome.
pub fn run_vector(
    path: &Path,
    id: String,
    vector: &MessageVector,
    options: &RunOptions,
) -> VectorOutcome {
    if let Some(reason) = selector_skip_reason(&vector.selector) {
        return VectorOutcome::skipped(path.to_path_buf(), id, reason.to_owned());
    }
    let divergence = divergence_for(path).filter(|_| options.known_divergences);
    if let Some(entry) = &divergence {
        if entry.action == DivergenceAction::Skip {
            let reason = format!("known divergence: {}", entry.reason);
            return VectorOutcome::skipped(path.to_path_buf(), id, reason);
        }
    }
    let store = match load_checked_pre_state(vector) {
        Ok(store) => store,
        Err(error) => return VectorOutcome::failed(path.to_path_buf(), id, error.to_string()),
    };
    let variants = vector
        .preconditions
        .variants
        .iter()
        .map(|variant| run_variant(vector, variant, &store, options))
        .collect();
    let outcome = VectorOutcome::from_variants(path.to_path_buf(), id, variants);
    match divergence {
        Some(entry) => expect_failure(outcome, &entry.reason),
        None => outcome,
    }
}

/// The bundle the variant's state runs, copied into `store`; `Err` is the reason and whether
/// it is a failure (a broken bundle file) rather than a skip.
fn select_bundle(
    vector: &MessageVector,
    variant: &Variant,
    store: &MemoryBlockstore,
    bundles: &BundleLibrary,
) -> Result<Selection, (String, bool)> {
    let nv = NetworkVersion::try_from(variant.nv)
        .map_err(|nv| (format!("unknown network version {nv}"), false))?;
    bundles
        .select(store, &vector.preconditions.state_tree.root_cid, nv)
        .map_err(|error| match error {
            SelectError::NoBundle(reason) => (reason, false),
            SelectError::BadBundle(reason) => (reason, true),
        })
}

/// Judges a vector listed as failing by design: its failure becomes a skip naming the reason
/// and the first difference; a pass (or a skip) means the entry is stale.
fn expect_failure(mut outcome: VectorOutcome, reason: &str) -> VectorOutcome {
    outcome.verdict = match &outcome.verdict {
        Verdict::Failed { reason: got } => Verdict::Skipped {
            reason: format!("known divergence: {reason} (fails as listed: {got})"),
        },
        other => Verdict::Failed {
            reason: format!(
                "listed as a known divergence ({reason}) but it did not fail: {other:?}; \
                 remove it from data/known-divergences.json"
            ),
        },
    };
    outcome
}

/// Decompresses and loads the CAR, checking it holds the pre-state root. (Extracted vectors
/// also list the post-state root; generated ones do not, so it is not required.)
fn load_checked_pre_state(vector: &MessageVector) -> Result<MemoryBlockstore, VectorError> {
    let (store, roots) = load_pre_state(&vector.car)?;
    let pre = vector.preconditions.state_tree.root_cid;
    if !roots.contains(&pre) {
        return Err(VectorError::MissingRoot {
            which: "pre",
            cid: pre,
        });
    }
    Ok(store)
}

/// The machine parameters for one variant, with the reference's defaults for absent fields.
pub fn machine_setup(vector: &MessageVector, variant: &Variant) -> MachineSetup {
    MachineSetup {
        builtin_actors: None,
        network_version: variant.nv,
        epoch: variant.epoch,
        base_fee: vector.preconditions.basefee.unwrap_or(DEFAULT_BASE_FEE),
        circ_supply: vector.preconditions.circ_supply.unwrap_or(TOTAL_FILECOIN),
        state_root: vector.preconditions.state_tree.root_cid,
        tracing: false,
    }
}

fn run_variant(
    vector: &MessageVector,
    variant: &Variant,
    store: &MemoryBlockstore,
    options: &RunOptions,
) -> VariantOutcome {
    let mut outcome = VariantOutcome {
        variant: variant.id.clone(),
        verdict: Verdict::Passed,
        messages: Vec::new(),
        mismatches: Vec::new(),
        traces: Vec::new(),
    };
    if let Some(reason) = network_version_skip_reason(variant.nv) {
        outcome.verdict = Verdict::Skipped { reason };
        return outcome;
    }
    let bundle = match select_bundle(vector, variant, store, &options.bundles) {
        Ok(selection) => selection,
        Err((reason, broken)) => {
            outcome.verdict = if broken || options.missing_bundle_fails {
                Verdict::Failed { reason }
            } else {
                Verdict::Skipped { reason }
            };
            return outcome;
        }
    };
    let Some(backend) = &options.backend else {
        outcome.verdict = Verdict::Skipped {
            reason: NO_BACKEND_REASON.to_owned(),
        };
        return outcome;
    };
    let messages: Vec<MessageInput<'_>> = vector
        .apply_messages
        .iter()
        .map(|message| MessageInput {
            bytes: &message.bytes,
            raw_length: chain_length(&message.bytes),
        })
        .collect();
    let randomness =
        ReplayingRandomness::for_network_version(vector.randomness.clone(), variant.nv);
    let setup = MachineSetup {
        tracing: options.trace,
        builtin_actors: Some(bundle.root),
        ..machine_setup(vector, variant)
    };
    let traced = backend.execute_traced(store.clone(), &setup, randomness, &messages);
    let execution = match traced {
        Ok((execution, traces)) => {
            if options.trace {
                outcome.traces = traces;
            }
            execution
        }
        Err(error) => {
            outcome.verdict = Verdict::Failed {
                reason: VectorError::Executor(error).to_string(),
            };
            return outcome;
        }
    };
    if execution.receipts.len() != vector.postconditions.receipts.len() {
        outcome.verdict = Verdict::Failed {
            reason: format!(
                "the executor returned {} receipts for {} messages",
                execution.receipts.len(),
                vector.postconditions.receipts.len()
            ),
        };
        return outcome;
    }
    let pairs = vector
        .postconditions
        .receipts
        .iter()
        .zip(&execution.receipts);
    for (index, (expected, got)) in pairs.enumerate() {
        let (result, mismatches) = compare_receipt(index, expected, got);
        outcome.messages.push(result);
        outcome.mismatches.extend(mismatches);
    }
    let expected_root = vector.postconditions.state_tree.root_cid;
    if execution.post_root != expected_root {
        let (actors, walk_error) = if options.diff_actors {
            match actor_differences(
                &execution.store,
                &expected_root,
                &execution.post_root,
                options.max_actor_diffs,
            ) {
                Ok(actors) => (actors, None),
                Err(error) => (Vec::new(), Some(error)),
            }
        } else {
            (Vec::new(), None)
        };
        outcome.mismatches.push(Mismatch::StateRoot {
            expected: expected_root.to_string(),
            got: execution.post_root.to_string(),
            actors,
            walk_error,
        });
    }
    if let Some(first) = outcome.mismatches.first() {
        let summary = first.to_string();
        let headline = summary.lines().next().unwrap_or_default().to_owned();
        outcome.verdict = Verdict::Failed { reason: headline };
    }
    outcome
}
