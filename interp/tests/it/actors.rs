//! The differential check on real actor code: every module must be accepted or rejected by both
//! instrumenters alike and behave identically when run on a generic host (syscalls answered
//! with zeros).
//!
//! - the 11 builtin actors v7 built by `fvmi-builtin-actors`;
//! - the 12 modules of the builtin actors v9 mainnet bundle (nv16/nv17, where every
//!   instruction is priced) and the 16 of the v10 bundle, read from the bundle CARs at run time
//!   (`FVMI_BUNDLES`, else the shared bundles next to the workspace).
//!
//! Besides `check_module` (exports called with zero arguments), the bundle modules get a deeper
//! sweep: every function of the indirect-call table (that is, every metered thunk) is called
//! in a fresh instance with zero arguments, first with a large gas limit, then with limits that
//! run out of gas half-way and one milligas short of the end. Result or trap kind, gas left,
//! stack height and host-call trace must agree after each call.

use crate::differential::{check_module, reference_module, val_bits, Stats};
use crate::support::{
    as_fvm_sees, bundle_modules, gas_global, instantiate_generic, OurRules, RuleSet, Trace,
};
use fvmi_interp::wasmi::{self, Func, Global, Store, Val};
use fvmi_interp::{Engine, EngineConfig, GAS_GLOBAL_EXPORT, STACK_HEIGHT_EXPORT};

/// The engines every actor module is checked with: the test rule sets at the mainnet stack
/// limit, and the production nv16+ engine against the reference's Skyr rules.
fn engines() -> Vec<(RuleSet, Engine)> {
    vec![
        (
            RuleSet::Skyr,
            Engine::with_rules(2048, OurRules(RuleSet::Skyr)),
        ),
        (
            RuleSet::Uneven,
            Engine::with_rules(2048, OurRules(RuleSet::Uneven)),
        ),
        (RuleSet::Skyr, Engine::new(EngineConfig::NV16)),
    ]
}

#[test]
fn actor_modules_match_reference() {
    let modules = fvmi_builtin_actors::modules();
    assert_eq!(modules.len(), 11, "expected the 11 builtin actors v7");
    let engines = &engines()[..2];
    let mut stats = Stats::default();
    for module in modules {
        let label = module.name;
        assert!(
            check_module(label, module.wasm, engines, &mut stats),
            "{label} was rejected"
        );
        println!("{label}: ok");
    }
    println!("{stats:?}");
}

/// What one call of a table function left behind.
#[derive(Debug, PartialEq)]
struct CallOutcome {
    result: Result<Vec<u64>, String>,
    gas_left: i64,
    stack_height: i32,
    host_calls: Vec<(usize, Vec<u64>)>,
}

/// One instance of an instrumented module, with its gas and stack-height globals and the
/// functions of its (first exported) table.
struct Side {
    store: Store<Trace>,
    gas: Global,
    height: Global,
    table: Vec<Option<Func>>,
}

impl Side {
    fn new(engine: &Engine, module: &wasmi::Module, reference: bool) -> Side {
        let mut store = Store::new(engine.wasmi_engine(), Trace::default());
        let ref_gas = reference.then(|| gas_global(&mut store));
        let instance = instantiate_generic(&mut store, module, ref_gas)
            .unwrap_or_else(|e| panic!("instantiation failed (reference: {reference}): {e}"));
        let gas = ref_gas.unwrap_or_else(|| {
            instance
                .get_global(&store, GAS_GLOBAL_EXPORT)
                .expect("our module exports its gas global")
        });
        let height = instance
            .get_global(&store, STACK_HEIGHT_EXPORT)
            .expect("the stack height global is exported");
        let table = instance
            .exports(&store)
            .find_map(|e| e.into_table())
            .map(|table| {
                (0..table.size(&store))
                    .map(|i| match table.get(&store, i) {
                        Some(wasmi::Ref::Func(wasmi::Nullable::Val(f))) => Some(f),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Side {
            store,
            gas,
            height,
            table,
        }
    }

    fn call(&mut self, index: usize, limit: i64) -> Option<CallOutcome> {
        let func = self.table.get(index).copied().flatten()?;
        let ty = func.ty(&self.store);
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
        self.gas
            .set(&mut self.store, Val::I64(limit))
            .expect("the gas global is a mutable i64");
        let result = func
            .call(&mut self.store, &params, &mut results)
            .map(|()| results.iter().map(val_bits).collect())
            .map_err(|e| {
                e.as_trap_code()
                    .map_or_else(|| e.to_string(), |c| format!("{c:?}"))
            });
        let mut result = result;
        let mut gas_left = self.gas.get(&self.store).i64().unwrap_or(i64::MIN);
        let mut stack_height = self.height.get(&self.store).i32().unwrap_or(-1);
        as_fvm_sees(&mut result, &mut gas_left, &mut stack_height);
        Some(CallOutcome {
            result,
            gas_left,
            stack_height,
            host_calls: std::mem::take(&mut self.store.data_mut().calls),
        })
    }
}

/// Counts over a sweep.
#[derive(Debug, Default)]
struct Sweep {
    functions: usize,
    calls: usize,
    returned: usize,
    out_of_gas: usize,
    other_traps: usize,
    host_calls: usize,
    gas_used: i128,
}

/// Calls every table function of `wasm` instrumented by us and by the reference, each call in
/// a fresh pair of instances, at three gas limits; panics at the first difference.
fn sweep_table(label: &str, wasm: &[u8], rules: RuleSet, engine: &Engine, sweep: &mut Sweep) {
    let ours = engine
        .prepare_uncached(wasm)
        .unwrap_or_else(|e| panic!("{label}: we reject it: {e}"));
    let theirs = reference_module(engine, wasm, rules)
        .unwrap_or_else(|| panic!("{label}: the reference rejects it"));
    let big = rules.limit(200_000);
    let size = Side::new(engine, ours.wasmi_module(), false).table.len();
    assert_eq!(
        size,
        Side::new(engine, &theirs, true).table.len(),
        "{label} ({rules:?}): table sizes differ"
    );
    for index in 0..size {
        let mut limits = vec![big];
        let mut step = 0;
        while let Some(&limit) = limits.get(step) {
            step += 1;
            let mut a = Side::new(engine, ours.wasmi_module(), false);
            let mut b = Side::new(engine, &theirs, true);
            let (Some(x), Some(y)) = (a.call(index, limit), b.call(index, limit)) else {
                assert_eq!(
                    a.table[index].is_some(),
                    b.table[index].is_some(),
                    "{label} ({rules:?}): table[{index}] is null on one side only"
                );
                break;
            };
            assert_eq!(
                x, y,
                "{label} ({rules:?}): table[{index}] with gas {limit} behaves differently \
                 (left: ours, right: reference)"
            );
            sweep.calls += 1;
            sweep.host_calls += x.host_calls.len();
            match &x.result {
                Ok(_) => sweep.returned += 1,
                Err(_) if x.gas_left < 0 => sweep.out_of_gas += 1,
                Err(_) => sweep.other_traps += 1,
            }
            if step == 1 {
                sweep.functions += 1;
                let used = limit - x.gas_left.max(0);
                sweep.gas_used += i128::from(used);
                // Run out of gas half-way and at the very last metered block.
                if used > 1 {
                    limits.extend([used / 2, used - 1]);
                }
            }
        }
    }
}

/// Checks every module of the bundle CAR `file`: acceptance must agree; an accepted module
/// must behave identically (exports and table sweep). Returns the names accepted and rejected.
fn check_bundle(file: &str, modules: &[(String, Vec<u8>)]) -> (Vec<String>, Vec<String>) {
    let engines = engines();
    let mut stats = Stats::default();
    let mut sweep = Sweep::default();
    let (mut accepted, mut rejected) = (vec![], vec![]);
    for (name, wasm) in modules {
        let label = format!("{file}/{name}");
        if !check_module(&label, wasm, &engines, &mut stats) {
            let why = engines[0].1.prepare_uncached(wasm).err();
            println!("{label}: rejected by both instrumenters ({why:?})");
            rejected.push(name.clone());
            continue;
        }
        for (rules, engine) in &engines {
            sweep_table(&label, wasm, *rules, engine, &mut sweep);
        }
        println!("{label}: ok");
        accepted.push(name.clone());
    }
    println!("{stats:?}");
    println!("{sweep:?}");
    (accepted, rejected)
}

#[test]
fn v9_bundle_modules_match_reference() {
    let file = "builtin-actors-v9-mainnet.car";
    let Some(modules) = bundle_modules(file) else {
        return;
    };
    let names: Vec<&str> = modules.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "system",
            "init",
            "cron",
            "account",
            "storagepower",
            "storageminer",
            "storagemarket",
            "paymentchannel",
            "multisig",
            "reward",
            "verifiedregistry",
            "datacap"
        ],
        "the v9 manifest"
    );
    let (_, rejected) = check_bundle(file, &modules);
    assert!(rejected.is_empty(), "v9 modules rejected: {rejected:?}");
}

/// v10 (nv18) is not a network version fvmi runs; this only checks that both instrumenters
/// agree on its modules, whichever way that goes.
#[test]
fn v10_bundle_modules_match_reference() {
    let file = "builtin-actors-v10-mainnet.car";
    let Some(modules) = bundle_modules(file) else {
        return;
    };
    assert_eq!(modules.len(), 16, "the v10 manifest has 16 actors");
    let (accepted, rejected) = check_bundle(file, &modules);
    println!("v10: accepted {accepted:?}, rejected {rejected:?}");
}
