//! Instrumentation overhead (gas and stack instrumentation vs. the plain module, on the same
//! wasmi engine) on a hot arithmetic loop and a call-heavy loop, and module preparation time:
//! a synthetic 2000-function module and the largest v7 builtin actor (storage miner).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
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

fn overhead(c: &mut Criterion, engine: &Engine, name: &str, text: &str) {
    let wasm = wat::parse_str(text).expect("bench module parses");
    let plain = Module::new(engine.wasmi_engine(), &wasm).expect("plain module compiles");
    let instrumented = engine
        .prepare(name.as_bytes(), &wasm)
        .expect("module prepares");
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for (label, module) in [
        ("plain", &plain),
        ("instrumented", instrumented.wasmi_module()),
    ] {
        group.bench_function(label, |b| {
            let mut store = engine.new_store(());
            let (invoke, gas) = entry(engine, &mut store, module);
            b.iter(|| {
                if let Some(gas) = gas {
                    gas.set(&mut store, Val::I64(i64::MAX))
                        .expect("gas is settable");
                }
                invoke
                    .call(&mut store, black_box(ITERATIONS))
                    .expect("runs")
            });
        });
    }
    group.finish();
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

fn prepare(c: &mut Criterion, engine: &Engine) {
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    let synthetic = large_module();
    group.bench_function("synthetic-2000-funcs", |b| {
        b.iter(|| {
            engine
                .prepare_uncached(black_box(&synthetic))
                .expect("prepares")
        });
    });
    group.bench_function("synthetic-2000-funcs/instrument-only", |b| {
        b.iter(|| {
            engine
                .instrument(black_box(&synthetic))
                .expect("instruments")
        });
    });
    match fvmi_builtin_actors::module("storageminer") {
        Some(miner) => {
            eprintln!(
                "instrumentation: storageminer module is {} bytes",
                miner.len()
            );
            group.bench_function("storageminer", |b| {
                b.iter(|| engine.prepare_uncached(black_box(miner)).expect("prepares"));
            });
            group.bench_function("storageminer/instrument-only", |b| {
                b.iter(|| engine.instrument(black_box(miner)).expect("instruments"));
            });
        }
        None => eprintln!("instrumentation: no storageminer module in the bundle; skipped"),
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let engine = Engine::new(EngineConfig::NV15);
    overhead(c, &engine, "arith-loop", ARITH);
    overhead(c, &engine, "call-loop", CALLS);
    prepare(c, &engine);
}

criterion_group!(instrumentation, benches);
criterion_main!(instrumentation);
