//! Module preparation on wasm-smith modules (valid wasm of each engine's feature set); those
//! that prepare are instantiated and every exported function called with zero arguments under a small gas
//! budget: each call returns or traps (out of gas, stack overflow, a wasm trap), never panics or
//! hangs. The first input byte picks the engine; calls run only where instructions cost gas
//! (nv16, nv18), since nv15's free instructions would not bound a loop.
#![no_main]

use fvmi_interp::wasmi::{Linker, StoreLimits, StoreLimitsBuilder, Val};
use fvmi_interp::{Engine, EngineConfig, GAS_GLOBAL_EXPORT};
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

/// Gas given to each exported call.
const GAS: i64 = 200_000;

/// The most linear memory one instance of the harness may hold.
const MAX_MEMORY_BYTES: usize = 64 << 20;

fn config(v4: bool) -> wasm_smith::Config {
    use wasm_smith::{InstructionKind as K, InstructionKinds};
    wasm_smith::Config {
        bulk_memory_enabled: true,
        reference_types_enabled: false,
        multi_value_enabled: false,
        saturating_float_to_int_enabled: v4,
        sign_extension_ops_enabled: v4,
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
        allowed_instructions: InstructionKinds::new(&[
            K::Numeric,
            K::Parametric,
            K::Variable,
            K::Memory,
            K::Control,
        ]),
        max_tags: 0,
        max_memories: 1,
        max_tables: 1,
        max_memory32_bytes: 16 * 65536,
        max_table_elements: 1000,
        max_funcs: 20,
        max_imports: 0,
        max_exports: 20,
        max_instructions: 1000,
        export_everything: true,
        allow_start_export: false,
        ..wasm_smith::Config::default()
    }
}

fuzz_target!(|data: &[u8]| {
    let [pick, rest @ ..] = data else { return };
    let (engine_config, runs) = match pick % 3 {
        0 => (EngineConfig::NV15, false),
        1 => (EngineConfig::NV16, true),
        _ => (EngineConfig::NV18, true),
    };
    let v4 = engine_config.instrumenter == EngineConfig::NV18.instrumenter;
    let mut u = Unstructured::new(rest);
    let Ok(module) = wasm_smith::Module::new(config(v4), &mut u) else {
        return;
    };
    let wasm = module.to_bytes();
    let engine = Engine::new(engine_config);
    // Valid modules may still be refused: nv18's memory and table limits, and shapes the
    // instrumentation does not support (as the reference's), e.g. passive element segments.
    let Ok(prepared) = engine.prepare_uncached(&wasm) else {
        return;
    };
    if !runs {
        return;
    }
    // The harness bounds memory growth (nv16 engines set no memory limit of their own): an
    // exported function may grow its memory as far as its gas allows.
    let limits = StoreLimitsBuilder::new()
        .memory_size(MAX_MEMORY_BYTES)
        .build();
    let mut store = engine.new_store(limits);
    store.limiter(|limits| limits);
    let linker = Linker::<StoreLimits>::new(engine.wasmi_engine());
    let Ok(instance) = linker.instantiate_and_start(&mut store, prepared.wasmi_module()) else {
        return;
    };
    let gas = instance
        .get_global(&store, GAS_GLOBAL_EXPORT)
        .expect("instrumented modules export the gas global");
    let funcs: Vec<_> = instance
        .exports(&store)
        .filter_map(|export| export.into_func())
        .collect();
    for func in funcs {
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
        gas.set(&mut store, Val::I64(GAS))
            .expect("the gas global is a mutable i64");
        let _ = func.call(&mut store, &params, &mut results);
    }
});
