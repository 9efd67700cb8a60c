//! The Filecoin test-vector runner for fvmi.
//!
//! It parses message vectors ([`MessageVector`]), loads their gzipped CAR pre-state, applies
//! their messages through a [`VectorBackend`] with the recorded randomness replayed
//! ([`ReplayingRandomness`]), and compares exit codes, return bytes, gas used and the post-state
//! root, producing readable diffs ([`Mismatch`]). Skips are data ([`SELECTOR_SKIPS`]).
//!
//! Entry points: [`discover`] finds vector files, [`run_vector_file`] runs one, [`run_suite`]
//! runs many into a [`SuiteReport`] (serializable to JSON). [`default_backend`] is fvmi's own
//! executor ([`KernelBackend`]), set up as the reference conformance harness sets up its VM.

mod backend;
pub mod bundles;
mod car_input;
mod compare;
mod discover;
pub mod divergences;
mod error;
mod json_codec;
mod kernel_backend;
mod outcome;
mod randomness;
mod runner;
#[cfg(test)]
mod runner_tests;
mod skip;
mod state_diff;
mod suite;
mod vector;

pub use backend::{
    BackendError, Execution, MachineSetup, MessageInput, ObservedReceipt, VectorBackend,
    DEFAULT_BASE_FEE,
};
pub use bundles::{BundleLibrary, SelectError, BUNDLES_ENV};
pub use car_input::{gunzip_limited, load_pre_state, MAX_CAR_BYTES};
pub use discover::discover;
pub use error::VectorError;
pub use kernel_backend::{default_backend, KernelBackend, PROOF_POLICY};
pub use outcome::{
    hex, ActorDifference, MessageResult, Mismatch, ReceiptSummary, VariantOutcome, VectorOutcome,
    Verdict,
};
pub use randomness::{
    draw_randomness, DrawInputs, RandomnessKind, RandomnessRule, RecordedRandomness,
    ReplayingRandomness, FALLBACK_RANDOMNESS, RANDOMNESS_LENGTH,
};
pub use runner::{machine_setup, run_vector, run_vector_file, RunOptions, NO_BACKEND_REASON};
pub use skip::{network_version_skip_reason, selector_skip_reason, SelectorSkip, SELECTOR_SKIPS};
pub use suite::{render_outcome, run_suite, Progress, SuiteReport};
pub use vector::{
    ApplyMessage, ExpectedReceipt, GenerationSource, MessageVector, Metadata, Postconditions,
    Preconditions, StateTreeRoot, Variant, MAX_VECTOR_FILE_BYTES,
};
