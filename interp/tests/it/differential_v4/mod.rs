//! Differential test of the nv18 instrumentation ([`Instrumenter::V0_4`], [`EngineConfig::NV18`])
//! against the reference's: fvm-wasm-instrument 0.4.0 as ref-fvm v3 applies it (stack limiter,
//! then gas metering), both executed on wasmi.
//!
//! - wasm-smith modules with the features nv18 accepts (MVP, bulk memory, sign-extension,
//!   saturating float-to-int, and half of them with reference types), at stack limits 2048 and
//!   96, priced by the Hygge table and by an uneven table (every opcode its own price, every
//!   bulk instruction its own per-unit price);
//! - a few hand-written modules aimed at the 0.4.0 quirks;
//! - the 16 modules of the builtin actors v10 mainnet bundle (`FVMI_BUNDLES`, else the shared
//!   bundles next to the workspace), with a sweep of every table function at three gas
//!   limits.
//!
//! Acceptance, results, trap codes, gas left after every call, stack height, host-call
//! traces, memory contents and table sizes must agree. Exported globals are not compared:
//! the reference's metering adds an imported gas global without renumbering global exports,
//! so they point one global lower (invisible to the FVM, which reads no exported global).

use std::num::NonZeroU32;
use std::path::PathBuf;

use arbitrary::Unstructured;
use fvm_wasm_instrument_v4::gas_metering::{self, InstructionCost, Operator as RefOp, Rules};
use fvm_wasm_instrument_v4::stack_limiter;
use fvmi_interp::wasmi::{
    self, Extern, ExternType, Func, Global, Instance, Memory, Mutability, Store, Table, TrapCode,
    Val,
};
use fvmi_interp::wasmparser::{Operator, Parser, Payload, TypeRef, Validator};
use fvmi_interp::{
    Engine, EngineConfig, GasRules, Instrumenter, MemoryGrowCost, GAS_GLOBAL_EXPORT,
    STACK_HEIGHT_EXPORT,
};

use crate::support::{as_fvm_sees, attach_gas, import_entry, Prng, Trace};

// ---------------------------------------------------------------------------------------------
// Rule sets, expressed for both instrumenters.

/// The rule sets the test runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V4Rules {
    /// FIP-0057 (nv18): 4 gas per instruction outside FIP-0032's free set; bulk instructions
    /// 0.4 gas per byte, 26214.4 gas per page, 3.2 gas per table element.
    Hygge,
    /// A price derived from the instruction's name (1..=17 milligas; `nop` and `end` free),
    /// and for the bulk instructions a per-unit price derived the same way (1..=50).
    Uneven,
}

impl V4Rules {
    /// A per-call gas limit of roughly `instructions` instructions.
    pub fn limit(self, instructions: i64) -> i64 {
        match self {
            V4Rules::Hygge => instructions * 4000,
            V4Rules::Uneven => instructions * 9,
        }
    }
}

/// The variant name of an operator (the same in wasmparser 0.95 and 0.263 for every operator
/// of the feature set).
fn op_name(debug: &str) -> &str {
    let end = debug
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(debug.len());
    &debug[..end]
}

fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

const LINEAR: [&str; 8] = [
    "MemoryCopy",
    "MemoryInit",
    "MemoryFill",
    "MemoryGrow",
    "TableCopy",
    "TableInit",
    "TableFill",
    "TableGrow",
];

/// (fixed cost, per-unit cost) of the uneven rule set; `None`: refused.
fn uneven(name: &str) -> Option<(u64, Option<u32>)> {
    if matches!(name, "RefNull" | "RefIsNull" | "RefFunc") {
        return None;
    }
    if matches!(name, "Nop" | "End") {
        return Some((0, None));
    }
    let h = name_hash(name);
    let per_unit = LINEAR.contains(&name).then(|| ((h >> 20) % 50 + 1) as u32);
    Some(((h >> 5) % 17 + 1, per_unit))
}

/// (fixed cost, per-unit cost) of the Hygge table, written from FIP-0057; `None`: refused.
fn hygge(name: &str) -> Option<(u64, Option<u32>)> {
    Some(match name {
        "Nop" | "Block" | "Loop" | "Unreachable" | "Return" | "Else" | "End" | "Drop" => (0, None),
        "RefNull" | "RefIsNull" | "RefFunc" | "Try" | "Catch" | "CatchAll" | "Throw"
        | "Rethrow" | "Delegate" | "ReturnCall" | "ReturnCallIndirect" => return None,
        "MemoryCopy" | "MemoryInit" | "MemoryFill" => (4000, Some(400)),
        "MemoryGrow" => (4000, Some(400 * 65536)),
        "TableCopy" | "TableInit" | "TableFill" | "TableGrow" => (4000, Some(400 * 8)),
        _ => (4000, None),
    })
}

fn price(rules: V4Rules, name: &str) -> Option<(u64, Option<u32>)> {
    match rules {
        V4Rules::Hygge => hygge(name),
        V4Rules::Uneven => uneven(name),
    }
}

/// The rule set as fvm-wasm-instrument 0.4.0's `Rules`.
struct RefRules(V4Rules);

impl Rules for RefRules {
    fn instruction_cost(&self, op: &RefOp) -> anyhow::Result<InstructionCost> {
        let debug = format!("{op:?}");
        match price(self.0, op_name(&debug)) {
            None => Err(anyhow::anyhow!("refused")),
            Some((fixed, None)) => Ok(InstructionCost::Fixed(fixed)),
            Some((base, Some(per))) => Ok(NonZeroU32::new(per)
                .map_or(InstructionCost::Fixed(base), |per| {
                    InstructionCost::Linear(base, per)
                })),
        }
    }

    fn gas_charge_cost(&self) -> u64 {
        0
    }

    fn linear_calc_cost(&self) -> u64 {
        0
    }
}

/// The uneven rule set as our `GasRules` (the Hygge set is `EngineConfig::NV18` itself).
struct OurUneven;

impl GasRules for OurUneven {
    fn instruction_cost(&self, op: &Operator<'_>) -> Option<u64> {
        uneven(op_name(&format!("{op:?}"))).map(|(fixed, _)| fixed)
    }

    fn memory_grow_cost(&self) -> MemoryGrowCost {
        MemoryGrowCost::Free
    }

    fn linear_cost(&self, op: &Operator<'_>) -> Option<NonZeroU32> {
        uneven(op_name(&format!("{op:?}")))
            .and_then(|(_, per)| per)
            .and_then(NonZeroU32::new)
    }
}

/// The engines a module is checked with at `stack_limit`.
fn engines(stack_limit: u32) -> Vec<(V4Rules, Engine)> {
    let nv18 = if stack_limit == EngineConfig::NV18.max_wasm_stack {
        Engine::new(EngineConfig::NV18)
    } else {
        Engine::new(EngineConfig {
            max_wasm_stack: stack_limit,
            ..EngineConfig::NV18
        })
    };
    vec![
        (V4Rules::Hygge, nv18),
        (
            V4Rules::Uneven,
            Engine::with_instrumenter(Instrumenter::V0_4, stack_limit, OurUneven),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The reference side.

fn validate(wasm: &[u8]) -> Result<(), String> {
    Validator::new_with_features(Instrumenter::V0_4.wasm_features())
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Adds an export of the stack limiter's global (the last global: the limiter appends it to
/// the defined globals; the metering's gas import comes before every defined global) so the
/// test can compare stack heights.
fn export_height_global(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut globals = 0u32;
    let mut sections = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        match &payload {
            Payload::ImportSection(reader) => {
                for import in reader.clone().into_imports() {
                    if let TypeRef::Global(_) = import.map_err(|e| e.to_string())?.ty {
                        globals += 1;
                    }
                }
            }
            Payload::GlobalSection(reader) => globals += reader.count(),
            _ => {}
        }
        if let Some((id, range)) = payload.as_section() {
            sections.push((id, range));
        }
    }
    let height = globals.checked_sub(1).ok_or("no globals")?;
    let mut out = wasm[..8].to_vec();
    for (id, range) in sections {
        let body = &wasm[range.start as usize..range.end as usize];
        if id != 7 {
            out.push(id);
            uleb(&mut out, body.len() as u64);
            out.extend_from_slice(body);
            continue;
        }
        let mut reader = fvmi_interp::wasmparser::BinaryReader::new(body, 0);
        let count = reader.read_var_u32().map_err(|e| e.to_string())?;
        let mut payload = Vec::new();
        uleb(&mut payload, u64::from(count) + 1);
        payload.extend_from_slice(&body[reader.current_position()..]);
        uleb(&mut payload, STACK_HEIGHT_EXPORT.len() as u64);
        payload.extend_from_slice(STACK_HEIGHT_EXPORT.as_bytes());
        payload.push(3);
        uleb(&mut payload, u64::from(height));
        out.push(7);
        uleb(&mut out, payload.len() as u64);
        out.extend_from_slice(&payload);
    }
    Ok(out)
}

/// What ref-fvm v3 does to a module at load after validation: the stack limiter, then gas
/// metering. (Its pooling allocator's limits never bind on the modules tested here.)
fn reference_instrument(wasm: &[u8], rules: V4Rules, stack_limit: u32) -> Result<Vec<u8>, String> {
    let limited = stack_limiter::inject(wasm, stack_limit).map_err(|e| format!("limiter: {e}"))?;
    let metered = gas_metering::inject(&limited, &RefRules(rules), "gas")
        .map_err(|e| format!("metering: {e}"))?;
    export_height_global(&metered)
}

/// The reference's module compiled with `engine`'s wasmi engine, or why not.
fn reference_module(engine: &Engine, wasm: &[u8], rules: V4Rules) -> Result<wasmi::Module, String> {
    validate(wasm)?;
    let limit = engine.stack_limit();
    let out = std::panic::catch_unwind(|| reference_instrument(wasm, rules, limit))
        .map_err(|_| "the reference panicked".to_owned())??;
    let compile = std::panic::AssertUnwindSafe(|| wasmi::Module::new(engine.wasmi_engine(), &out));
    match std::panic::catch_unwind(compile) {
        Ok(Ok(m)) => Ok(m),
        Ok(Err(e)) => Err(format!("wasmi: {e}")),
        Err(_) => Err("wasmi panicked".to_owned()),
    }
}

// ---------------------------------------------------------------------------------------------
// Running both sides.

fn bits(v: &Val) -> u64 {
    match v {
        Val::I32(x) => *x as u32 as u64,
        Val::I64(x) => *x as u64,
        Val::F32(x) => u64::from(x.to_bits()),
        Val::F64(x) => x.to_bits(),
        Val::FuncRef(f) => u64::from(f.is_null()),
        _ => u64::MAX,
    }
}

/// Instantiates `module`, defining every import generically: functions record their
/// arguments and return zeros; memories and tables are created to fit; the reference's
/// `gas.gas_counter` is `gas` when given.
fn instantiate(
    store: &mut Store<Trace>,
    module: &wasmi::Module,
    gas: Option<Global>,
) -> Result<Instance, String> {
    let mut externs = Vec::new();
    for (i, import) in module.imports().enumerate() {
        let ext: Extern = match import.ty() {
            ExternType::Func(ty) => {
                let results: Vec<wasmi::ValType> = ty.results().to_vec();
                Func::new(&mut *store, ty.clone(), move |mut caller, params, out| {
                    import_entry(&caller)?;
                    let args = params.iter().map(bits).collect();
                    caller.data_mut().calls.push((i, args));
                    for (slot, t) in out.iter_mut().zip(&results) {
                        *slot = Val::default_for_ty(*t);
                    }
                    Ok(())
                })
                .into()
            }
            ExternType::Memory(ty) => Memory::new(&mut *store, *ty)
                .map_err(|e| e.to_string())?
                .into(),
            ExternType::Table(ty) => Table::new(&mut *store, *ty, wasmi::Ref::null(ty.element()))
                .map_err(|e| e.to_string())?
                .into(),
            ExternType::Global(_) => match (import.module(), import.name(), gas) {
                ("gas", "gas_counter", Some(g)) => g.into(),
                _ => return Err("global import".into()),
            },
        };
        externs.push(ext);
    }
    store.data_mut().gas = gas;
    let instance = Instance::new(&mut *store, module, &externs).map_err(|e| {
        e.as_trap_code()
            .map_or_else(|| "instantiation failed".to_owned(), |c| format!("{c:?}"))
    })?;
    attach_gas(store, &instance);
    Ok(instance)
}

/// One exported function call: name, results (as bits) or trap, gas left, stack height.
type CallRecord = (String, Result<Vec<u64>, String>, i64, i32);

/// Everything observable about running a module, exported globals excepted.
#[derive(Debug, PartialEq)]
struct Observed {
    instantiated: Result<(), String>,
    calls: Vec<CallRecord>,
    host_calls: Vec<(usize, Vec<u64>)>,
    memories: Vec<(String, u64)>,
    tables: Vec<(String, u64)>,
}

/// Counts over a run.
#[derive(Default, Debug)]
struct Stats {
    generated: usize,
    accepted: usize,
    with_reference_types: usize,
    with_bulk: usize,
    skipped_global_imports: usize,
    calls: usize,
    instantiate_failed: usize,
    out_of_gas: usize,
    stack_overflow: usize,
    other_traps: usize,
    rejections: std::collections::BTreeMap<String, usize>,
}

/// A hash of memory contents, 8 bytes at a time (memories are whole pages).
fn fnv(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let h = words.by_ref().fold(0xcbf2_9ce4_8422_2325u64, |h, w| {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        (h ^ w).wrapping_mul(0x100_0000_01b3).rotate_left(29)
    });
    words
        .remainder()
        .iter()
        .fold(h, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3))
}

fn injected(name: &str) -> bool {
    name == GAS_GLOBAL_EXPORT || name == STACK_HEIGHT_EXPORT
}

/// Runs every exported function with zero arguments, each with `limit` gas.
fn observe(
    engine: &Engine,
    module: &wasmi::Module,
    reference: bool,
    limit: i64,
    stats: &mut Stats,
) -> Observed {
    let mut store = Store::new(engine.wasmi_engine(), Trace::default());
    let ref_gas = reference.then(|| Global::new(&mut store, Val::I64(0), Mutability::Var));
    let mut obs = Observed {
        instantiated: Ok(()),
        calls: vec![],
        host_calls: vec![],
        memories: vec![],
        tables: vec![],
    };
    let instance = match instantiate(&mut store, module, ref_gas) {
        Ok(i) => i,
        Err(e) => {
            if !reference {
                stats.instantiate_failed += 1;
            }
            obs.instantiated = Err(e);
            return obs;
        }
    };
    let gas = ref_gas.unwrap_or_else(|| {
        instance
            .get_global(&store, GAS_GLOBAL_EXPORT)
            .expect("our module exports its gas global")
    });
    let height = instance
        .get_global(&store, STACK_HEIGHT_EXPORT)
        .expect("the stack height global is exported");
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
        gas.set(&mut store, Val::I64(limit))
            .expect("the gas global is a mutable i64");
        let outcome = func.call(&mut store, &params, &mut results);
        let left = gas.get(&store).i64().unwrap_or(i64::MIN);
        let h = height.get(&store).i32().unwrap_or(-1);
        let outcome = match outcome {
            Ok(()) => Ok(results.iter().map(bits).collect()),
            Err(e) => {
                if !reference {
                    match e.as_trap_code() {
                        _ if left < 0 => stats.out_of_gas += 1,
                        Some(TrapCode::UnreachableCodeReached)
                            if h as u32 > engine.stack_limit() =>
                        {
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
        let (mut outcome, mut left, mut h) = (outcome, left, h);
        if outcome.is_err() {
            // The FVM would run the next call in a fresh instance: the height starts at 0.
            let _ = height.set(&mut store, Val::I32(0));
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
        if let Some(m) = ext.into_memory() {
            obs.memories.push((name.clone(), fnv(m.data(&store))));
        }
        if let Some(t) = ext.into_table() {
            obs.tables.push((name.clone(), t.size(&store)));
        }
    }
    obs.host_calls = std::mem::take(&mut store.data_mut().calls);
    obs
}

/// Whether `wasm` imports a global (we refuse those at load; the reference lets them through
/// to fail at link time, so there is nothing to compare).
fn imports_a_global(wasm: &[u8]) -> bool {
    Parser::new(0).parse_all(wasm).any(|p| match p {
        Ok(Payload::ImportSection(reader)) => reader
            .into_imports()
            .any(|i| matches!(i.map(|i| i.ty), Ok(TypeRef::Global(_)))),
        _ => false,
    })
}

/// Whether `wasm`'s code uses a linearly priced instruction, and reference-types types.
fn features_used(wasm: &[u8]) -> (bool, bool) {
    let (mut bulk, mut refs) = (false, false);
    for payload in Parser::new(0).parse_all(wasm).flatten() {
        if let Payload::CodeSectionEntry(body) = payload {
            let Ok(ops) = body.get_operators_reader() else {
                continue;
            };
            for op in ops.into_iter().flatten() {
                let debug = format!("{op:?}");
                bulk |= LINEAR.contains(&op_name(&debug));
                refs |= op_name(&debug).starts_with("Table") || op_name(&debug) == "ElemDrop";
            }
        }
    }
    (bulk, refs)
}

fn save(label: &str, wasm: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fvmi-diff-v4-{}.wasm", label.replace('/', "_")));
    let _ = std::fs::write(&path, wasm);
    path
}

/// Checks one module with every engine: acceptance must agree, and an accepted module must
/// behave identically. Returns whether it was accepted.
fn check_module(
    label: &str,
    wasm: &[u8],
    engines: &[(V4Rules, Engine)],
    stats: &mut Stats,
) -> bool {
    if imports_a_global(wasm) {
        stats.skipped_global_imports += 1;
        for (_, engine) in engines {
            assert!(
                engine.prepare_uncached(wasm).is_err(),
                "{label}: a global import must be refused"
            );
        }
        return false;
    }
    let mut accepted = false;
    for (rules, engine) in engines {
        let ours = engine.prepare_uncached(wasm);
        let theirs = reference_module(engine, wasm, *rules);
        if ours.is_ok() != theirs.is_ok() {
            let path = save(label, wasm);
            panic!(
                "{label} ({rules:?}): acceptance differs (saved to {path:?}); ours: {:?}; reference: {:?}",
                ours.as_ref().err(),
                theirs.as_ref().err()
            );
        }
        let (ours, theirs) = match (ours, theirs) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) => {
                let why: String = e.to_string().chars().take(70).collect();
                *stats.rejections.entry(why).or_default() += 1;
                continue;
            }
            _ => continue,
        };
        accepted = true;
        let limit = rules.limit(20_000);
        let a = observe(engine, ours.wasmi_module(), false, limit, stats);
        let b = observe(engine, &theirs, true, limit, stats);
        if a != b {
            let path = save(label, wasm);
            panic!(
                "{label} ({rules:?}) behaves differently (saved to {path:?}):\nours:      {a:?}\nreference: {b:?}"
            );
        }
    }
    if accepted {
        let (bulk, refs) = features_used(wasm);
        stats.with_bulk += usize::from(bulk);
        stats.with_reference_types += usize::from(refs);
    }
    accepted
}

mod bundle;
mod smith;
mod sweep;
mod targeted;

use sweep::*;
