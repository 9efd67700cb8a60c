//! Side by side (no criterion): two `fvmi` binaries, a baseline and a candidate, and optionally
//! the reference ref-fvm's conformance runner, timed in the same run on the same vectors, taking
//! turns on every repetition, and reported as ratios (candidate / other; below 1 is faster).
//!
//! ```sh
//! git worktree add ../base 2b2ebcc && (cd ../base && cargo build --release -p fvmi-cli)
//! cargo build --release -p fvmi-cli
//! FVMI_BASELINE=../base/target/release/fvmi cargo bench -p fvmi-benches --bench side_by_side
//! ```
//!
//! What is measured (wall clock, median of `FVMI_SBS_REPS` repetitions, default 3; peak
//! resident memory from `/usr/bin/time`, the largest over the repetitions):
//! - against the reference, when `FVMI_SBS_REF_NV17` and/or `FVMI_SBS_REF_NV18` name a build
//!   of ref-fvm's conformance runner (the test binary `runner-<hash>` of
//!   `cargo test --release -p fvm_conformance_tests --test runner --no-run`; fvm 2.x with the
//!   v9 actors for nv17, fvm 3.x with v10 for nv18): the whole nv17 corpus `0001-shark-01`
//!   and/or nv18 corpus `0002-hygge-01` on one thread, each repetition running the candidate,
//!   the baseline and the reference in an order that rotates. The reference runs in a temporary
//!   directory whose `test-vectors/corpus` links to the corpus, with `TEST_VECTOR_PARALLELISM=1`
//!   and `RAYON_NUM_THREADS=1` (see `fvmi_benches::ReferenceCorpus`); the `fvmi` binaries run
//!   `vectors --jobs 1 <corpus>`. Prints times, peak memory, the ratios candidate / reference
//!   and candidate / baseline, and the counts each run printed;
//! - each corpus directory of `FVMI_SBS_CORPORA` (default `0006-ohsnap-01`; empty for none,
//!   which also skips the next two items) under `FVMI_VECTORS` (default
//!   `../shared/test-vectors`), as one process, `--jobs 1` and `--jobs 2`;
//! - a cold process running one small vector (the smallest file of the first corpus);
//! - warm time of the heaviest vectors of the first corpus (`FVMI_SBS_HEAVY`, default 6): found
//!   by timing every vector in this process with the candidate's library, then, per binary,
//!   `(T(n copies) - T(1 copy)) / (n - 1)` with `n = 6`, so start-up and module preparation
//!   cancel out.
//!
//! `FVMI_CANDIDATE` defaults to `target/release/fvmi` of this workspace; `FVMI_BUNDLES` (the
//! v9 and v10 bundles nv17 and nv18 need) and `FVMI_MODULE_CACHE` are passed through. Without
//! `FVMI_BASELINE` it prints how to set it and measures nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fvmi_benches::{alternate, Contender, Measured, ReferenceCorpus};
use fvmi_conformance::{discover, run_vector_file, BundleLibrary, KernelBackend, RunOptions};

/// The corpora that can be compared with the reference: the variable naming the reference's
/// runner for it, a label, and the corpus directory under `FVMI_VECTORS`.
const REFERENCE_CORPORA: [(&str, &str, &str); 2] = [
    ("FVMI_SBS_REF_NV17", "nv17", "0001-shark-01"),
    ("FVMI_SBS_REF_NV18", "nv18", "0002-hygge-01"),
];

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

/// `fvmi vectors <args>` for the baseline and the candidate, alternating: (baseline, candidate).
fn pair(base: &Path, cand: &Path, args: &[String], reps: usize) -> (Measured, Measured) {
    let contenders = [
        Contender::Fvmi { binary: base, args },
        Contender::Fvmi { binary: cand, args },
    ];
    let mut measured = alternate(&contenders, reps).into_iter();
    let (Some(b), Some(c)) = (measured.next(), measured.next()) else {
        unreachable!("alternate measures every contender")
    };
    for (binary, m) in [(base, &b), (cand, &c)] {
        assert!(
            m.passed,
            "{} {args:?} did not pass: {}",
            binary.display(),
            m.summary
        );
    }
    (b, c)
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mib(kib: u64) -> String {
    format!("{} MiB", kib / 1024)
}

fn ratio(numerator: f64, denominator: f64) -> String {
    format!("{:.2}", numerator / denominator.max(f64::MIN_POSITIVE))
}

fn row(what: &str, base: Duration, cand: Duration) {
    println!(
        "| {what} | {} | {} | {} |",
        secs(base),
        secs(cand),
        ratio(cand.as_secs_f64(), base.as_secs_f64())
    );
}

/// `show(m)`, or "fails" for a run that did not pass.
fn cell(m: &Measured, show: impl Fn(&Measured) -> String) -> String {
    if m.passed {
        show(m)
    } else {
        "fails".into()
    }
}

/// `value(a) / value(b)`, or "—" unless both runs passed.
fn ratio_of(a: &Measured, b: &Measured, value: impl Fn(&Measured) -> f64) -> String {
    if a.passed && b.passed {
        ratio(value(a), value(b))
    } else {
        "—".into()
    }
}

/// For each corpus whose `FVMI_SBS_REF_*` variable names a reference runner: the reference,
/// the baseline and the candidate on that corpus, one thread each, in rotating order; prints
/// one table of times and peak memory, then the counts each printed. A program that fails a
/// vector (the baseline may not know these network versions) is shown as failing, not timed.
fn against_reference(base: &Path, cand: &Path, vectors: &Path, reps: usize) {
    let chosen: Vec<(PathBuf, &str, &str)> = REFERENCE_CORPORA
        .iter()
        .filter_map(|(var, label, dir)| Some((PathBuf::from(std::env::var_os(var)?), *label, *dir)))
        .collect();
    if chosen.is_empty() {
        return;
    }
    println!(
        "\n| one thread | reference | baseline | candidate | candidate / reference | candidate / baseline |"
    );
    println!("|---|---|---|---|---|---|");
    let mut results = Vec::new();
    for (runner, label, dir) in chosen {
        let corpus = vectors.join(dir);
        let linked = ReferenceCorpus::new(&corpus)
            .unwrap_or_else(|e| panic!("reference corpus {}: {e}", corpus.display()));
        let args = strings(&[&corpus.display().to_string(), "--jobs", "1"]);
        let contenders = [
            Contender::Fvmi {
                binary: cand,
                args: &args,
            },
            Contender::Fvmi {
                binary: base,
                args: &args,
            },
            Contender::Reference {
                binary: &runner,
                corpus: &linked,
            },
        ];
        let measured = alternate(&contenders, reps);
        let [c, b, r] = &measured[..] else {
            unreachable!("alternate measures every contender")
        };
        let name = format!("{label} {dir}");
        // One table row: each contender's figure, then candidate / reference and / baseline.
        let row =
            |what: &str, show: &dyn Fn(&Measured) -> String, value: &dyn Fn(&Measured) -> f64| {
                println!(
                    "| {name}, {what} | {} | {} | {} | {} | {} |",
                    cell(r, show),
                    cell(b, show),
                    cell(c, show),
                    ratio_of(c, r, value),
                    ratio_of(c, b, value)
                );
            };
        row("whole run", &|m| secs(m.wall), &|m| m.wall.as_secs_f64());
        row("peak memory", &|m| mib(m.peak_kib), &|m| m.peak_kib as f64);
        results.push(format!(
            "{name}: reference `{}`; baseline `{}`; candidate `{}`",
            r.summary, b.summary, c.summary
        ));
    }
    println!();
    for line in results {
        println!("- {line}");
    }
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
    let (b1, c1) = pair(base, cand, &strings(&[&one, "--jobs", "1"]), reps);
    let (bn, cn) = pair(base, cand, &strings(&[&many, "--jobs", "1"]), reps);
    let _ = std::fs::remove_dir_all(&dir);
    let per = |n: Measured, one: Measured| n.wall.saturating_sub(one.wall) / (COPIES as u32 - 1);
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
    against_reference(&base, &cand, &vectors, reps);
    let corpora: Vec<&str> = corpora.split(',').filter(|c| !c.is_empty()).collect();
    let Some(first) = corpora.first().map(|c| vectors.join(c)) else {
        return;
    };
    println!("\n| measure | baseline | candidate | candidate / baseline |\n|---|---|---|---|");
    for corpus in corpora {
        let dir = vectors.join(corpus).display().to_string();
        for jobs in ["1", "2"] {
            let (b, c) = pair(&base, &cand, &strings(&[&dir, "--jobs", jobs]), reps);
            row(
                &format!("{corpus}, whole run, --jobs {jobs}"),
                b.wall,
                c.wall,
            );
            println!(
                "| {corpus}, peak memory, --jobs {jobs} | {} | {} | {} |",
                mib(b.peak_kib),
                mib(c.peak_kib),
                ratio(c.peak_kib as f64, b.peak_kib as f64)
            );
        }
    }
    let files = discover(&first);
    let smallest = files
        .iter()
        .min_by_key(|f| std::fs::metadata(f).map_or(u64::MAX, |m| m.len()));
    if let Some(small) = smallest {
        let small = small.display().to_string();
        let (b, c) = pair(
            &base,
            &cand,
            &strings(&[&small, "--jobs", "1"]),
            reps.max(5),
        );
        row("one small vector, cold process", b.wall, c.wall);
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
