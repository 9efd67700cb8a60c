//! Runs the test-vector corpus: every `*.json` under `FVMI_VECTORS` (default: the shared
//! corpus next to the workspace) must pass or be skipped with a printed reason.
//!
//! `FVMI_VECTOR_FILTER=<substring>` runs only the paths containing it; `FVMI_VECTOR_THREADS=<n>`
//! sets the parallelism (default: the available cores); `FVMI_VECTOR_REPORT=<file>` also writes
//! the whole report as JSON. After the run, a tampered copy of a passing vector must fail (a
//! self-check that the comparison can fail at all).
//!
//! Prints one line per vector, diffs for failures, then exactly
//! `conformance: N passed, M failed, K skipped`, and fails if M > 0.

use std::path::PathBuf;

use fvmi_conformance::{
    default_backend, discover, render_outcome, run_suite, run_vector, BundleLibrary, MessageVector,
    Mismatch, RunOptions, SuiteReport, Verdict, BUNDLES_ENV,
};

fn vector_root() -> (PathBuf, bool) {
    match std::env::var_os("FVMI_VECTORS") {
        Some(dir) => (PathBuf::from(dir), true),
        None => (
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
            false,
        ),
    }
}

/// fvmi's v7 build plus the bundle CARs in `FVMI_BUNDLES` (default: the shared bundles next to
/// the workspace). A corrupt bundle file stops the run.
fn bundle_library() -> BundleLibrary {
    let explicit = std::env::var_os(BUNDLES_ENV);
    let dir = explicit.clone().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    );
    if explicit.is_some() && !dir.is_dir() {
        println!(
            "conformance: {BUNDLES_ENV}={} is not a directory",
            dir.display()
        );
        std::process::exit(1);
    }
    match BundleLibrary::with_dir(&dir) {
        Ok(library) => library,
        Err(error) => {
            println!("conformance: {error}");
            std::process::exit(1);
        }
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
    let options = RunOptions::new(default_backend()).with_bundles(bundle_library());
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
    if let Some(target) = std::env::var_os("FVMI_VECTOR_REPORT") {
        let written = serde_json::to_string_pretty(&report)
            .map_err(|e| e.to_string())
            .and_then(|json| std::fs::write(&target, json).map_err(|e| e.to_string()));
        if let Err(error) = written {
            println!("conformance: cannot write the JSON report: {error}");
            std::process::exit(1);
        }
    }
    let self_check = tampered_copy_fails(&report, &options);
    println!("{}", fvmi_conformance::PROOF_POLICY);
    for line in report.breakdown(&root) {
        println!("{line}");
    }
    println!("{}", report.summary_line());
    if let Err(problem) = self_check {
        println!("conformance self-check failed: {problem}");
        std::process::exit(1);
    }
    if report.failed > 0 {
        std::process::exit(1);
    }
}

/// Proves the comparison can fail: a passing vector with its expected gas bumped and its
/// expected post-state root replaced by the pre-state root must fail on both counts.
fn tampered_copy_fails(report: &SuiteReport, options: &RunOptions) -> Result<(), String> {
    let Some(passing) = report
        .outcomes
        .iter()
        .find(|outcome| outcome.verdict == Verdict::Passed)
    else {
        return Ok(());
    };
    let mut vector = MessageVector::from_file(&passing.path).map_err(|e| e.to_string())?;
    let Some(receipt) = vector.postconditions.receipts.first_mut() else {
        return Ok(());
    };
    receipt.gas_used += 1;
    vector.postconditions.state_tree.root_cid = vector.preconditions.state_tree.root_cid;
    let outcome = run_vector(&passing.path, passing.id.clone(), &vector, options);
    let mismatches: Vec<&Mismatch> = outcome
        .variants
        .iter()
        .flat_map(|v| &v.mismatches)
        .collect();
    let gas = mismatches.iter().any(|m| {
        matches!(
            m,
            Mismatch::Receipt {
                what: "gas_used",
                ..
            }
        )
    });
    let root = mismatches
        .iter()
        .any(|m| matches!(m, Mismatch::StateRoot { .. }));
    if !(gas && root) {
        return Err(format!(
            "a tampered copy of {} was not caught: {outcome:?}",
            passing.id
        ));
    }
    println!(
        "self-check: a tampered copy of {} fails as it should:",
        passing.id
    );
    println!("{}", render_outcome(&outcome));
    Ok(())
}
