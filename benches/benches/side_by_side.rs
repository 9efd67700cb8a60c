//! Side by side (no criterion): two `fvmi` binaries, a baseline and a candidate, timed in the
//! same run on the same vectors, alternating baseline and candidate on every repetition, and
//! reported as ratios (candidate / baseline; below 1 is faster).
//!
//! ```sh
//! git worktree add ../base 2b2ebcc && (cd ../base && cargo build --release -p fvmi-cli)
//! cargo build --release -p fvmi-cli
//! FVMI_BASELINE=../base/target/release/fvmi cargo bench -p fvmi-benches --bench side_by_side
//! ```
//!
//! What is measured (wall clock, median of `FVMI_SBS_REPS` repetitions, default 3; peak
//! resident memory from `/usr/bin/time`):
//! - each corpus directory of `FVMI_SBS_CORPORA` (default `0006-ohsnap-01`) under
//!   `FVMI_VECTORS` (default `../shared/test-vectors`), as one process, `--jobs 1` and
//!   `--jobs 2`;
//! - a cold process running one small vector (the smallest file of the first corpus);
//! - warm time of the heaviest vectors of the first corpus (`FVMI_SBS_HEAVY`, default 6): found
//!   by timing every vector in this process with the candidate's library, then, per binary,
//!   `(T(n copies) - T(1 copy)) / (n - 1)` with `n = 6`, so start-up and module preparation
//!   cancel out.
//!
//! `FVMI_CANDIDATE` defaults to `target/release/fvmi` of this workspace; `FVMI_BUNDLES` is
//! passed through. Without `FVMI_BASELINE` it prints how to set it and measures nothing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fvmi_conformance::{discover, run_vector_file, BundleLibrary, KernelBackend, RunOptions};

fn shared(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(dir)
}

fn env_path(name: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(name).map_or(default, PathBuf::from)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One run of `binary vectors <args>`: wall time and peak resident KiB (0 if unknown).
fn run(binary: &Path, args: &[&str]) -> (Duration, u64) {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "maxrss %M"]).arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command.arg("vectors").args(args);
    let start = Instant::now();
    let output = match command.output() {
        Ok(output) => output,
        Err(error) => panic!("running {}: {error}", binary.display()),
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stdout
        .lines()
        .rfind(|l| l.starts_with("conformance:"))
        .unwrap_or("");
    assert!(
        summary.contains(" 0 failed"),
        "{} {args:?} did not pass: {summary}\n{stderr}",
        binary.display()
    );
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (elapsed, rss)
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// Medians of `reps` alternating runs of both binaries: ((base time, base KiB), (cand ...)).
fn alternate(
    base: &Path,
    cand: &Path,
    args: &[&str],
    reps: usize,
) -> ((Duration, u64), (Duration, u64)) {
    let (mut bt, mut ct, mut bm, mut cm) = (vec![], vec![], 0, 0);
    for _ in 0..reps {
        let (t, m) = run(base, args);
        bt.push(t);
        bm = bm.max(m);
        let (t, m) = run(cand, args);
        ct.push(t);
        cm = cm.max(m);
    }
    ((median(bt), bm), (median(ct), cm))
}

fn row(what: &str, base: Duration, cand: Duration) {
    println!(
        "| {what} | {:.3} s | {:.3} s | {:.2} |",
        base.as_secs_f64(),
        cand.as_secs_f64(),
        cand.as_secs_f64() / base.as_secs_f64()
    );
}

/// The `count` slowest vectors of `files`, timed once each (after one warm-up pass) with this
/// build's library.
fn heaviest(files: &[PathBuf], count: usize) -> Vec<(PathBuf, Duration)> {
    let dir = env_path(fvmi_conformance::BUNDLES_ENV, shared("bundles"));
    let bundles = BundleLibrary::with_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    let backend: Arc<dyn fvmi_conformance::VectorBackend> = Arc::new(KernelBackend::default());
    let options = RunOptions::new(Some(backend)).with_bundles(bundles);
    for file in files {
        run_vector_file(file, &options);
    }
    let mut times: Vec<(PathBuf, Duration)> = files
        .iter()
        .map(|file| {
            let start = Instant::now();
            run_vector_file(file, &options);
            (file.clone(), start.elapsed())
        })
        .collect();
    times.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
    times.truncate(count);
    times
}

/// Warm time of `file` per binary: `(T(n copies) - T(1 copy)) / (n - 1)`.
fn warm_each(base: &Path, cand: &Path, file: &Path, reps: usize) -> (Duration, Duration) {
    const COPIES: usize = 6;
    let dir = std::env::temp_dir().join(format!("fvmi-sbs-{}", std::process::id()));
    let one = dir.join("one");
    let many = dir.join("many");
    for d in [&one, &many] {
        let _ = std::fs::remove_dir_all(d);
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::copy(file, one.join("v.json")).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..COPIES {
        std::fs::copy(file, many.join(format!("v{i}.json"))).unwrap_or_else(|e| panic!("{e}"));
    }
    let (one, many) = (one.display().to_string(), many.display().to_string());
    let ((b1, _), (c1, _)) = alternate(base, cand, &[&one, "--jobs", "1"], reps);
    let ((bn, _), (cn, _)) = alternate(base, cand, &[&many, "--jobs", "1"], reps);
    let _ = std::fs::remove_dir_all(&dir);
    let per = |n: Duration, one: Duration| n.saturating_sub(one) / (COPIES as u32 - 1);
    (per(bn, b1), per(cn, c1))
}

fn main() {
    let Some(base) = std::env::var_os("FVMI_BASELINE").map(PathBuf::from) else {
        println!(
            "side_by_side: set FVMI_BASELINE to a baseline fvmi binary (see the bench's docs)"
        );
        return;
    };
    let cand = env_path(
        "FVMI_CANDIDATE",
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/fvmi"),
    );
    let vectors = env_path("FVMI_VECTORS", shared("test-vectors"));
    let reps = env_number("FVMI_SBS_REPS", 3).max(1);
    let corpora = std::env::var("FVMI_SBS_CORPORA").unwrap_or_else(|_| "0006-ohsnap-01".into());
    println!("baseline {}\ncandidate {}", base.display(), cand.display());
    println!("\n| measure | baseline | candidate | candidate / baseline |\n|---|---|---|---|");
    let mut first_corpus = None;
    for corpus in corpora.split(',').filter(|c| !c.is_empty()) {
        let dir = vectors.join(corpus);
        first_corpus.get_or_insert(dir.clone());
        let dir = dir.display().to_string();
        for jobs in ["1", "2"] {
            let ((bt, bm), (ct, cm)) = alternate(&base, &cand, &[&dir, "--jobs", jobs], reps);
            row(&format!("{corpus}, whole run, --jobs {jobs}"), bt, ct);
            println!(
                "| {corpus}, peak memory, --jobs {jobs} | {} MiB | {} MiB | {:.2} |",
                bm / 1024,
                cm / 1024,
                cm as f64 / bm.max(1) as f64
            );
        }
    }
    let Some(first) = first_corpus else {
        return;
    };
    let files = discover(&first);
    let smallest = files
        .iter()
        .min_by_key(|f| std::fs::metadata(f).map_or(u64::MAX, |m| m.len()));
    if let Some(small) = smallest {
        let small = small.display().to_string();
        let ((bt, _), (ct, _)) = alternate(&base, &cand, &[&small, "--jobs", "1"], reps.max(5));
        row("one small vector, cold process", bt, ct);
    }
    let heavy = env_number("FVMI_SBS_HEAVY", 6);
    for (file, in_process) in heaviest(&files, heavy) {
        let (b, c) = warm_each(&base, &cand, &file, reps);
        let name = file
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into());
        row(
            &format!("warm {name} (in-process {} ms)", in_process.as_millis()),
            b,
            c,
        );
    }
}
