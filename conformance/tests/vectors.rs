//! Runs the test-vector corpus: every `*.json` under `FVMI_VECTORS` (default: the shared
//! corpus next to the workspace) must pass or be skipped with a printed reason.
//!
//! `FVMI_VECTOR_FILTER=<substring>` runs only the paths containing it; `FVMI_VECTOR_THREADS=<n>`
//! sets the parallelism (default: the available cores).
//!
//! Prints one line per vector, diffs for failures, then exactly
//! `conformance: N passed, M failed, K skipped`, and fails if M > 0.

use std::path::PathBuf;

use fvmi_conformance::{default_backend, discover, render_outcome, run_suite, RunOptions, Verdict};

fn vector_root() -> (PathBuf, bool) {
    match std::env::var_os("FVMI_VECTORS") {
        Some(dir) => (PathBuf::from(dir), true),
        None => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
            false,
        ),
    }
}

fn thread_count() -> usize {
    std::env::var("FVMI_VECTOR_THREADS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

fn main() {
    let (root, explicit) = vector_root();
    let root = root.canonicalize().unwrap_or(root);
    let mut paths = discover(&root);
    if let Ok(filter) = std::env::var("FVMI_VECTOR_FILTER") {
        paths.retain(|path| path.to_string_lossy().contains(&filter));
    }
    if paths.is_empty() {
        let reason = format!("no test vectors found under {}", root.display());
        if explicit {
            println!("conformance: {reason} (FVMI_VECTORS was set)");
            std::process::exit(1);
        }
        println!("conformance: skipped: {reason}");
        return;
    }
    let options = RunOptions::new(default_backend());
    let report = run_suite(&paths, &options, thread_count(), &|progress| {
        if !matches!(progress.outcome.verdict, Verdict::Passed) {
            eprintln!(
                "[{}/{}] {}",
                progress.done, progress.total, progress.outcome.id
            );
        }
    });
    for outcome in &report.outcomes {
        println!("{}", render_outcome(outcome));
    }
    println!("{}", report.summary_line());
    if report.failed > 0 {
        std::process::exit(1);
    }
}
