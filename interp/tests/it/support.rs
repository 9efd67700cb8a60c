//! Shared test helpers: the reference instrumentation, rule sets expressed for both
//! instrumenters, a deterministic PRNG and a generic runner for instrumented modules.

use fvm_wasm_instrument::gas_metering::{self, MemoryGrowCost as RefGrow, Rules};
use fvm_wasm_instrument::parity_wasm::elements::{self, Instruction};
use fvmi_interp::wasmi::{
    self, Extern, ExternType, Func, Global, Instance, Memory, Mutability, Store, Table, Val,
};
use fvmi_interp::wasmparser::Operator;
use fvmi_interp::{GasRules, MemoryGrowCost, STACK_HEIGHT_EXPORT};
use std::num::NonZeroU64;

/// splitmix64: a fixed-seed byte source for wasm-smith.
pub struct Prng(pub u64);

impl Prng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }
}

/// The two rule sets the differential test runs.
#[derive(Clone, Copy, Debug)]
pub enum RuleSet {
    /// Skyr: 4000 milligas per instruction, FIP-0032's free set at 0, memory growth free.
    Skyr,
    /// A cost derived from the opcode (1..=17; nop and end free) and 7 per grown page.
    Uneven,
    /// Everything free, as at nv15 (fvmi then inlines small leaf functions).
    Free,
}

/// Whether an opcode is in FIP-0032's zero-priced set.
fn fip32_free(key: (u8, u8)) -> bool {
    // nop, drop, block, loop, unreachable, return, else, end
    matches!(key.0, 0x01 | 0x1a | 0x02 | 0x03 | 0x00 | 0x0f | 0x05 | 0x0b)
}

fn uneven_cost(key: (u8, u8)) -> u64 {
    // Only nop and end are free (so `unreachable`, `block`, ... are priced too).
    if matches!(key.0, 0x01 | 0x0b) {
        return 0;
    }
    let k = u64::from(key.0) << 8 | u64::from(key.1);
    (k.wrapping_mul(2_654_435_761) >> 5) % 17 + 1
}

impl RuleSet {
    fn cost(self, key: (u8, u8)) -> u64 {
        match self {
            RuleSet::Skyr if fip32_free(key) => 0,
            RuleSet::Skyr => 4000,
            RuleSet::Uneven => uneven_cost(key),
            RuleSet::Free => 0,
        }
    }

    fn grow(self) -> Option<NonZeroU64> {
        match self {
            RuleSet::Skyr | RuleSet::Free => None,
            RuleSet::Uneven => NonZeroU64::new(7),
        }
    }

    /// A per-call gas limit of roughly `instructions` instructions.
    pub fn limit(self, instructions: i64) -> i64 {
        match self {
            RuleSet::Skyr => instructions * 4000,
            RuleSet::Uneven => instructions * 9,
            RuleSet::Free => instructions,
        }
    }
}

fn key_of(bytes: &[u8]) -> (u8, u8) {
    let first = bytes.first().copied().unwrap_or(0);
    let second = if first == 0xfc {
        bytes.get(1).copied().unwrap_or(0)
    } else {
        0
    };
    (first, second)
}

/// The rule set as the reference's `Rules` (priced by the parity instruction's opcode).
pub struct RefRules(pub RuleSet);

impl Rules for RefRules {
    fn instruction_cost(&self, instruction: &Instruction) -> Option<u64> {
        let bytes = elements::serialize(instruction.clone()).ok()?;
        Some(self.0.cost(key_of(&bytes)))
    }

    fn memory_grow_cost(&self) -> RefGrow {
        self.0.grow().map_or(RefGrow::Free, RefGrow::Linear)
    }
}

/// The rule set as our `GasRules` (priced by the operator's encoded opcode).
pub struct OurRules(pub RuleSet);

impl GasRules for OurRules {
    fn instruction_cost(&self, op: &Operator<'_>) -> Option<u64> {
        use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
        use wasm_encoder::Encode;
        let instr = RoundtripReencoder.instruction(op.clone()).ok()?;
        let mut bytes = Vec::new();
        instr.encode(&mut bytes);
        Some(self.0.cost(key_of(&bytes)))
    }

    fn memory_grow_cost(&self) -> MemoryGrowCost {
        self.0
            .grow()
            .map_or(MemoryGrowCost::Free, MemoryGrowCost::Linear)
    }
}

/// What ref-fvm v2.3 does to a module at load (after wasmtime validation): parse with
/// parity-wasm, inject the stack limiter, inject gas metering, fix the data count section.
pub fn reference_instrument(wasm: &[u8], rules: RuleSet, stack_limit: u32) -> Option<Vec<u8>> {
    let m = elements::deserialize_buffer(wasm).ok()?;
    let m = fvm_wasm_instrument::inject_stack_limiter(m, stack_limit).ok()?;
    let mut m = gas_metering::inject(m, &RefRules(rules), "gas").ok()?;
    // Export the stack limiter's global (the last defined global; the gas import shifted
    // defined globals by one) so the test can compare stack heights.
    let height = m.global_section().map(|g| g.entries().len() as u32)?;
    let entry = elements::ExportEntry::new(
        STACK_HEIGHT_EXPORT.to_owned(),
        elements::Internal::Global(height),
    );
    match m.export_section_mut() {
        Some(exports) => exports.entries_mut().push(entry),
        None => m
            .insert_section(elements::Section::Export(
                elements::ExportSection::with_entries(vec![entry]),
            ))
            .ok()?,
    }
    m.sections_mut()
        .retain(|s| !matches!(s, elements::Section::DataCount(_)));
    if let Some(count) = m.data_section().map(|d| d.entries().len()) {
        m.insert_section(elements::Section::DataCount(count as u32))
            .ok()?;
    }
    m.to_bytes().ok()
}

/// Host state of the generic runner: a trace of host calls, and the gas global every import
/// looks at first.
#[derive(Default)]
pub struct Trace {
    pub calls: Vec<(usize, Vec<u64>)>,
    pub gas: Option<Global>,
}

/// How a call that ended with a negative gas global is recorded, whatever else happened.
pub const OUT_OF_GAS: &str = "out of gas";

/// What every FVM syscall does before anything else: fail with out of gas when the gas global
/// is negative (our instrumentation checks the gas less often than the reference, so an import
/// can be reached after the gas ran out; the FVM stops the call there).
pub fn import_entry(caller: &wasmi::Caller<'_, Trace>) -> Result<(), wasmi::Error> {
    let negative = caller
        .data()
        .gas
        .is_some_and(|g| g.get(caller).i64().is_some_and(|v| v < 0));
    if negative {
        return Err(wasmi::Error::new(OUT_OF_GAS));
    }
    Ok(())
}

/// A call as the FVM sees it: when it ends with a negative gas global, it fails with out of
/// gas and all its gas used, and its instance is dropped, so how it ended (trap or return),
/// how negative the gas got and the stack height are not observable. After any other trap the
/// instance is dropped too, so the stack height it left is not observable either (calls of
/// functions that call nothing do not raise it: see the interp README). Returns whether the
/// call ran out of gas.
pub fn as_fvm_sees(
    result: &mut Result<Vec<u64>, String>,
    gas_left: &mut i64,
    height: &mut i32,
) -> bool {
    if result.is_err() {
        *height = 0;
    }
    if *gas_left >= 0 {
        return false;
    }
    *result = Err(OUT_OF_GAS.to_owned());
    *gas_left = -1;
    *height = 0;
    true
}

/// Lets the imports of `instance` see its gas global: the reference's imported one (set
/// before instantiation) or our exported one.
pub fn attach_gas(store: &mut Store<Trace>, instance: &Instance) {
    if store.data().gas.is_none() {
        let gas = instance.get_global(&*store, fvmi_interp::GAS_GLOBAL_EXPORT);
        store.data_mut().gas = gas;
    }
}

fn bits(v: &Val) -> u64 {
    match v {
        Val::I32(x) => *x as u32 as u64,
        Val::I64(x) => *x as u64,
        Val::F32(x) => u64::from(x.to_bits()),
        Val::F64(x) => x.to_bits(),
        _ => u64::MAX,
    }
}

fn zero(ty: &wasmi::ValType) -> Val {
    Val::default_for_ty(*ty)
}

/// Instantiates `module` defining every import generically: functions record their
/// arguments in the trace and return zeros; memories and tables are created to fit; the
/// reference's `gas.gas_couner` import gets `gas` when given.
pub fn instantiate_generic(
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
                        *slot = zero(t);
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
                ("gas", "gas_couner", Some(g)) => g.into(),
                _ => return Err("global import".into()),
            },
        };
        externs.push(ext);
    }
    store.data_mut().gas = gas;
    let instance = Instance::new(&mut *store, module, &externs).map_err(|e| {
        e.as_trap_code()
            .map_or_else(|| without_store_ids(&e.to_string()), |c| format!("{c:?}"))
    })?;
    attach_gas(store, &instance);
    Ok(instance)
}

/// A fresh i64 gas global for the reference's import.
pub fn gas_global(store: &mut Store<Trace>) -> Global {
    Global::new(&mut *store, Val::I64(0), Mutability::Var)
}

/// An error message without the store ids wasmi prints (they differ between stores).
fn without_store_ids(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("StoreId(") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find(')').map_or("", |close| &rest[close + 1..]);
    }
    out.push_str(rest);
    out
}

/// The environment variable naming the directory of bundle CARs.
const BUNDLES_ENV: &str = "FVMI_BUNDLES";

/// The `(manifest name, wasm)` pairs of the bundle CAR `file`, in manifest order; `None` (with
/// a "skipped" line) if the file is absent and `FVMI_BUNDLES` was not set explicitly.
pub fn bundle_modules(file: &str) -> Option<Vec<(String, Vec<u8>)>> {
    use fvmi_ipld::Blockstore;
    let (dir, explicit) = match std::env::var_os(BUNDLES_ENV) {
        Some(dir) => (std::path::PathBuf::from(dir), true),
        None => (
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/bundles"),
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
    let store = fvmi_ipld::MemoryBlockstore::new();
    let reader = std::io::BufReader::new(
        std::fs::File::open(&path)
            .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display())),
    );
    let bundle = fvmi_state::load_bundle(&store, reader)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", path.display()));
    let modules = bundle
        .manifest
        .entries()
        .iter()
        .map(|(name, code)| {
            let wasm = match store.get(code) {
                Ok(Some(wasm)) => wasm,
                other => panic!("{file}: no wasm for {name} ({code}): {other:?}"),
            };
            (name.clone(), wasm)
        })
        .collect();
    Some(modules)
}
