//! Instrumentation overhead (gas and stack instrumentation vs. the plain module, on the same
//! wasmi engine) on a hot arithmetic loop and a call-heavy loop, with the nv15 prices (no
//! charge per instruction) and the nv16 prices (4 gas per instruction); and module preparation
//! time (instrument + validate + compile) of a synthetic 2000-function module and of the
//! largest v7 builtin actor (storage miner).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use fvmi_interp::wasmi::{Global, Instance, Linker, Module, Store, TypedFunc, Val};
use fvmi_interp::{Engine, EngineConfig, GAS_GLOBAL_EXPORT};

const ARITH: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "invoke") (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
      (local.set $acc (i32.xor (local.get $acc) (i32.shr_u (local.get $acc) (i32.const 7))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))"#;

const CALLS: &str = r#"(module
  (memory (export "memory") 1)
  (func $step (param i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 31)) (local.get 1)))
  (func (export "invoke") (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (call $step (local.get $acc) (local.get $n)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))"#;

/// Loop iterations per call of `invoke`.
const ITERATIONS: u32 = 10_000;

fn entry(
    engine: &Engine,
    store: &mut Store<()>,
    module: &Module,
) -> (TypedFunc<u32, u32>, Option<Global>) {
    let linker = Linker::<()>::new(engine.wasmi_engine());
    let instance: Instance = linker
        .instantiate_and_start(&mut *store, module)
        .expect("bench module instantiates");
    let invoke = instance
        .get_typed_func::<u32, u32>(&*store, "invoke")
        .expect("bench module exports invoke");
    (invoke, instance.get_global(&*store, GAS_GLOBAL_EXPORT))
}

fn overhead(c: &mut Criterion, engines: &[(&str, Engine)], name: &str, text: &str) {
    let wasm = wat::parse_str(text).expect("bench module parses");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    if let Some((_, engine)) = engines.first() {
        let plain = Module::new(engine.wasmi_engine(), &wasm).expect("plain module compiles");
        group.bench_function("plain", |b| {
            let mut store = engine.new_store(());
            let (invoke, _) = entry(engine, &mut store, &plain);
            b.iter(|| {
                invoke
                    .call(&mut store, black_box(ITERATIONS))
                    .expect("runs")
            });
        });
    }
    for (label, engine) in engines {
        let prepared = engine
            .prepare(name.as_bytes(), &wasm)
            .expect("module prepares");
        let burnt = gas_per_call(engine, prepared.wasmi_module());
        eprintln!("instrumentation: {name} {label}: {burnt} milligas per call");
        group.bench_function(format!("instrumented-{label}"), |b| {
            let mut store = engine.new_store(());
            let (invoke, gas) = entry(engine, &mut store, prepared.wasmi_module());
            let gas = gas.expect("instrumented module exports its gas global");
            b.iter(|| {
                gas.set(&mut store, Val::I64(i64::MAX))
                    .expect("gas is settable");
                invoke
                    .call(&mut store, black_box(ITERATIONS))
                    .expect("runs")
            });
        });
    }
    group.finish();
}

/// The gas one call of the instrumented `module` burns (milligas).
fn gas_per_call(engine: &Engine, module: &Module) -> i64 {
    let mut store = engine.new_store(());
    let (invoke, gas) = entry(engine, &mut store, module);
    let gas = gas.expect("instrumented module exports its gas global");
    gas.set(&mut store, Val::I64(i64::MAX))
        .expect("gas is settable");
    invoke.call(&mut store, ITERATIONS).expect("runs");
    i64::MAX - gas.get(&store).i64().expect("gas is an i64")
}

/// A module with many functions of straight-line and branchy code.
fn large_module() -> Vec<u8> {
    let mut text = String::from("(module (memory (export \"memory\") 1)\n");
    for i in 0..2000 {
        text.push_str(&format!(
            "(func $f{i} (param i32) (result i32) (local i32)
               (block (loop
                 (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
                 (br_if 1 (i32.eqz (local.get 0)))
                 (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                 (if (i32.gt_u (local.get 1) (i32.const 100)) (then (br 2)))
                 (br 0)))
               (local.get 1))\n"
        ));
    }
    text.push_str("(func (export \"invoke\") (param i32) (result i32) (call $f0 (local.get 0))))");
    wat::parse_str(&text).expect("large module parses")
}

fn prepare(c: &mut Criterion, engines: &[(&str, Engine)]) {
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(4));
    let synthetic = large_module();
    let miner = fvmi_builtin_actors::module("storageminer");
    match miner {
        Some(miner) => eprintln!(
            "instrumentation: storageminer module is {} bytes",
            miner.len()
        ),
        None => eprintln!("instrumentation: no storageminer module in the bundle; skipped"),
    }
    for (label, engine) in engines {
        group.bench_function(format!("synthetic-2000-funcs/{label}"), |b| {
            b.iter(|| {
                engine
                    .prepare_uncached(black_box(&synthetic))
                    .expect("prepares")
            });
        });
        group.bench_function(
            format!("synthetic-2000-funcs/{label}/instrument-only"),
            |b| {
                b.iter(|| {
                    engine
                        .instrument(black_box(&synthetic))
                        .expect("instruments")
                });
            },
        );
        if let Some(miner) = miner {
            group.bench_function(format!("storageminer/{label}"), |b| {
                b.iter(|| engine.prepare_uncached(black_box(miner)).expect("prepares"));
            });
            group.bench_function(format!("storageminer/{label}/instrument-only"), |b| {
                b.iter(|| engine.instrument(black_box(miner)).expect("instruments"));
            });
        }
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    // nv15 charges nothing per instruction (only the stack limit and the zero-cost gas checks
    // remain); nv16 (Skyr) charges 4 gas per priced instruction.
    let engines = [
        ("nv15", Engine::new(EngineConfig::NV15)),
        ("nv16", Engine::new(EngineConfig::NV16)),
    ];
    overhead(c, &engines, "arith-loop", ARITH);
    overhead(c, &engines, "call-loop", CALLS);
    prepare(c, &engines);
}

criterion_group!(instrumentation, benches);
criterion_main!(instrumentation);
