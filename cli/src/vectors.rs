//! `fvmi vectors DIR|FILE...`: runs test vectors with a progress bar, prints each outcome in input
//! order and closes with `conformance: N passed, M failed, K skipped`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use fvmi_conformance::{
    discover, render_outcome, run_suite, BundleLibrary, KernelBackend, Progress, RunOptions,
    VectorOutcome, Verdict,
};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

use crate::error::{CliError, CliResult, EXIT_INTERNAL};
use crate::trace_out;

/// Arguments of `fvmi vectors`.
#[derive(Debug, Args)]
pub struct VectorsArgs {
    /// Vector files, or directories searched recursively for `*.json`.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How many vectors to run at once (default: the available cores); results are printed in
    /// input order whatever the number.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// A builtin-actor bundle CAR (repeatable). Without it, every bundle in FVMI_BUNDLES (default
    /// ../shared/bundles) is a candidate and a vector whose actors none holds is skipped with the
    /// reason; with it, only the named bundles (and fvmi's own v7 build) are, and such a vector
    /// fails.
    #[arg(long, value_name = "FILE")]
    pub bundle: Vec<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    /// Print passing and skipped vectors too (failures are always printed).
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Write the execution trace of every message (calls, gas charges, block reads and writes,
    /// per variant) as JSON to this file; needs exactly one vector file.
    #[arg(long, value_name = "OUT.json")]
    pub trace: Option<PathBuf>,
    /// Where prepared modules are kept between runs.
    #[command(flatten)]
    pub cache: crate::module_cache::ModuleCacheArgs,
}

/// Runs `fvmi vectors`; a run with failures exits 1 after printing its report.
pub fn run(args: &VectorsArgs) -> CliResult {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    if jobs == 0 {
        return Err(CliError::bad("--jobs must be at least 1"));
    }
    if args.trace.is_some() && !(args.paths.len() == 1 && args.paths.iter().all(|p| p.is_file())) {
        return Err(CliError::bad("--trace needs exactly one vector file"));
    }
    let mut files = Vec::new();
    for path in &args.paths {
        if !path.exists() {
            return Err(CliError::bad(format!("{} does not exist", path.display())));
        }
        let found = discover(path);
        if found.is_empty() {
            return Err(CliError::bad(format!(
                "no vector files (*.json) in {}",
                path.display()
            )));
        }
        files.extend(found);
    }
    let backend: Arc<dyn fvmi_conformance::VectorBackend> =
        Arc::new(KernelBackend::with_disk_cache(args.cache.cache()));
    let mut bundles = BundleLibrary::builtin();
    if args.bundle.is_empty() {
        bundles
            .add_dir(&crate::vm::bundle_dir())
            .map_err(CliError::bad)?;
    }
    for file in &args.bundle {
        bundles.add_file(file).map_err(CliError::bad)?;
    }
    let mut options = RunOptions::new(Some(backend)).with_bundles(bundles);
    options.missing_bundle_fails = !args.bundle.is_empty();
    options.trace = args.trace.is_some();
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let on_progress = |progress: Progress<'_>| {
        bar.set_position(progress.done as u64);
        bar.set_message(progress.outcome.id.clone());
    };
    let report = run_suite(&files, &options, jobs, &on_progress);
    bar.finish_and_clear();
    if let Some(path) = &args.trace {
        trace_out::write_json(path, &vector_traces(&report.outcomes))?;
    }
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(anyhow::Error::from)?
        );
    } else {
        for outcome in &report.outcomes {
            let failed = matches!(outcome.verdict, Verdict::Failed { .. });
            if failed || args.verbose {
                outln!("{}", render_outcome(outcome));
            }
        }
        if !args.verbose {
            for (reason, count) in skip_reasons(&report.outcomes) {
                outln!("skipped {count}: {reason}");
            }
        }
        if let [root] = &args.paths[..] {
            let breakdown = report.breakdown(root);
            if breakdown.len() > 1 {
                breakdown.iter().for_each(|line| outln!("{line}"));
            }
        }
    }
    if !args.json {
        outln!("{}", fvmi_conformance::PROOF_POLICY);
    }
    let summary = report.summary_line();
    if args.json {
        eprintln!("{summary}");
    } else {
        outln!("{summary}");
    }
    if report.failed > 0 {
        return Err(CliError::Reported(EXIT_INTERNAL));
    }
    Ok(())
}

/// Each distinct skip reason with how many vectors it skipped, in first-seen order.
fn skip_reasons(outcomes: &[VectorOutcome]) -> Vec<(String, usize)> {
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for outcome in outcomes {
        if let Verdict::Skipped { reason } = &outcome.verdict {
            match reasons.iter_mut().find(|(seen, _)| seen == reason) {
                Some((_, count)) => *count += 1,
                None => reasons.push((reason.clone(), 1)),
            }
        }
    }
    reasons
}

/// The traces of the run vectors as JSON: per vector its variants, per variant its messages, each
/// with the events `fvmi apply --trace` writes for a single message.
fn vector_traces(outcomes: &[VectorOutcome]) -> Value {
    let vectors: Vec<Value> = outcomes
        .iter()
        .map(|outcome| {
            let variants: Vec<Value> = outcome
                .variants
                .iter()
                .map(|variant| {
                    let messages: Vec<Value> = variant
                        .traces
                        .iter()
                        .enumerate()
                        .map(|(index, events)| {
                            json!({ "index": index, "events": trace_out::events_json(events) })
                        })
                        .collect();
                    json!({ "variant": variant.variant, "messages": messages })
                })
                .collect();
            json!({ "vector": outcome.id, "variants": variants })
        })
        .collect();
    match <[Value; 1]>::try_from(vectors) {
        Ok([single]) => single,
        Err(all) => Value::Array(all),
    }
}
