//! Differential test: our instrumentation against the reference's (fvm-wasm-instrument 0.2.0
//! as applied by ref-fvm v2.3), both executed on wasmi, on wasm-smith modules (MVP + bulk
//! memory). Acceptance, gas left after every call, results, trap codes, host-call traces,
//! exported globals and memory contents must all agree.

use crate::support::{
    as_fvm_sees, gas_global, instantiate_generic, reference_instrument, OurRules, Prng, RuleSet,
    Trace,
};
use arbitrary::Unstructured;
use fvmi_interp::wasmi::{self, Extern, Global, Store, TrapCode, Val};
use fvmi_interp::{wasm_features, Engine, GAS_GLOBAL_EXPORT, STACK_HEIGHT_EXPORT};

fn smith_config() -> wasm_smith::Config {
    wasm_smith::Config {
        bulk_memory_enabled: true,
        reference_types_enabled: false,
        multi_value_enabled: false,
        saturating_float_to_int_enabled: false,
        sign_extension_ops_enabled: false,
        simd_enabled: false,
        relaxed_simd_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        tail_call_enabled: false,
        gc_enabled: false,
        memory64_enabled: false,
        extended_const_enabled: false,
        custom_page_sizes_enabled: false,
        wide_arithmetic_enabled: false,
        compact_imports_enabled: false,
        max_tags: 0,
        max_memories: 1,
        max_tables: 1,
        max_memory32_bytes: 4 * 65536,
        max_table_elements: 1000,
        max_funcs: 12,
        min_funcs: 3,
        max_imports: 3,
        max_exports: 10,
        max_globals: 6,
        max_instructions: 250,
        max_nesting_depth: 6,
        max_element_segments: 3,
        max_data_segments: 3,
        export_everything: true,
        allow_start_export: true,
        ..wasm_smith::Config::default()
    }
}

/// One exported function call: name, results (as bits) or trap, gas left, stack height.
type CallRecord = (String, Result<Vec<u64>, String>, i64, i32);

/// Everything observable about running a module.
#[derive(Debug, PartialEq)]
struct Observed {
    instantiated: Result<(), String>,
    calls: Vec<CallRecord>,
    host_calls: Vec<(usize, Vec<u64>)>,
    globals: Vec<(String, u64)>,
    memories: Vec<(String, u64)>,
}

#[derive(Default, Debug)]
pub struct Stats {
    generated: usize,
    accepted: usize,
    calls: usize,
    instantiate_failed: usize,
    out_of_gas: usize,
    stack_overflow: usize,
    other_traps: usize,
    rejections: std::collections::BTreeMap<String, usize>,
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

pub fn val_bits(v: &Val) -> u64 {
    match v {
        Val::I32(x) => *x as u32 as u64,
        Val::I64(x) => *x as u64,
        Val::F32(x) => u64::from(x.to_bits()),
        Val::F64(x) => x.to_bits(),
        _ => u64::MAX,
    }
}

fn injected(name: &str) -> bool {
    name == GAS_GLOBAL_EXPORT || name == STACK_HEIGHT_EXPORT
}

/// Runs every exported function of an instrumented module with zero arguments, giving each
/// call `limit` gas.
fn observe(
    engine: &Engine,
    module: &wasmi::Module,
    reference: bool,
    limit: i64,
    stats: &mut Stats,
) -> Observed {
    let mut store = Store::new(engine.wasmi_engine(), Trace::default());
    let ref_gas = reference.then(|| gas_global(&mut store));
    let mut obs = Observed {
        instantiated: Ok(()),
        calls: vec![],
        host_calls: vec![],
        globals: vec![],
        memories: vec![],
    };
    let instance = match instantiate_generic(&mut store, module, ref_gas) {
        Ok(i) => i,
        Err(e) => {
            if !reference {
                stats.instantiate_failed += 1;
                if stats.instantiate_failed < 8 {
                    println!("instantiate: {e}");
                }
            }
            obs.instantiated = Err(e);
            return obs;
        }
    };
    let gas: Global = match ref_gas {
        Some(g) => g,
        None => match instance.get_global(&store, GAS_GLOBAL_EXPORT) {
            Some(g) => g,
            None => panic!("our module has no gas global export"),
        },
    };
    let height = instance.get_global(&store, STACK_HEIGHT_EXPORT);
    let exports: Vec<(String, Extern)> = instance
        .exports(&store)
        .map(|e| (e.name().to_owned(), e.into_extern()))
        .filter(|(n, _)| !injected(n))
        .collect();
    for (name, ext) in &exports {
        let Some(func) = ext.into_func() else {
            continue;
        };
        let ty = func.ty(&store);
        let params: Vec<Val> = ty
            .params()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        if gas.set(&mut store, Val::I64(limit)).is_err() {
            panic!("cannot set gas");
        }
        let outcome = func.call(&mut store, &params, &mut results);
        let left = gas.get(&store).i64().unwrap_or(i64::MIN);
        let outcome = match outcome {
            Ok(()) => Ok(results.iter().map(val_bits).collect()),
            Err(e) => {
                if !reference {
                    let h = height
                        .map(|h| h.get(&store).i32().unwrap_or(0) as u32)
                        .unwrap_or(0);
                    match e.as_trap_code() {
                        _ if left < 0 => stats.out_of_gas += 1,
                        Some(TrapCode::UnreachableCodeReached) if h > engine.stack_limit() => {
                            stats.stack_overflow += 1
                        }
                        _ => stats.other_traps += 1,
                    }
                }
                Err(e
                    .as_trap_code()
                    .map_or_else(|| e.to_string(), |c| format!("{c:?}")))
            }
        };
        if !reference {
            stats.calls += 1;
        }
        let mut h = height.map_or(-1, |h| h.get(&store).i32().unwrap_or(-2));
        let (mut outcome, mut left) = (outcome, left);
        if outcome.is_err() {
            // The FVM would run the next call in a fresh instance: the height starts at 0.
            if let Some(g) = height {
                let _ = g.set(&mut store, Val::I32(0));
            }
        }
        let out_of_gas = as_fvm_sees(&mut outcome, &mut left, &mut h);
        obs.calls.push((name.clone(), outcome, left, h));
        if out_of_gas {
            // The FVM drops the instance: nothing after this is observable.
            obs.host_calls = std::mem::take(&mut store.data_mut().calls);
            return obs;
        }
    }
    for (name, ext) in &exports {
        if let Some(g) = ext.into_global() {
            obs.globals.push((name.clone(), val_bits(&g.get(&store))));
        }
        if let Some(m) = ext.into_memory() {
            obs.memories.push((name.clone(), fnv(m.data(&store))));
        }
    }
    obs.host_calls = std::mem::take(&mut store.data_mut().calls);
    obs
}

pub fn reference_module(engine: &Engine, wasm: &[u8], rules: RuleSet) -> Option<wasmi::Module> {
    wasmparser_validate(wasm)?;
    let limit = engine.stack_limit();
    let out = std::panic::catch_unwind(|| reference_instrument(wasm, rules, limit)).ok()??;
    let compile =
        std::panic::AssertUnwindSafe(|| wasmi::Module::new(engine.wasmi_engine(), &out).ok());
    std::panic::catch_unwind(compile).ok()?
}

fn wasmparser_validate(wasm: &[u8]) -> Option<()> {
    fvmi_interp::wasmparser::Validator::new_with_features(wasm_features())
        .validate_all(wasm)
        .ok()
        .map(|_| ())
}

pub fn check_module(
    index: &str,
    wasm: &[u8],
    engines: &[(RuleSet, Engine)],
    stats: &mut Stats,
) -> bool {
    let mut accepted = false;
    for (rules, engine) in engines {
        let ours = engine.prepare_uncached(wasm);
        let theirs = reference_module(engine, wasm, *rules);
        assert_eq!(
            ours.is_ok(),
            theirs.is_some(),
            "module {index} ({rules:?}): acceptance differs; ours: {:?}",
            ours.as_ref().err(),
        );
        if let Err(fvmi_interp::LoadError::Compile(e)) = &ours {
            let path = std::env::temp_dir().join(format!("fvmi-wasmi-reject-{index}.wasm"));
            let _ = std::fs::write(&path, wasm);
            println!(
                "module {index}: wasmi rejected the instrumented module ({e}); saved to {path:?}"
            );
        }
        if let Err(e) = &ours {
            *stats
                .rejections
                .entry(format!("{e}").chars().skip(40).take(60).collect())
                .or_default() += 1;
        }
        let (Ok(ours), Some(theirs)) = (ours, theirs) else {
            continue;
        };
        accepted = true;
        let limit = rules.limit(20_000);
        let a = observe(engine, ours.wasmi_module(), false, limit, stats);
        let b = observe(engine, &theirs, true, limit, stats);
        if a != b {
            let path =
                std::env::temp_dir().join(format!("fvmi-diff-{}.wasm", index.replace('/', "_")));
            let _ = std::fs::write(&path, wasm);
            panic!("module {index} ({rules:?}) behaves differently (saved to {path:?}):\nours:      {a:?}\nreference: {b:?}");
        }
    }
    accepted
}

#[test]
fn instrumentation_matches_reference_on_random_modules() {
    let wanted: usize = std::env::var("FVMI_DIFF_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let engines_2048 = [
        (
            RuleSet::Skyr,
            Engine::with_rules(2048, OurRules(RuleSet::Skyr)),
        ),
        (
            RuleSet::Uneven,
            Engine::with_rules(2048, OurRules(RuleSet::Uneven)),
        ),
    ];
    let engines_small = [
        (
            RuleSet::Skyr,
            Engine::with_rules(96, OurRules(RuleSet::Skyr)),
        ),
        (
            RuleSet::Uneven,
            Engine::with_rules(96, OurRules(RuleSet::Uneven)),
        ),
    ];
    // Free prices (nv15: fvmi inlines small leaves) meter nothing, so those modules get
    // wasm-smith's own termination fuel (a global decremented at every loop and function entry).
    let free_2048 = [(
        RuleSet::Free,
        Engine::with_rules(2048, OurRules(RuleSet::Free)),
    )];
    let free_small = [(
        RuleSet::Free,
        Engine::with_rules(96, OurRules(RuleSet::Free)),
    )];
    let mut free_stats = Stats::default();
    let seed = std::env::var("FVMI_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_f00d);
    let mut prng = Prng(seed);
    let mut stats = Stats::default();
    let config = smith_config();
    while stats.accepted < wanted && stats.generated < wanted * 4 {
        let index = stats.generated;
        stats.generated += 1;
        let len = 256 + (prng.next_u64() % 8192) as usize;
        let data = prng.bytes(len);
        let mut u = Unstructured::new(&data);
        let Ok(module) = wasm_smith::Module::new(config.clone(), &mut u) else {
            continue;
        };
        let wasm = module.to_bytes();
        let engines = if index % 2 == 0 {
            &engines_2048
        } else {
            &engines_small
        };
        if check_module(&index.to_string(), &wasm, engines, &mut stats) {
            stats.accepted += 1;
        }
        let mut u = Unstructured::new(&data);
        let Ok(mut terminating) = wasm_smith::Module::new(config.clone(), &mut u) else {
            continue;
        };
        if terminating.ensure_termination(2_000).is_ok() {
            let free = if index % 2 == 0 {
                &free_2048
            } else {
                &free_small
            };
            let label = format!("{index} (terminating)");
            if check_module(&label, &terminating.to_bytes(), free, &mut free_stats) {
                free_stats.accepted += 1;
            }
        }
    }
    println!("{stats:?}");
    assert!(
        stats.accepted >= wanted,
        "only {} of {} modules accepted",
        stats.accepted,
        stats.generated
    );
    assert!(
        stats.out_of_gas > 0 && stats.stack_overflow > 0 && stats.other_traps > 0,
        "{stats:?}"
    );
    println!("free prices: {free_stats:?}");
    assert!(
        free_stats.accepted >= wanted / 2
            && free_stats.stack_overflow > 0
            && free_stats.other_traps > 0,
        "{free_stats:?}"
    );
}
