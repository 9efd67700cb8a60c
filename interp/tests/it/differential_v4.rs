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

use std::fs::File;
use std::io::BufReader;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

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
use fvmi_ipld::{Blockstore, MemoryBlockstore};

use crate::support::Prng;

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

/// Host state: a trace of host calls.
#[derive(Default)]
struct Trace {
    calls: Vec<(usize, Vec<u64>)>,
}

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
    Instance::new(&mut *store, module, &externs).map_err(|e| {
        e.as_trap_code()
            .map_or_else(|| "instantiation failed".to_owned(), |c| format!("{c:?}"))
    })
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
        obs.calls.push((name.clone(), outcome, left, h));
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

// ---------------------------------------------------------------------------------------------
// wasm-smith modules.

/// Rewrites a module so that locals are declared in groups, and so that more of what
/// wasm-smith generates with reference types passes
/// nv18 validation and instrumentation, keeping it valid and its `funcref` tables, table
/// instructions and `funcref` values: every `externref` becomes `funcref` (`externref` needs
/// GC types, which nv18 validation lacks; mapping one top reference type onto the other keeps
/// every typing rule), and in code the instructions the instrumentation refuses are replaced:
/// `ref.null` and `ref.func` by a read of a new, never written `funcref` local (null),
/// `ref.is_null` by `drop; i32.const 1`, a typed `select` by two `drop`s. Every other
/// `br_table` is made to take its default label.
fn rewrite_references(wasm: &[u8]) -> Option<Vec<u8>> {
    use wasm_encoder::reencode::{utils, Reencode};

    struct Rewrite {
        /// The index of the null local of every defined function, in order.
        null_locals: Vec<u32>,
        next: usize,
        br_tables: usize,
    }

    impl Reencode for Rewrite {
        type Error = std::convert::Infallible;

        fn abstract_heap_type(
            &mut self,
            value: fvmi_interp::wasmparser::AbstractHeapType,
        ) -> Result<wasm_encoder::AbstractHeapType, wasm_encoder::reencode::Error<Self::Error>>
        {
            Ok(match value {
                fvmi_interp::wasmparser::AbstractHeapType::Extern => {
                    wasm_encoder::AbstractHeapType::Func
                }
                other => utils::abstract_heap_type(self, other),
            })
        }

        fn parse_function_body(
            &mut self,
            code: &mut wasm_encoder::CodeSection,
            func: fvmi_interp::wasmparser::FunctionBody<'_>,
        ) -> Result<(), wasm_encoder::reencode::Error<Self::Error>> {
            use wasm_encoder::reencode::Error::ParseError;
            use wasm_encoder::Instruction as I;
            // Runs of locals of one type become one declaration group (wasm-smith declares
            // each local on its own; the 0.4.0 frame cost counts groups).
            let mut locals: Vec<(u32, wasm_encoder::ValType)> = Vec::new();
            for pair in func.get_locals_reader()? {
                let (count, ty) = pair?;
                let ty = self.val_type(ty)?;
                match locals.last_mut() {
                    Some((n, last)) if *last == ty => *n += count,
                    _ => locals.push((count, ty)),
                }
            }
            locals.push((1, wasm_encoder::ValType::FUNCREF));
            let null = self.null_locals.get(self.next).copied().unwrap_or(0);
            self.next += 1;
            let mut f = wasm_encoder::Function::new(locals);
            let mut reader = func.get_operators_reader().map_err(ParseError)?;
            while !reader.eof() {
                match reader.read().map_err(ParseError)? {
                    Operator::RefNull { .. } | Operator::RefFunc { .. } => {
                        f.instruction(&I::LocalGet(null));
                    }
                    Operator::RefIsNull => {
                        f.instruction(&I::Drop);
                        f.instruction(&I::I32Const(1));
                    }
                    op @ Operator::BrTable { .. } => {
                        // Every other br_table takes its default label (the 0.4.0 metering
                        // ignores that label when splitting blocks).
                        if self.br_tables.is_multiple_of(2) {
                            f.instruction(&I::Drop);
                            f.instruction(&I::I32Const(-1));
                        }
                        self.br_tables += 1;
                        f.instruction(&self.instruction(op)?);
                    }
                    Operator::TypedSelect { .. } => {
                        // Keep the first operand.
                        f.instruction(&I::Drop);
                        f.instruction(&I::Drop);
                    }
                    other => {
                        f.instruction(&self.instruction(other)?);
                    }
                }
            }
            code.function(&f);
            Ok(())
        }
    }

    // The first index after the parameters and declared locals of every defined function.
    let mut type_params = Vec::new();
    let mut func_params = Vec::new();
    let mut null_locals = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.ok()? {
            Payload::TypeSection(reader) => {
                for ty in reader.into_iter_err_on_gc_types() {
                    type_params.push(ty.ok()?.params().len() as u32);
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader {
                    func_params.push(*type_params.get(ty.ok()? as usize)?);
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut declared = 0u32;
                for pair in body.get_locals_reader().ok()? {
                    declared += pair.ok()?.0;
                }
                let params = *func_params.get(null_locals.len())?;
                null_locals.push(params + declared);
            }
            _ => {}
        }
    }
    let mut rewrite = Rewrite {
        null_locals,
        next: 0,
        br_tables: 0,
    };
    let mut module = wasm_encoder::Module::new();
    rewrite
        .parse_core_module(&mut module, Parser::new(0), wasm)
        .ok()?;
    Some(module.finish())
}

fn smith_config(reference_types: bool) -> wasm_smith::Config {
    use wasm_smith::{InstructionKind as K, InstructionKinds};
    // Table instructions are wasm-smith's "reference" instructions.
    let mut kinds = vec![
        K::Numeric,
        K::Parametric,
        K::Variable,
        K::Memory,
        K::Control,
    ];
    if reference_types {
        kinds.push(K::Reference);
    }
    wasm_smith::Config {
        bulk_memory_enabled: true,
        reference_types_enabled: reference_types,
        multi_value_enabled: false,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
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
        allowed_instructions: InstructionKinds::new(&kinds),
        max_tags: 0,
        max_memories: 1,
        max_tables: 1,
        min_tables: u32::from(reference_types),
        max_memory32_bytes: 4 * 65536,
        max_table_elements: 1000,
        max_funcs: 12,
        min_funcs: 3,
        min_types: 1,
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

#[test]
fn v4_instrumentation_matches_reference_on_random_modules() {
    let wanted: usize = std::env::var("FVMI_DIFF_V4_MODULES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    let seed = std::env::var("FVMI_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_0018);
    let engines_2048 = engines(2048);
    let engines_small = engines(96);
    let configs = [smith_config(false), smith_config(true)];
    let mut prng = Prng(seed);
    let mut stats = Stats::default();
    while stats.accepted < wanted && stats.generated < wanted * 4 {
        let index = stats.generated;
        stats.generated += 1;
        let len = 256 + (prng.next_u64() % 8192) as usize;
        let data = prng.bytes(len);
        let mut u = Unstructured::new(&data);
        let config = configs[(index / 2) % 2].clone();
        let Ok(module) = wasm_smith::Module::new(config, &mut u) else {
            continue;
        };
        let Some(wasm) = rewrite_references(&module.to_bytes()) else {
            continue;
        };
        let engines = if index % 2 == 0 {
            &engines_2048
        } else {
            &engines_small
        };
        if check_module(&format!("smith-{index}"), &wasm, engines, &mut stats) {
            stats.accepted += 1;
        }
    }
    println!("{stats:#?}");
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
    assert!(
        stats.with_bulk > wanted / 10 && stats.with_reference_types > wanted / 20,
        "{stats:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Gas-limit sweeps: every entry point called in fresh instances at several gas limits.

/// How an entry point is reached.
#[derive(Clone, Copy, Debug)]
enum Entry<'a> {
    /// An exported function.
    Export(&'a str),
    /// An element of the (first exported) table.
    Table(u32),
}

/// What one call left behind.
#[derive(Debug, PartialEq)]
struct CallOutcome {
    result: Result<Vec<u64>, String>,
    gas_left: i64,
    stack_height: i32,
    host_calls: Vec<(usize, Vec<u64>)>,
    memory: Option<u64>,
}

/// One instance of an instrumented module.
struct Side {
    store: Store<Trace>,
    instance: Instance,
    gas: Global,
    height: Global,
}

impl Side {
    fn new(engine: &Engine, module: &wasmi::Module, reference: bool) -> Result<Side, String> {
        let mut store = Store::new(engine.wasmi_engine(), Trace::default());
        let ref_gas = reference.then(|| Global::new(&mut store, Val::I64(0), Mutability::Var));
        let instance = instantiate(&mut store, module, ref_gas)?;
        let gas = ref_gas.unwrap_or_else(|| {
            instance
                .get_global(&store, GAS_GLOBAL_EXPORT)
                .expect("our module exports its gas global")
        });
        let height = instance
            .get_global(&store, STACK_HEIGHT_EXPORT)
            .expect("the stack height global is exported");
        Ok(Side {
            store,
            instance,
            gas,
            height,
        })
    }

    fn table_len(&self) -> u32 {
        self.instance
            .exports(&self.store)
            .find_map(|e| e.into_table())
            .map_or(0, |t| t.size(&self.store) as u32)
    }

    fn func(&self, entry: Entry<'_>) -> Option<Func> {
        match entry {
            Entry::Export(name) => self.instance.get_func(&self.store, name),
            Entry::Table(i) => {
                let table = self
                    .instance
                    .exports(&self.store)
                    .find_map(|e| e.into_table())?;
                match table.get(&self.store, u64::from(i)) {
                    Some(wasmi::Ref::Func(wasmi::Nullable::Val(f))) => Some(f),
                    _ => None,
                }
            }
        }
    }

    /// Calls `entry` with zero arguments and `limit` gas; the memory is hashed if
    /// `hash_memory`.
    fn call(&mut self, entry: Entry<'_>, limit: i64, hash_memory: bool) -> Option<CallOutcome> {
        let func = self.func(entry)?;
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
            .map(|()| results.iter().map(bits).collect())
            .map_err(|e| {
                e.as_trap_code()
                    .map_or_else(|| e.to_string(), |c| format!("{c:?}"))
            });
        let memory = self
            .instance
            .get_memory(&self.store, "memory")
            .filter(|_| hash_memory)
            .map(|m| fnv(m.data(&self.store)));
        Some(CallOutcome {
            result,
            gas_left: self.gas.get(&self.store).i64().unwrap_or(i64::MIN),
            stack_height: self.height.get(&self.store).i32().unwrap_or(-1),
            host_calls: std::mem::take(&mut self.store.data_mut().calls),
            memory,
        })
    }
}

/// Counts over sweeps.
#[derive(Debug, Default)]
struct Sweep {
    entries: usize,
    calls: usize,
    returned: usize,
    out_of_gas: usize,
    other_traps: usize,
    host_calls: usize,
}

/// Calls `entries` of `wasm` instrumented by us and by the reference, each call in a fresh
/// pair of instances: first with `big` gas, then, if that used gas, with limits that run out
/// at 1/`parts`, 2/`parts`, ... of the way and one milligas short of the end. Panics at the
/// first difference.
#[allow(clippy::too_many_arguments)]
fn sweep(
    label: &str,
    wasm: &[u8],
    rules: V4Rules,
    engine: &Engine,
    entries: &[Entry<'_>],
    big: i64,
    parts: i64,
    sweep: &mut Sweep,
) {
    let ours = engine
        .prepare_uncached(wasm)
        .unwrap_or_else(|e| panic!("{label} ({rules:?}): we reject it: {e}"));
    let theirs = reference_module(engine, wasm, rules)
        .unwrap_or_else(|e| panic!("{label} ({rules:?}): the reference rejects it: {e}"));
    for &entry in entries {
        let mut limits = vec![big];
        let mut step = 0;
        while let Some(&limit) = limits.get(step) {
            step += 1;
            let a = Side::new(engine, ours.wasmi_module(), false);
            let b = Side::new(engine, &theirs, true);
            let (mut a, mut b) = match (a, b) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    assert_eq!(
                        a.err(),
                        b.err(),
                        "{label} ({rules:?}): instantiation differs"
                    );
                    return;
                }
            };
            // Memory contents are compared after the first (complete) call only: hashing a
            // 17-page actor memory costs more than most calls.
            let hash = step == 1;
            let (Some(x), Some(y)) = (a.call(entry, limit, hash), b.call(entry, limit, hash))
            else {
                assert_eq!(
                    a.func(entry).is_some(),
                    b.func(entry).is_some(),
                    "{label} ({rules:?}): {entry:?} exists on one side only"
                );
                break;
            };
            if x != y {
                let path = save(label, wasm);
                panic!(
                    "{label} ({rules:?}): {entry:?} with gas {limit} behaves differently \
                     (saved to {path:?})\nours:      {x:?}\nreference: {y:?}"
                );
            }
            sweep.calls += 1;
            sweep.host_calls += x.host_calls.len();
            match &x.result {
                Ok(_) => sweep.returned += 1,
                Err(_) if x.gas_left < 0 => sweep.out_of_gas += 1,
                Err(_) => sweep.other_traps += 1,
            }
            if step == 1 {
                sweep.entries += 1;
                let used = limit - x.gas_left.max(0);
                if used > 1 {
                    limits.extend((1..parts).map(|i| used * i / parts));
                    limits.push(used - 1);
                }
            }
        }
    }
}

fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap_or_else(|e| panic!("bad test module: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// Hand-written modules aimed at what 0.4.0 changed.

/// Every linearly priced instruction, with its count as the constant right before it (priced
/// statically) and as a local (priced at run time), for counts from 0 to beyond the memory
/// and to u32::MAX; memory and table growth that fails; passive and declared segments.
fn bulk_module(count: i64) -> String {
    // A negative static count is refused by both instrumenters; keep those in the dynamic
    // functions only.
    let k = if count < 0 { 3 } else { count };
    format!(
        r#"(module
          (import "env" "host" (func $host (param i32)))
          (memory (export "memory") 1 3)
          (table $t (export "table") 4 30 funcref)
          (data $d "abcdefghijklmnopqrstuvwxyz")
          (data (i32.const 60000) "tail")
          (elem $e func $f0 $f1 $f0)
          (elem (i32.const 1) func $f1)
          (elem declare func $f2)
          (func $f0 (result i32) i32.const 7)
          (func $f1 (result i32) (local i32 i64 i32) i32.const 0 call $host i32.const 8)
          (func $f2)
          (func (export "fill_static") i32.const 16 i32.const 7 i32.const {k} memory.fill)
          (func (export "fill_dynamic") (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 16 i32.const 9 local.get $n memory.fill
            local.get $n call $host)
          (func (export "copy_static") i32.const 100 i32.const 60000 i32.const {k} memory.copy)
          (func (export "copy_dynamic") (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 100 i32.const 60000 local.get $n memory.copy)
          (func (export "init_static") i32.const 300 i32.const 0 i32.const {k} memory.init $d)
          (func (export "init_dynamic") (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 300 i32.const 1 local.get $n memory.init $d
            data.drop $d
            i32.const 300 i32.const 0 i32.const 0 memory.init $d)
          (func (export "grow_static") (result i32) i32.const {k} memory.grow)
          (func (export "grow_dynamic") (result i32) (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            local.get $n memory.grow
            local.get $n memory.grow i32.add)
          (func (export "table_grow_static") (result i32)
            i32.const 1 table.get $t i32.const {k} table.grow $t)
          (func (export "table_grow_dynamic") (result i32) (local $n i32) (local $r funcref)
            i64.const {count} i32.wrap_i64 local.set $n
            local.get $r local.get $n table.grow $t
            i32.const 0 table.get $t local.get $n table.grow $t i32.add)
          (func (export "table_fill") (local $n i32) (local $r funcref)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 1 local.get $r i32.const {k} table.fill $t
            i32.const 0 i32.const 1 table.get $t local.get $n table.fill $t)
          (func (export "table_copy") (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 2 i32.const 1 i32.const {k} table.copy
            i32.const 0 i32.const 1 local.get $n table.copy)
          (func (export "table_init") (result i32) (local $n i32)
            i64.const {count} i32.wrap_i64 local.set $n
            i32.const 0 i32.const 0 i32.const 2 table.init $e
            i32.const 1 call_indirect (result i32)
            i32.const 0 i32.const 1 local.get $n table.init $e
            elem.drop $e
            table.size $t i32.add)
          (func (export "sizes") (result i32)
            memory.size table.size $t i32.add i32.extend8_s))"#
    )
}

/// `br_table`s whose default label is, or is not, their only branch out of enclosing blocks,
/// with priced code after each block end; `sel` picks the label taken.
fn br_table_module(sel: i32) -> String {
    format!(
        r#"(module
          (import "env" "host" (func $host (param i32)))
          (memory (export "memory") 1)
          (func (export "default_outermost") (result i32) (local i32)
            (block $out
              (block $a
                (block $b
                  i32.const {sel}
                  br_table $b $b $out)
                i32.const 1 call $host
                local.get 0 i32.const 3 i32.add local.set 0)
              i32.const 2 call $host
              local.get 0 i32.const 5 i32.mul local.set 0)
            local.get 0 i32.const 7 i32.add)
          (func (export "default_function") (local i32)
            (block $a
              (block $b
                (block $c
                  i32.const {sel}
                  br_table $c $b 3)
                i32.const 3 call $host)
              local.get 0 i32.const 11 i32.add local.set 0)
            i32.const 0 local.get 0 i32.const 13 i32.add i32.store)
          (func (export "default_inner") (result i32) (local i32)
            (block $out
              (block $a
                i32.const {sel}
                br_table $out $a)
              local.get 0 i32.const 17 i32.add local.set 0)
            local.get 0 i32.const 19 i32.add)
          (func (export "default_loop") (result i32) (local i32 i32)
            (block $out
              (loop $l
                local.get 1 i32.const 1 i32.add local.tee 1
                i32.const 3 i32.gt_u br_if $out
                (block $b
                  i32.const {sel}
                  br_table $b $l)
                local.get 0 i32.const 23 i32.add local.set 0
                br $l))
            local.get 0)
          (func (export "in_if") (result i32) (local i32)
            (block $out
              i32.const {sel}
              (if (then
                (block $b
                  i32.const {sel}
                  br_table $b $out)
                local.get 0 i32.const 29 i32.add local.set 0)
               (else
                (block $c
                  i32.const {sel}
                  br_table $c $c $out)
                local.get 0 i32.const 31 i32.add local.set 0))
              local.get 0 i32.const 37 i32.add local.set 0)
            local.get 0))"#
    )
}

/// Recursive functions whose locals are declared in few or many groups (including empty
/// ones), so that the stack limiter's frame cost (groups, not locals) decides where the
/// recursion overflows.
fn locals_module() -> Vec<u8> {
    use wasm_encoder::{
        CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction as I,
        MemorySection, MemoryType, Module, TypeSection, ValType as V,
    };
    let declarations: [&[(u32, V)]; 4] = [
        &[(40, V::I32)],
        &[
            (1, V::I32),
            (0, V::I64),
            (1, V::I32),
            (0, V::F32),
            (1, V::I64),
        ],
        &[(10, V::I32), (10, V::I64), (10, V::F64)],
        &[],
    ];
    let mut types = TypeSection::new();
    types.ty().function([V::I32], [V::I32]);
    let mut functions = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    for (i, locals) in declarations.iter().enumerate() {
        functions.function(0);
        exports.export(&format!("recurse{i}"), ExportKind::Func, i as u32);
        let mut f = Function::new(locals.iter().copied());
        // if (p < 100000) return f(p + 1) + 1 else return p
        f.instruction(&I::LocalGet(0))
            .instruction(&I::I32Const(100_000))
            .instruction(&I::I32LtU)
            .instruction(&I::If(wasm_encoder::BlockType::Result(V::I32)))
            .instruction(&I::LocalGet(0))
            .instruction(&I::I32Const(1))
            .instruction(&I::I32Add)
            .instruction(&I::Call(i as u32))
            .instruction(&I::I32Const(1))
            .instruction(&I::I32Add)
            .instruction(&I::Else)
            .instruction(&I::LocalGet(0))
            .instruction(&I::End)
            .instruction(&I::End);
        code.function(&f);
    }
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    exports.export("memory", ExportKind::Memory, 0);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&functions)
        .section(&memories)
        .section(&exports)
        .section(&code);
    module.finish()
}

#[test]
fn v4_instrumentation_matches_reference_on_targeted_modules() {
    let mut stats = Sweep::default();
    let bulk_entries = [
        "fill_static",
        "fill_dynamic",
        "copy_static",
        "copy_dynamic",
        "init_static",
        "init_dynamic",
        "grow_static",
        "grow_dynamic",
        "table_grow_static",
        "table_grow_dynamic",
        "table_fill",
        "table_copy",
        "table_init",
        "sizes",
    ]
    .map(Entry::Export);
    for stack_limit in [2048, 96] {
        for (rules, engine) in engines(stack_limit) {
            let big = rules.limit(1_000_000);
            for count in [0i64, 1, 2, 3, 25, 26, 27, 1000, 5535, 65536, 131072, -1, -2] {
                let wasm = wat(&bulk_module(count));
                sweep(
                    &format!("bulk({count})"),
                    &wasm,
                    rules,
                    &engine,
                    &bulk_entries,
                    big,
                    5,
                    &mut stats,
                );
            }
            let entries = [
                "default_outermost",
                "default_function",
                "default_inner",
                "default_loop",
                "in_if",
            ]
            .map(Entry::Export);
            for sel in [0, 1, 2, 3, -1] {
                let wasm = wat(&br_table_module(sel));
                sweep(
                    &format!("br_table({sel})"),
                    &wasm,
                    rules,
                    &engine,
                    &entries,
                    big,
                    5,
                    &mut stats,
                );
            }
            let entries = ["recurse0", "recurse1", "recurse2", "recurse3"].map(Entry::Export);
            sweep(
                "locals",
                &locals_module(),
                rules,
                &engine,
                &entries,
                big,
                5,
                &mut stats,
            );
        }
    }
    println!("{stats:?}");
    assert!(stats.out_of_gas > 0 && stats.other_traps > 0 && stats.returned > 0);

    // Refused by both: a negative constant count, no function section.
    for (label, text) in [
        (
            "negative count",
            "(module (memory 1) (func i32.const 0 i32.const 0 i32.const -1 memory.fill))",
        ),
        ("no functions", "(module (memory 1))"),
        (
            "ref.func",
            "(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))",
        ),
    ] {
        let wasm = wat(text);
        for (rules, engine) in engines(2048) {
            assert!(
                engine.prepare_uncached(&wasm).is_err(),
                "{label}: we accept it"
            );
            assert!(
                reference_module(&engine, &wasm, rules).is_err(),
                "{label}: the reference accepts it"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The builtin actors v10 (nv18).

/// The environment variable naming the directory of bundle CARs.
const BUNDLES_ENV: &str = "FVMI_BUNDLES";

/// The `(manifest name, wasm)` pairs of the bundle CAR `file`, in manifest order; `None` (with
/// a "skipped" line) if the file is absent and `FVMI_BUNDLES` was not set.
fn bundle_modules(file: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let (dir, explicit) = match std::env::var_os(BUNDLES_ENV) {
        Some(dir) => (PathBuf::from(dir), true),
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
            false,
        ),
    };
    let path = dir.join(file);
    if !path.is_file() {
        assert!(
            !explicit,
            "{BUNDLES_ENV} is set to {} but it holds no {file}",
            dir.display()
        );
        println!(
            "skipped: bundle {} not found (set {BUNDLES_ENV} to the directory holding {file})",
            path.display()
        );
        return None;
    }
    let store = MemoryBlockstore::new();
    let reader = BufReader::new(
        File::open(&path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display())),
    );
    let bundle = fvmi_state::load_bundle(&store, reader)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()));
    let modules = bundle
        .manifest
        .entries()
        .iter()
        .map(|(name, code)| match store.get(code) {
            Ok(Some(wasm)) => (name.clone(), wasm),
            other => panic!("{file}: no wasm for {name} ({code}): {other:?}"),
        })
        .collect();
    Some(modules)
}

#[test]
fn v10_bundle_matches_reference_under_nv18() {
    let file = "builtin-actors-v10-mainnet.car";
    let Some(modules) = bundle_modules(file) else {
        return;
    };
    assert_eq!(modules.len(), 16, "the v10 manifest has 16 actors");
    let engines = engines(2048);
    let mut stats = Stats::default();
    let mut swept = Sweep::default();
    for (name, wasm) in &modules {
        let label = format!("v10/{name}");
        assert!(
            check_module(&label, wasm, &engines, &mut stats),
            "{label} is refused"
        );
        // Every function of the table (that is, every thunk), under the nv18 prices.
        let (rules, engine) = &engines[0];
        let size = Side::new(
            engine,
            engine
                .prepare_uncached(wasm)
                .expect("accepted")
                .wasmi_module(),
            false,
        )
        .expect("instantiates")
        .table_len();
        let entries: Vec<Entry<'_>> = (0..size).map(Entry::Table).collect();
        sweep(
            &label,
            wasm,
            *rules,
            engine,
            &entries,
            rules.limit(200_000),
            2,
            &mut swept,
        );
        println!("{label}: ok ({size} table functions)");
    }
    println!("{stats:?}");
    println!("{swept:?}");
    assert!(swept.out_of_gas > 0 && swept.returned > 0);
}
