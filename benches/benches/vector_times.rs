//! Per-vector wall-clock times (no criterion): every vector of one directory run end to end
//! through `fvmi_conformance` on one `KernelBackend`, one thread, in two passes in the same
//! process.
//!
//! - pass 1 (`first`): the module cache starts empty, so the first vector touching an actor pays
//!   for preparing (validating, instrumenting, compiling) its module;
//! - pass 2 and later (`warm`): every module is already prepared.
//!
//! Each time covers parsing the vector file, loading its CAR, copying the bundle, setting the
//! machine up, applying the messages and checking receipts and the post-state root; `parse` is
//! the share of reading and parsing the file. Prints one line per vector, then the count, mean,
//! median and max of each pass.
//!
//! ```sh
//! cargo bench -p fvmi-benches --bench vector_times
//! FVMI_TIMES_DIR=../shared/test-vectors/0001-shark-01 FVMI_TIMES_WARM_PASSES=3 \
//!     cargo bench -p fvmi-benches --bench vector_times
//! ```
//!
//! `FVMI_TIMES_DIR` (default: the nv17 corpus `../shared/test-vectors/0001-shark-01` next to the
//! repository) picks the vectors; `FVMI_BUNDLES` the bundle CARs (default `../shared/bundles`);
//! `FVMI_TIMES_WARM_PASSES` (default 1) the number of warm passes, whose median is reported.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fvmi_conformance::{
    discover, run_vector, BundleLibrary, KernelBackend, MessageVector, RunOptions, Verdict,
};

fn shared(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(dir)
}

fn options() -> RunOptions {
    let dir = std::env::var_os(fvmi_conformance::BUNDLES_ENV)
        .map_or_else(|| shared("bundles"), PathBuf::from);
    let bundles = BundleLibrary::with_dir(&dir).unwrap_or_else(|error| {
        eprintln!("vector_times: {error}; using fvmi's v7 build only");
        BundleLibrary::builtin()
    });
    RunOptions::new(Some(Arc::new(KernelBackend::default()))).with_bundles(bundles)
}

/// One timed run: parse time, total time, verdict.
struct Timed {
    parse: Duration,
    total: Duration,
    verdict: Verdict,
}

fn run(path: &Path, options: &RunOptions) -> Timed {
    let start = Instant::now();
    let parsed = MessageVector::from_file(path);
    let parse = start.elapsed();
    let verdict = match parsed {
        Ok(vector) => {
            let id = vector.id().unwrap_or_default().to_owned();
            run_vector(path, id, &vector, options).verdict
        }
        Err(error) => Verdict::Failed {
            reason: error.to_string(),
        },
    };
    Timed {
        parse,
        total: start.elapsed(),
        verdict,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// `count, mean, median, max` of milliseconds.
fn summary(name: &str, values: &[f64]) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mean = sorted.iter().sum::<f64>() / sorted.len().max(1) as f64;
    println!(
        "{name:<12} n={:<4} mean {mean:8.2} ms  median {:8.2} ms  max {:8.2} ms  total {:9.1} ms",
        sorted.len(),
        median(&sorted),
        sorted.last().copied().unwrap_or(f64::NAN),
        sorted.iter().sum::<f64>(),
    );
}

fn main() {
    let dir = std::env::var_os("FVMI_TIMES_DIR")
        .map_or_else(|| shared("test-vectors/0001-shark-01"), PathBuf::from);
    let paths = discover(&dir);
    if paths.is_empty() {
        eprintln!(
            "vector_times: no vectors under {} (set FVMI_TIMES_DIR); nothing measured",
            dir.display()
        );
        return;
    }
    let warm_passes: usize = std::env::var("FVMI_TIMES_WARM_PASSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    let options = options();

    let first: Vec<Timed> = paths.iter().map(|path| run(path, &options)).collect();
    let warm: Vec<Vec<Timed>> = (0..warm_passes)
        .map(|_| paths.iter().map(|path| run(path, &options)).collect())
        .collect();

    println!(
        "{:>10} {:>10} {:>10}  verdict  vector ({} files under {}, {warm_passes} warm pass(es))",
        "warm ms",
        "first ms",
        "parse ms",
        paths.len(),
        dir.display()
    );
    let mut warm_ms = Vec::new();
    let mut not_passed = 0;
    for (i, path) in paths.iter().enumerate() {
        let mut times: Vec<f64> = warm.iter().map(|pass| ms(pass[i].total)).collect();
        times.sort_by(f64::total_cmp);
        let verdict = &warm[0][i].verdict;
        let status = match verdict {
            Verdict::Passed => "passed",
            Verdict::Failed { .. } => "FAILED",
            Verdict::Skipped { .. } => "skipped",
        };
        if *verdict != Verdict::Passed || first[i].verdict != Verdict::Passed {
            not_passed += 1;
        }
        let shown = path.strip_prefix(&dir).unwrap_or(path);
        println!(
            "{:10.2} {:10.2} {:10.2}  {status:<7}  {}",
            median(&times),
            ms(first[i].total),
            ms(warm[0][i].parse),
            shown.display()
        );
        warm_ms.push(median(&times));
    }
    println!();
    summary(
        "first pass",
        &first.iter().map(|t| ms(t.total)).collect::<Vec<_>>(),
    );
    summary("warm", &warm_ms);
    summary(
        "warm parse",
        &warm[0].iter().map(|t| ms(t.parse)).collect::<Vec<_>>(),
    );
    if not_passed > 0 {
        println!("{not_passed} vector(s) did not pass in every pass");
    }
}
