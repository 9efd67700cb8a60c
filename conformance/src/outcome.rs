//! What running a vector produced: per-message results, the verdict, and readable diffs.

use std::fmt;
use std::path::PathBuf;

use fvmi_kernel::ExecEvent;
use serde::Serialize;

/// The verdict on a vector (or one of its variants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Verdict {
    /// Every receipt and the post-state root matched.
    Passed,
    /// Something differed or could not be run.
    Failed {
        /// A one-line summary of the first problem.
        reason: String,
    },
    /// Not run, for this reason.
    Skipped {
        /// Why it was not run.
        reason: String,
    },
}

/// The receipt fields the runner compares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptSummary {
    /// The exit code.
    pub exit_code: u32,
    /// The return bytes, hex encoded.
    pub return_hex: String,
    /// The gas used.
    pub gas_used: i64,
}

/// The result of one applied message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageResult {
    /// The message's index in `apply_messages`.
    pub index: usize,
    /// The receipt the vector expects.
    pub expected: ReceiptSummary,
    /// The receipt the executor produced.
    pub got: ReceiptSummary,
    /// The executor's failure description for a non-zero exit, if it gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_info: Option<String>,
}

/// One difference between the expected and the actual outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Mismatch {
    /// A receipt field differs.
    Receipt {
        /// The message index.
        message: usize,
        /// `exit_code`, `return` or `gas_used`.
        what: &'static str,
        /// The expected value, rendered.
        expected: String,
        /// The actual value, rendered.
        got: String,
    },
    /// The post-state root differs.
    StateRoot {
        /// The expected root.
        expected: String,
        /// The actual root.
        got: String,
        /// Actors that differ, by ID address (empty if the walk was not possible).
        actors: Vec<ActorDifference>,
        /// Why the actor walk could not be done, if it could not.
        #[serde(skip_serializing_if = "Option::is_none")]
        walk_error: Option<String>,
    },
}

/// How one actor differs between the expected and the actual post-state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorDifference {
    /// The actor's address (`f0<id>`), or its raw key in hex if it is not an ID address.
    pub address: String,
    /// The expected actor record, rendered (or `<absent>` / `<unknown: ...>`).
    pub expected: String,
    /// The actual actor record, rendered likewise.
    pub got: String,
}

/// The outcome of one variant (network version and epoch) of a vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantOutcome {
    /// The variant's id.
    pub variant: String,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Results of the messages that were applied.
    pub messages: Vec<MessageResult>,
    /// Every difference found.
    pub mismatches: Vec<Mismatch>,
    /// Each applied message's execution trace, by message index (empty unless tracing was on).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub traces: Vec<Vec<ExecEvent>>,
}

/// The outcome of one vector file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VectorOutcome {
    /// The file.
    pub path: PathBuf,
    /// The vector's id from its metadata (or the file stem).
    pub id: String,
    /// The overall verdict: failed if any variant failed, else passed if any passed, else skipped.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Per-variant outcomes (empty if the file could not be loaded or was skipped whole).
    pub variants: Vec<VariantOutcome>,
}

impl VectorOutcome {
    /// Combines variant outcomes into a vector outcome.
    pub fn from_variants(path: PathBuf, id: String, variants: Vec<VariantOutcome>) -> Self {
        let failed = variants
            .iter()
            .find(|v| matches!(v.verdict, Verdict::Failed { .. }));
        let verdict = match failed {
            Some(variant) => variant.verdict.clone(),
            None if variants.iter().any(|v| v.verdict == Verdict::Passed) => Verdict::Passed,
            None => Verdict::Skipped {
                reason: variants
                    .iter()
                    .find_map(|v| match &v.verdict {
                        Verdict::Skipped { reason } => Some(reason.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| "the vector has no variants".to_owned()),
            },
        };
        VectorOutcome {
            path,
            id,
            verdict,
            variants,
        }
    }

    /// An outcome for a vector that could not be loaded or run at all.
    pub fn failed(path: PathBuf, id: String, reason: String) -> Self {
        VectorOutcome {
            path,
            id,
            verdict: Verdict::Failed { reason },
            variants: Vec::new(),
        }
    }

    /// An outcome for a vector skipped as a whole.
    pub fn skipped(path: PathBuf, id: String, reason: String) -> Self {
        VectorOutcome {
            path,
            id,
            verdict: Verdict::Skipped { reason },
            variants: Vec::new(),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Receipt {
                message,
                what,
                expected,
                got,
            } => write!(
                f,
                "message {message}: {what} expected {expected}, got {got}"
            ),
            Mismatch::StateRoot {
                expected,
                got,
                actors,
                walk_error,
            } => {
                write!(f, "post-state root expected {expected}, got {got}")?;
                if let Some(error) = walk_error {
                    write!(f, "\n    (actor walk failed: {error})")?;
                }
                for actor in actors {
                    write!(f, "\n    {actor}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for ActorDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "actor {}:\n      expected {}\n      got      {}",
            self.address, self.expected, self.got
        )
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(verdict: Verdict) -> VariantOutcome {
        VariantOutcome {
            variant: "v".into(),
            verdict,
            messages: vec![],
            mismatches: vec![],
            traces: vec![],
        }
    }

    #[test]
    fn a_failed_variant_fails_the_vector() {
        let failed = Verdict::Failed { reason: "x".into() };
        let outcome = VectorOutcome::from_variants(
            "a.json".into(),
            "a".into(),
            vec![variant(Verdict::Passed), variant(failed.clone())],
        );
        assert_eq!(outcome.verdict, failed);
        let skip = Verdict::Skipped {
            reason: "nv".into(),
        };
        let outcome = VectorOutcome::from_variants(
            "a.json".into(),
            "a".into(),
            vec![variant(skip.clone()), variant(Verdict::Passed)],
        );
        assert_eq!(outcome.verdict, Verdict::Passed);
        let outcome =
            VectorOutcome::from_variants("a.json".into(), "a".into(), vec![variant(skip.clone())]);
        assert_eq!(outcome.verdict, skip);
    }

    #[test]
    fn renders_json_and_text() {
        let mismatch = Mismatch::Receipt {
            message: 0,
            what: "gas_used",
            expected: "10".into(),
            got: "11".into(),
        };
        assert_eq!(
            mismatch.to_string(),
            "message 0: gas_used expected 10, got 11"
        );
        let json =
            serde_json::to_string(&variant(Verdict::Skipped { reason: "r".into() })).unwrap();
        assert!(json.contains(r#""status":"skipped""#) && json.contains(r#""reason":"r""#));
        assert_eq!(hex(&[0, 0xab]), "00ab");
    }
}
