//! Replaying one vector given as JSON text, with the bundles given as bytes: the report the
//! page shows (per message: expected and actual receipt, verdict, call tree; per variant: the
//! state root verdict).

use std::path::Path;
use std::sync::Arc;

use fvmi_conformance::{
    BundleLibrary, KernelBackend, Mismatch, ReceiptSummary, RunOptions, VariantOutcome,
    VectorBackend, Verdict,
};
use fvmi_conformance::{MessageVector, VectorError};
use serde::Serialize;

use crate::call_tree::{call_tree, CallTree};

/// Why a vector or a bundle could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The vector's JSON does not parse or is not a message vector.
    #[error("vector {name}: {source}")]
    Vector {
        /// The name the vector was given under.
        name: String,
        /// What is wrong with it.
        #[source]
        source: Box<VectorError>,
    },
    /// The bundle bytes are not a bundle CAR.
    #[error("bundle {name}: {source}")]
    Bundle {
        /// The name the bundle was given under.
        name: String,
        /// What is wrong with it.
        #[source]
        source: Box<fvmi_state::BundleError>,
    },
}

/// Replays vectors with the builtin v7 actors plus the bundles added; modules prepared for one
/// vector are kept for the next.
pub struct Replayer {
    bundles: BundleLibrary,
    backend: Arc<KernelBackend>,
}

impl Default for Replayer {
    fn default() -> Self {
        Self::new()
    }
}

/// The state root verdict of one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RootVerdict {
    /// The post-state root is the expected one.
    Match,
    /// The post-state root differs.
    Differs,
    /// The messages were not all applied, so there is no post-state to judge.
    NotRun,
}

/// One applied message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageReport {
    /// The message's index in the vector.
    pub index: usize,
    /// The receipt the vector expects.
    pub expected: ReceiptSummary,
    /// The receipt fvmi produced.
    pub actual: ReceiptSummary,
    /// Whether exit code, return bytes and gas all agree.
    pub passed: bool,
    /// The executor's failure description for a non-zero exit, if it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_info: Option<String>,
    /// The calls the message made.
    pub call_tree: CallTree,
}

/// One variant (network version and epoch) of a vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantReport {
    /// The variant's id.
    pub variant: String,
    /// Its network version.
    pub network_version: u32,
    /// Its epoch.
    pub epoch: i64,
    /// The variant's verdict.
    pub verdict: Verdict,
    /// The expected post-state root.
    pub expected_root: String,
    /// The post-state root fvmi reached, when the messages were all applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_root: Option<String>,
    /// The state root verdict.
    pub root: RootVerdict,
    /// Every applied message.
    pub messages: Vec<MessageReport>,
}

/// The report on one vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VectorReport {
    /// The name the vector was given under (its file name).
    pub name: String,
    /// The vector's id.
    pub id: String,
    /// The overall verdict.
    pub verdict: Verdict,
    /// Each variant.
    pub variants: Vec<VariantReport>,
}

impl Replayer {
    /// A replayer knowing only the v7 actors fvmi builds.
    pub fn new() -> Self {
        Replayer {
            bundles: BundleLibrary::builtin(),
            backend: Arc::new(KernelBackend::default()),
        }
    }

    /// Adds the bundle CAR in `bytes` (named `name` in reports); returns its root CID.
    pub fn add_bundle(&mut self, name: &str, bytes: &[u8]) -> Result<String, ReplayError> {
        self.bundles
            .add_bytes(name, bytes)
            .map(|root| root.to_string())
            .map_err(|source| ReplayError::Bundle {
                name: name.to_owned(),
                source: Box::new(source),
            })
    }

    /// The sources of the bundles known, builtin first.
    pub fn bundle_sources(&self) -> Vec<String> {
        let bundles = self.bundles.loaded();
        bundles.iter().map(|known| known.source.clone()).collect()
    }

    /// Replays the vector in `json`, named `name` (its file name: known divergences are listed
    /// by file name), with tracing on.
    pub fn replay(&self, name: &str, json: &str) -> Result<VectorReport, ReplayError> {
        let vector = MessageVector::from_json(json).map_err(|source| ReplayError::Vector {
            name: name.to_owned(),
            source: Box::new(source),
        })?;
        let id = vector.id().unwrap_or(name).to_owned();
        let backend: Arc<dyn VectorBackend> = self.backend.clone();
        let mut options = RunOptions::new(Some(backend)).with_bundles(self.bundles.clone());
        options.trace = true;
        let outcome = fvmi_conformance::run_vector(Path::new(name), id, &vector, &options);
        let variants = outcome
            .variants
            .into_iter()
            .map(|variant| variant_report(&vector, variant))
            .collect();
        Ok(VectorReport {
            name: name.to_owned(),
            id: outcome.id,
            verdict: outcome.verdict,
            variants,
        })
    }
}

fn variant_report(vector: &MessageVector, outcome: VariantOutcome) -> VariantReport {
    let variant = vector
        .preconditions
        .variants
        .iter()
        .find(|variant| variant.id == outcome.variant);
    let expected_root = vector.postconditions.state_tree.root_cid.to_string();
    let root_mismatch = outcome
        .mismatches
        .iter()
        .find_map(|mismatch| match mismatch {
            Mismatch::StateRoot { got, .. } => Some(got.clone()),
            Mismatch::Receipt { .. } => None,
        });
    // The runner compares the root only once every message has a receipt.
    let applied = !outcome.messages.is_empty()
        && outcome.messages.len() == vector.apply_messages.len()
        && !matches!(outcome.verdict, Verdict::Skipped { .. });
    let (root, actual_root) = match (root_mismatch, applied) {
        (Some(got), _) => (RootVerdict::Differs, Some(got)),
        (None, true) => (RootVerdict::Match, Some(expected_root.clone())),
        (None, false) => (RootVerdict::NotRun, None),
    };
    let mut traces = outcome.traces.into_iter();
    let messages = outcome
        .messages
        .into_iter()
        .map(|message| {
            let events = traces.next().unwrap_or_default();
            MessageReport {
                index: message.index,
                passed: message.expected == message.got,
                expected: message.expected,
                actual: message.got,
                failure_info: message.failure_info,
                call_tree: call_tree(&events),
            }
        })
        .collect();
    VariantReport {
        variant: outcome.variant,
        network_version: variant.map_or(0, |variant| variant.nv),
        epoch: variant.map_or(0, |variant| variant.epoch),
        verdict: outcome.verdict,
        expected_root,
        actual_root,
        root,
        messages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        let mut replayer = Replayer::new();
        let vector = replayer.replay("broken.json", "{not json");
        assert!(
            matches!(vector, Err(ReplayError::Vector { .. })),
            "{vector:?}"
        );
        let bundle = replayer.add_bundle("broken.car", b"not a car");
        assert!(
            matches!(bundle, Err(ReplayError::Bundle { .. })),
            "{bundle:?}"
        );
        assert_eq!(replayer.bundle_sources().len(), 1);
    }
}
