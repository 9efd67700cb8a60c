//! Test vectors end to end on fvmi's executor (`KernelBackend`):
//!
//! - `vector/parse_and_car`: parsing one typical nv15 vector and loading its CAR (no execution);
//! - `vector/warm`: that vector end to end (parse, CAR load, machine setup, apply, receipt and
//!   state-root checks) on a backend whose module cache is already warm;
//! - `vector/cold`: the same on a fresh backend, so the first message pays for preparing every
//!   builtin actor module;
//! - `suite/one_thread`: every vector of the corpus, on one thread, with a warm module cache.
//!
//! Vectors come from `FVMI_VECTORS` (default: `../shared/test-vectors` next to the repository);
//! `FVMI_BENCH_VECTOR=<substring>` picks the typical vector (default: a window PoSt submission).

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use fvmi_conformance::{
    discover, load_pre_state, run_suite, run_vector_file, KernelBackend, MessageVector, RunOptions,
    Verdict,
};

fn corpus() -> Vec<PathBuf> {
    let root = std::env::var_os("FVMI_VECTORS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
        PathBuf::from,
    );
    discover(&root)
}

fn typical(paths: &[PathBuf]) -> Option<&Path> {
    let wanted = std::env::var("FVMI_BENCH_VECTOR")
        .unwrap_or_else(|_| "fil_7_storageminer/SubmitWindowedPoSt/Ok".to_owned());
    paths
        .iter()
        .find(|path| path.to_string_lossy().contains(&wanted))
        .map(PathBuf::as_path)
}

fn kernel_options() -> RunOptions {
    let dir = std::env::var_os(fvmi_conformance::BUNDLES_ENV).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
        PathBuf::from,
    );
    let bundles = fvmi_conformance::BundleLibrary::with_dir(&dir).unwrap_or_else(|error| {
        eprintln!("vectors: {error}; using fvmi's v7 build only");
        fvmi_conformance::BundleLibrary::builtin()
    });
    RunOptions::new(Some(Arc::new(KernelBackend::default()))).with_bundles(bundles)
}

fn benches(c: &mut Criterion) {
    let paths = corpus();
    let Some(vector) = typical(&paths) else {
        eprintln!(
            "vectors: no test vectors found (set FVMI_VECTORS or provide ../shared/test-vectors); \
             nothing registered"
        );
        return;
    };
    eprintln!("vectors: typical vector {}", vector.display());

    let mut group = c.benchmark_group("vector");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("parse_and_car", |b| {
        b.iter(|| {
            let parsed = MessageVector::from_file(vector).ok();
            black_box(parsed.map(|parsed| load_pre_state(&parsed.car).is_ok()))
        })
    });

    let warm = kernel_options();
    let first = run_vector_file(vector, &warm);
    if first.verdict != Verdict::Passed {
        eprintln!(
            "vectors: note: the typical vector does not pass: {:?}",
            first.verdict
        );
    }
    group.bench_function("warm", |b| {
        b.iter(|| black_box(run_vector_file(vector, &warm)))
    });
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function("cold", |b| {
        b.iter(|| black_box(run_vector_file(vector, &kernel_options())))
    });
    group.finish();

    let report = run_suite(&paths, &warm, 1, &|_| {});
    eprintln!(
        "vectors: {} vector files; {}",
        paths.len(),
        report.summary_line()
    );
    let mut group = c.benchmark_group("suite");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(60));
    group.warm_up_time(Duration::from_millis(1));
    group.bench_function("one_thread", |b| {
        b.iter(|| black_box(run_suite(&paths, &warm, 1, &|_| {}).passed))
    });
    group.finish();
}

criterion_group!(vector_benches, benches);
criterion_main!(vector_benches);
