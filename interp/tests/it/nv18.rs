//! The nv18 engine configuration: exact charges of the bulk instructions, the feature set and
//! the load-time memory and table limits.

use fvmi_interp::wasmi::Linker;
use fvmi_interp::{
    Engine, EngineConfig, EngineLimits, ExecError, Instrumenter, LoadError, WasmPrices,
};

#[derive(Debug)]
struct NoHost;

impl core::fmt::Display for NoHost {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("no host")
    }
}

impl fvmi_interp::wasmi::errors::HostError for NoHost {}

fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap_or_else(|e| panic!("bad test module: {e}"))
}

/// `invoke(param)` of a module with a 1..`max_pages` memory and `body`; returns the result and
/// the gas used (milligas).
fn run(engine: &Engine, max_pages: u32, body: &str, param: u32) -> (Result<u32, String>, i64) {
    let code = wasm(&format!(
        r#"(module (memory (export "memory") 1 {max_pages})
             (func (export "invoke") (param i32) (result i32) {body}))"#
    ));
    let module = engine
        .prepare(&code, &code)
        .unwrap_or_else(|e| panic!("prepare failed: {e}"));
    let mut store = engine.new_store(());
    let linker = Linker::new(engine.wasmi_engine());
    let instance = engine
        .instantiate(&mut store, &linker, &module)
        .unwrap_or_else(|e| panic!("instantiate failed: {e}"));
    let limit = 1_000_000_000_000;
    instance
        .set_gas_remaining(&mut store, limit)
        .expect("the gas global is settable");
    let result = instance
        .invoke::<_, NoHost>(&mut store, param)
        .map_err(|e: ExecError<NoHost>| e.to_string());
    (result, limit - instance.gas_remaining(&store))
}

/// The exported `invoke(i32)` thunk: 14 priced instructions.
const THUNK: i64 = 14 * 4000;

#[test]
fn nv18_configuration() {
    let c = EngineConfig::NV18;
    assert_eq!(c.max_wasm_stack, 2048);
    assert_eq!(c.instrumenter, Instrumenter::V0_4);
    assert_eq!(c.wasm_prices, WasmPrices::HYGGE);
    assert_eq!(c.limits, EngineLimits::V3);
    assert_eq!(c.limits.max_instance_memory_bytes, Some(512 * 1024 * 1024));
    assert_eq!(
        c.limits.max_call_stack_memory_bytes,
        Some(2 * 1024 * 1024 * 1024)
    );
    assert_eq!(c.limits.max_table_elements, Some(20_000));
    let linear = c.wasm_prices.linear.expect("linear prices");
    assert_eq!(linear.memory_copy_per_byte_milligas, 400);
    assert_eq!(linear.memory_fill_per_byte_milligas, 400);
    assert_eq!(linear.memory_grow_per_page_milligas, 26_214_400);
    assert_eq!(linear.table_copy_per_element_milligas, 3_200);
    assert_eq!(linear.table_fill_per_element_milligas, 3_200);
    assert_eq!(EngineConfig::NV16.instrumenter, Instrumenter::V0_2);
    assert_eq!(EngineConfig::NV16.limits, EngineLimits::NONE);
}

#[test]
fn bulk_instructions_cost_per_byte_statically_or_at_run_time() {
    let engine = Engine::new(EngineConfig::NV18);
    // 4 gas for each of the five instructions, plus 0.4 gas per byte filled.
    let expected = THUNK + 5 * 4000 + 100 * 400;
    let static_count = "i32.const 0 i32.const 0 i32.const 100 memory.fill i32.const 0";
    assert_eq!(run(&engine, 1, static_count, 0), (Ok(0), expected));
    let dynamic_count = "i32.const 0 i32.const 0 local.get 0 memory.fill i32.const 0";
    assert_eq!(run(&engine, 1, dynamic_count, 100), (Ok(0), expected));
    // The run-time charge is taken before the instruction, so even when it traps (and the
    // block, as always, in full at its start).
    let (result, used) = run(&engine, 1, dynamic_count, 70_000);
    assert!(result.is_err(), "{result:?}");
    assert_eq!(used, expected + (70_000 - 100) * 400);
    // memory.copy likewise; nv16 charges the instruction only.
    let copy = "i32.const 0 i32.const 8 local.get 0 memory.copy i32.const 0";
    assert_eq!(
        run(&engine, 1, copy, 1000),
        (Ok(0), THUNK + 5 * 4000 + 1000 * 400)
    );
    let nv16 = Engine::new(EngineConfig::NV16);
    assert_eq!(run(&nv16, 1, copy, 1000).1, THUNK + 5 * 4000);
}

#[test]
fn memory_grow_costs_per_page_even_when_it_fails() {
    let engine = Engine::new(EngineConfig::NV18);
    let page = 26_214_400;
    // Beyond the declared maximum of 2 pages: -1, charged all the same.
    let grow = "local.get 0 memory.grow";
    assert_eq!(
        run(&engine, 2, grow, 5),
        (Ok(u32::MAX), THUNK + 2 * 4000 + 5 * page)
    );
    assert_eq!(run(&engine, 2, grow, 1), (Ok(1), THUNK + 2 * 4000 + page));
    let static_grow = "i32.const 3 memory.grow";
    assert_eq!(
        run(&engine, 2, static_grow, 0),
        (Ok(u32::MAX), THUNK + 2 * 4000 + 3 * page)
    );
}

#[test]
fn nv18_accepts_sign_extension_and_saturating_conversions_only() {
    let nv18 = Engine::new(EngineConfig::NV18);
    let nv16 = Engine::new(EngineConfig::NV16);
    let body = "local.get 0 i32.extend8_s f32.convert_i32_s i32.trunc_sat_f32_u";
    assert_eq!(run(&nv18, 1, body, 0xff), (Ok(0), THUNK + 4 * 4000));
    let code = wasm(&format!(
        r#"(module (func (export "invoke") (param i32) (result i32) {body}))"#
    ));
    assert!(matches!(
        nv16.prepare_uncached(&code),
        Err(LoadError::Invalid(_))
    ));
    for refused in [
        "(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))",
        "(module (func (drop (ref.is_null (ref.null func)))))",
        "(module (func (param funcref funcref) (drop (select (result funcref) (local.get 0) (local.get 1) (i32.const 1)))))",
        "(module (func (param externref)))",
        "(module (func (drop (i32.add (i32.const 1) (i32.const 2)))) (func (result v128) (v128.const i64x2 0 0)))",
    ] {
        assert!(nv18.prepare_uncached(&wasm(refused)).is_err(), "{refused}");
    }
}

#[test]
fn nv18_refuses_memories_and_tables_over_the_limits_at_load() {
    let nv18 = Engine::new(EngineConfig::NV18);
    let nv16 = Engine::new(EngineConfig::NV16);
    let module = |decls: &str| wasm(&format!("(module {decls} (func))"));
    for ok in [
        "(memory 8192)",
        "(memory 1 65536)",
        "(table 20000 funcref)",
        "(import \"env\" \"t\" (table 30000 funcref)) (table 1 funcref)",
    ] {
        assert!(nv18.prepare_uncached(&module(ok)).is_ok(), "{ok}");
    }
    for over in [
        "(memory 8193)",
        "(table 20001 funcref)",
        "(table 1 funcref) (table 1 funcref)",
    ] {
        let code = module(over);
        assert!(
            matches!(nv18.prepare_uncached(&code), Err(LoadError::Limits(_))),
            "{over}"
        );
        if !over.contains(") (table") {
            assert!(nv16.prepare_uncached(&code).is_ok(), "nv16 takes {over}");
        }
    }
}
