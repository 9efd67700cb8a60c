//! Inlining of small leaf functions: the instrumented module computes and traps exactly as the
//! original does, charges exactly as the reference's instrumentation at every gas limit, and
//! the calls it replaces are gone.

use fvmi_interp::wasmi::{self, Linker, Module, Store, Val};
use fvmi_interp::wasmparser::{Operator, Parser, Payload};
use fvmi_interp::{instrument, Engine, WasmPrices, GAS_GLOBAL_EXPORT};

use crate::differential::{reference_module, val_bits};
use crate::support::{as_fvm_sees, gas_global, instantiate_generic, OurRules, RuleSet, Trace};

/// Four leaves (functions 0-3) and exported callers of them.
const MODULE: &str = r#"(module
  (memory 1)
  ;; 0: parameters and locals of every numeric type; reads its locals before writing them.
  (func $mix (param i32 i64 f32 f64) (result i64) (local i32 i64 f32 f64)
    local.get 4 i32.const 1 i32.add local.set 4
    local.get 5 i64.const 2 i64.add local.set 5
    local.get 6 f32.const 1.5 f32.add local.set 6
    local.get 7 f64.const 2.5 f64.add local.set 7
    local.get 0 local.get 4 i32.add i64.extend_i32_u
    local.get 1 i64.add local.get 5 i64.add
    local.get 2 local.get 6 f32.add i64.trunc_f32_s i64.add
    local.get 3 local.get 7 f64.add i64.trunc_f64_s i64.add)
  ;; 1: return from nested blocks, br and br_table to the function's label, a loop, local.tee.
  (func $ctl (param i32) (result i32) (local i32)
    block
      block
        local.get 0 i32.eqz br_if 0
        local.get 0 i32.const 1 i32.eq if i32.const 100 return end
        local.get 0 i32.const 2 i32.eq if i32.const 200 br 3 end
        local.get 0 i32.const 3 i32.eq if i32.const 7 local.get 0 br_table 3 3 end
      end
      loop
        local.get 1 local.get 0 i32.add local.tee 1 drop
        local.get 0 i32.const 1 i32.sub local.tee 0 i32.const 0 i32.gt_s br_if 0
      end
    end
    local.get 1)
  ;; 2: traps on a zero divisor and on overflow.
  (func $div (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  ;; 3: no result; traps out of bounds.
  (func $store (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "mix") (param i32) (result i64)
    (call $mix (local.get 0) (i64.const 10) (f32.const 0.25) (f64.const 0.5))
    (call $mix (local.get 0) (i64.const -3) (f32.const 2.75) (f64.const -8.5))
    i64.add)
  (func (export "ctl") (param i32) (result i32)
    (call $ctl (local.get 0))
    (call $ctl (i32.add (local.get 0) (i32.const 1)))
    i32.add)
  (func (export "ctl_loop") (param i32) (result i32) (local i32)
    loop
      (local.set 1 (i32.add (local.get 1) (call $ctl (local.get 0))))
      (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
      i32.const -2 i32.gt_s br_if 0
    end
    local.get 1)
  (func (export "div") (param i32 i32) (result i32) (call $div (local.get 0) (local.get 1)))
  (func (export "store") (param i32 i32) (result i32)
    (call $store (local.get 0) (local.get 1))
    (i32.load (local.get 0))))"#;

/// The leaves' function indices.
const LEAVES: [u32; 4] = [0, 1, 2, 3];

fn module_bytes() -> Vec<u8> {
    match wat::parse_str(MODULE) {
        Ok(bytes) => bytes,
        Err(e) => panic!("bad test module: {e}"),
    }
}

/// The targets of every `call` in the module's bodies.
fn call_targets(wasm: &[u8]) -> Vec<u32> {
    let mut targets = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut ops) = body.get_operators_reader() else {
            panic!("unreadable body")
        };
        while !ops.eof() {
            match ops.read() {
                Ok(Operator::Call { function_index }) => targets.push(function_index),
                Ok(_) => {}
                Err(e) => panic!("unreadable instruction: {e}"),
            }
        }
    }
    targets
}

/// Every export's result (or trap) on `inputs`, run by plain wasmi.
fn run(wasm: &[u8], calls: &[(&str, Vec<Val>)]) -> Vec<Result<Vec<u64>, String>> {
    let engine = wasmi::Engine::default();
    let module = match Module::new(&engine, wasm) {
        Ok(m) => m,
        Err(e) => panic!("module does not compile: {e}"),
    };
    let mut outcomes = Vec::new();
    for (name, args) in calls {
        // A fresh instance per call, as the FVM uses one per invocation.
        let mut store = Store::new(&engine, ());
        let linker = Linker::<()>::new(&engine);
        let instance = match linker.instantiate_and_start(&mut store, &module) {
            Ok(i) => i,
            Err(e) => panic!("instantiation failed: {e}"),
        };
        let Some(func) = instance.get_func(&store, name) else {
            panic!("no export {name}")
        };
        let mut results = vec![Val::I64(0); func.ty(&store).results().len()];
        let outcome = func
            .call(&mut store, args, &mut results)
            .map(|()| results.iter().map(val_bits).collect())
            .map_err(|e| format!("{:?}", e.as_trap_code()));
        outcomes.push(outcome);
    }
    outcomes
}

fn calls() -> Vec<(&'static str, Vec<Val>)> {
    let mut calls = Vec::new();
    for x in [-5, -1, 0, 1, 2, 3, 4, 9, i32::MAX] {
        calls.push(("mix", vec![Val::I32(x)]));
    }
    for x in -3..8 {
        calls.push(("ctl", vec![Val::I32(x)]));
        calls.push(("ctl_loop", vec![Val::I32(x)]));
    }
    for (a, b) in [(10, 2), (-9, 4), (1, 0), (i32::MIN, -1), (i32::MIN, 1)] {
        calls.push(("div", vec![Val::I32(a), Val::I32(b)]));
    }
    for (a, v) in [(0, 5), (65_532, -1), (65_533, 1), (-4, 3)] {
        calls.push(("store", vec![Val::I32(a), Val::I32(v)]));
    }
    calls
}

#[test]
fn inlined_leaves_compute_and_trap_as_the_calls_did() {
    let original = module_bytes();
    let inlined = match instrument(&original, &WasmPrices::NV15, 2048) {
        Ok(out) => out,
        Err(e) => panic!("instrumentation failed: {e}"),
    };
    let targets = call_targets(&inlined);
    assert!(
        !targets.iter().any(|t| LEAVES.contains(t)),
        "a leaf is still called: {targets:?}"
    );
    let calls = calls();
    let expected = run(&original, &calls);
    assert!(expected.iter().any(Result::is_err) && expected.iter().any(Result::is_ok));
    assert_eq!(run(&inlined, &calls), expected);
}

/// One call under `limit` gas, as the FVM sees it: (outcome, gas left).
fn metered_call(
    engine: &Engine,
    module: &wasmi::Module,
    reference: bool,
    (name, args): &(&str, Vec<Val>),
    limit: i64,
) -> (Result<Vec<u64>, String>, i64) {
    let mut store = Store::new(engine.wasmi_engine(), Trace::default());
    let ref_gas = reference.then(|| gas_global(&mut store));
    let instance = match instantiate_generic(&mut store, module, ref_gas) {
        Ok(i) => i,
        Err(e) => panic!("instantiation failed: {e}"),
    };
    let gas = match ref_gas.or_else(|| instance.get_global(&store, GAS_GLOBAL_EXPORT)) {
        Some(g) => g,
        None => panic!("no gas global"),
    };
    if gas.set(&mut store, Val::I64(limit)).is_err() {
        panic!("cannot set the gas");
    }
    let Some(func) = instance.get_func(&store, name) else {
        panic!("no export {name}")
    };
    let mut results = vec![Val::I64(0); func.ty(&store).results().len()];
    let outcome = func.call(&mut store, args, &mut results);
    let mut left = gas.get(&store).i64().unwrap_or(i64::MIN);
    let mut outcome = outcome
        .map(|()| results.iter().map(val_bits).collect())
        .map_err(|e| format!("{:?}", e.as_trap_code()));
    let mut height = 0;
    as_fvm_sees(&mut outcome, &mut left, &mut height);
    (outcome, left)
}

#[test]
fn metered_inlined_leaves_charge_as_the_reference_at_every_limit() {
    let original = module_bytes();
    for rules in [RuleSet::Skyr, RuleSet::Uneven] {
        let engine = Engine::with_rules(2048, OurRules(rules));
        let ours = match engine.prepare_uncached(&original) {
            Ok(m) => m,
            Err(e) => panic!("{rules:?}: {e}"),
        };
        let Some(theirs) = reference_module(&engine, &original, rules) else {
            panic!("{rules:?}: the reference refused the module")
        };
        let Ok(inlined) = engine.instrument(&original) else {
            panic!("{rules:?}: instrumentation failed")
        };
        let targets = call_targets(&inlined);
        assert!(
            !targets.iter().any(|t| LEAVES.contains(t)),
            "{rules:?}: a leaf is still called: {targets:?}"
        );
        let mut runs = 0;
        for call in calls() {
            let full = metered_call(&engine, &theirs, true, &call, 1 << 40);
            let used = (1i64 << 40) - full.1;
            let step = (used / 300).max(1);
            let limits = (0..=used)
                .step_by(step as usize)
                .chain([used - 1, used, used + 1, 1 << 40])
                .filter(|l| *l >= 0);
            for limit in limits {
                let expected = metered_call(&engine, &theirs, true, &call, limit);
                let got = metered_call(&engine, ours.wasmi_module(), false, &call, limit);
                assert_eq!(got, expected, "{rules:?} {} at {limit}", call.0);
                runs += 1;
            }
        }
        assert!(runs > 1000, "{rules:?}: only {runs} runs");
    }
}
