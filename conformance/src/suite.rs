//! Running many vectors (optionally on several threads) into a deterministic report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use crate::outcome::{VectorOutcome, Verdict};
use crate::runner::{run_vector_file, RunOptions};

/// A progress notification: one more vector finished.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// How many vectors have finished, this one included.
    pub done: usize,
    /// How many vectors the run has.
    pub total: usize,
    /// The finished vector's outcome.
    pub outcome: &'a VectorOutcome,
}

/// The results of a run, in the order of the input paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuiteReport {
    /// Vectors that passed.
    pub passed: usize,
    /// Vectors that failed.
    pub failed: usize,
    /// Vectors that were skipped.
    pub skipped: usize,
    /// Every outcome, in input order.
    pub outcomes: Vec<VectorOutcome>,
}

impl SuiteReport {
    /// Tallies outcomes (kept in the given order).
    pub fn from_outcomes(outcomes: Vec<VectorOutcome>) -> Self {
        let count =
            |pick: fn(&Verdict) -> bool| outcomes.iter().filter(|o| pick(&o.verdict)).count();
        SuiteReport {
            passed: count(|v| matches!(v, Verdict::Passed)),
            failed: count(|v| matches!(v, Verdict::Failed { .. })),
            skipped: count(|v| matches!(v, Verdict::Skipped { .. })),
            outcomes,
        }
    }

    /// One line per corpus folder (the first path component under `root`, or the file's parent
    /// folder when it is not under `root`): `  FOLDER: N passed, M failed, K skipped`, sorted.
    pub fn breakdown(&self, root: &Path) -> Vec<String> {
        let mut tally: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for outcome in &self.outcomes {
            let folder = outcome
                .path
                .strip_prefix(root)
                .ok()
                .and_then(|relative| relative.components().next())
                .filter(|first| relative_is_dir(root, first))
                .map(|first| first.as_os_str().to_string_lossy().into_owned())
                .or_else(|| {
                    let parent = outcome.path.parent()?.file_name()?;
                    Some(parent.to_string_lossy().into_owned())
                })
                .unwrap_or_default();
            let slot = match outcome.verdict {
                Verdict::Passed => 0,
                Verdict::Failed { .. } => 1,
                Verdict::Skipped { .. } => 2,
            };
            tally.entry(folder).or_default()[slot] += 1;
        }
        tally
            .into_iter()
            .map(|(folder, [passed, failed, skipped])| {
                format!("  {folder}: {passed} passed, {failed} failed, {skipped} skipped")
            })
            .collect()
    }

    /// The closing line: `conformance: N passed, M failed, K skipped`.
    pub fn summary_line(&self) -> String {
        format!(
            "conformance: {} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

/// Whether `first`, a component of a path under `root`, names a folder (not the file itself).
fn relative_is_dir(root: &Path, first: &std::path::Component<'_>) -> bool {
    root.join(first.as_os_str()).is_dir()
}

/// Runs every file in `paths` on up to `threads` threads (at least one), calling `progress` once
/// per finished vector (in completion order, never concurrently). The report keeps `paths`' order.
pub fn run_suite(
    paths: &[PathBuf],
    options: &RunOptions,
    threads: usize,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> SuiteReport {
    let next = AtomicUsize::new(0);
    let finished = Mutex::new((0usize, vec![None; paths.len()]));
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = paths.get(index) else {
            return;
        };
        let outcome = run_vector_file(path, options);
        // A poisoned lock only means another progress callback panicked; keep the data.
        let mut guard = finished.lock().unwrap_or_else(|poison| poison.into_inner());
        guard.0 += 1;
        progress(Progress {
            done: guard.0,
            total: paths.len(),
            outcome: &outcome,
        });
        if let Some(slot) = guard.1.get_mut(index) {
            *slot = Some(outcome);
        }
    };
    let threads = threads.clamp(1, paths.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(worker);
        }
        worker();
    });
    let (_, slots) = finished
        .into_inner()
        .unwrap_or_else(|poison| poison.into_inner());
    let outcomes = slots
        .into_iter()
        .zip(paths)
        .map(|(slot, path)| {
            slot.unwrap_or_else(|| {
                VectorOutcome::failed(
                    path.clone(),
                    String::new(),
                    "the worker running it panicked".into(),
                )
            })
        })
        .collect();
    SuiteReport::from_outcomes(outcomes)
}

/// A readable multi-line rendering of an outcome: a status line, then reasons and diffs.
pub fn render_outcome(outcome: &VectorOutcome) -> String {
    let (label, reason) = match &outcome.verdict {
        Verdict::Passed => ("PASS", None),
        Verdict::Failed { reason } => ("FAIL", Some(reason)),
        Verdict::Skipped { reason } => ("SKIP", Some(reason)),
    };
    let mut text = format!("{label} {} ({})", outcome.id, outcome.path.display());
    if let Some(reason) = reason {
        text.push_str(&format!("\n  reason: {reason}"));
    }
    for variant in &outcome.variants {
        for mismatch in &variant.mismatches {
            text.push_str(&format!("\n  [{}] {mismatch}", variant.variant));
        }
        for message in &variant.messages {
            if let (Some(info), true) = (&message.failure_info, !variant.mismatches.is_empty()) {
                text.push_str(&format!(
                    "\n  [{}] message {} failure: {info}",
                    variant.variant, message.index
                ));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_and_prints_the_summary_line() {
        let outcomes = vec![
            VectorOutcome::skipped("a".into(), "a".into(), "r".into()),
            VectorOutcome::failed("b".into(), "b".into(), "broken".into()),
            VectorOutcome::from_variants("c".into(), "c".into(), vec![]),
        ];
        let report = SuiteReport::from_outcomes(outcomes);
        assert_eq!(
            report.summary_line(),
            "conformance: 0 passed, 1 failed, 2 skipped"
        );
        assert!(render_outcome(&report.outcomes[1]).starts_with("FAIL b (b)\n  reason: broken"));
    }
}
