//! Benchmarks of the vector runner.
//!
//! - `load/parse_and_car`: parsing one typical vector and loading its CAR (no execution).
//! - `vector/warm`: running that vector on a backend whose modules are already loaded.
//! - `vector/cold`: the same on a fresh backend, so the first message pays for module loading.
//! - `suite/all`: every vector under `FVMI_VECTORS` (default: the shared corpus).
//!
//! `FVMI_BENCH_VECTOR=<substring>` picks the typical vector (default: a window PoSt submission).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use fvmi_conformance::{
    default_backend, discover, load_pre_state, run_suite, run_vector_file, MessageVector,
    RunOptions, Verdict,
};

fn corpus() -> Vec<PathBuf> {
    let root = std::env::var_os("FVMI_VECTORS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/test-vectors"),
        PathBuf::from,
    );
    discover(&root)
}

fn typical(paths: &[PathBuf]) -> Option<PathBuf> {
    let wanted = std::env::var("FVMI_BENCH_VECTOR")
        .unwrap_or_else(|_| "fil_7_storageminer/SubmitWindowedPoSt/Ok".to_owned());
    paths
        .iter()
        .find(|path| path.to_string_lossy().contains(&wanted))
        .cloned()
}

fn benches(c: &mut Criterion) {
    let paths = corpus();
    let Some(vector_path) = typical(&paths) else {
        eprintln!("no test vectors found; nothing to benchmark");
        return;
    };

    c.bench_function("load/parse_and_car", |b| {
        b.iter(|| {
            let vector = MessageVector::from_file(&vector_path).ok();
            let loaded = vector.map(|vector| load_pre_state(&vector.car).is_ok());
            black_box(loaded)
        })
    });

    let Some(backend) = default_backend() else {
        eprintln!("no executor backend in this build; skipping execution benchmarks");
        return;
    };
    let warm = RunOptions::new(Some(backend));
    let first = run_vector_file(&vector_path, &warm);
    if first.verdict != Verdict::Passed {
        eprintln!(
            "note: the benchmarked vector does not pass: {:?}",
            first.verdict
        );
    }
    c.bench_function("vector/warm", |b| {
        b.iter(|| black_box(run_vector_file(&vector_path, &warm)))
    });
    c.bench_function("vector/cold", |b| {
        b.iter(|| {
            let cold = RunOptions::new(default_backend());
            black_box(run_vector_file(&vector_path, &cold))
        })
    });

    let mut group = c.benchmark_group("suite");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    group.bench_function("all", |b| {
        b.iter(|| black_box(run_suite(&paths, &warm, threads, &|_| {}).passed))
    });
    group.finish();
}

criterion_group!(vector_benches, benches);
criterion_main!(vector_benches);
