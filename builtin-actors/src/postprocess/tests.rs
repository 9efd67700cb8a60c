//! The whole pass on small hand-written modules, run in wasmi before and after.

use super::*;
use proptest::prelude::*;
use wasmparser::{Operator, Parser, Payload};

fn wasm(wat: &str) -> Vec<u8> {
    wat::parse_str(wat).expect("test module parses")
}

/// An engine that accepts everything the inputs use (sign-extension included).
fn engine() -> wasmi::Engine {
    wasmi::Engine::default()
}

/// Instantiates `wasm`, resolving every import (of any module) whose type is `[i32] -> []` or `[] -> []`
/// with a host function that fails with `host function called`.
fn instance(wasm: &[u8]) -> (wasmi::Store<()>, wasmi::Instance) {
    let engine = engine();
    let module = wasmi::Module::new(&engine, wasm).expect("module compiles");
    let mut store = wasmi::Store::new(&engine, ());
    let mut linker = wasmi::Linker::<()>::new(&engine);
    for import in module.imports() {
        let (module_name, name) = (import.module().to_owned(), import.name().to_owned());
        let ty = import.ty().func().expect("function import").clone();
        let host = wasmi::Func::new(&mut store, ty, |_, _, _| {
            Err(wasmi::Error::new("host function called"))
        });
        linker
            .define(&module_name, &name, host)
            .expect("define import");
    }
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .expect("instantiates");
    (store, instance)
}

fn call_i32(wasm: &[u8], export: &str, arg: i32) -> Result<i32, String> {
    let (mut store, instance) = instance(wasm);
    let func = instance
        .get_typed_func::<i32, i32>(&store, export)
        .expect("typed export");
    func.call(&mut store, arg)
        .map_err(|error| error.to_string())
}

fn call_i64(wasm: &[u8], export: &str, arg: i64) -> i64 {
    let (mut store, instance) = instance(wasm);
    let func = instance
        .get_typed_func::<i64, i64>(&store, export)
        .expect("typed export");
    func.call(&mut store, arg).expect("no trap")
}

fn sign_ext_count(wasm: &[u8]) -> usize {
    let mut count = 0;
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CodeSectionEntry(body) = payload.expect("payload") {
            let mut reader = body.get_operators_reader().expect("operators");
            while !reader.eof() {
                let operator = reader.read().expect("operator");
                count += usize::from(sign_ext::lower(&operator).is_some());
                assert!(
                    !matches!(operator, Operator::I32TruncSatF32S),
                    "unexpected operator"
                );
            }
        }
    }
    count
}

fn exports(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(section) = payload.expect("payload") {
            names.extend(
                section
                    .into_iter()
                    .map(|export| export.expect("export").name.to_owned()),
            );
        }
    }
    names
}

/// `invoke` uses all five sign-extension operators; the other exports are dropped as unreachable.
const SIGN_EXT: &str = r#"(module
    (memory (export "memory") 1)
    (func (export "invoke") (param i32) (result i32)
        local.get 0 i32.extend8_s
        local.get 0 i32.extend16_s
        i32.add
        local.get 0 i64.extend_i32_u i64.extend8_s
        local.get 0 i64.extend_i32_u i64.extend16_s
        i64.add
        local.get 0 i64.extend_i32_u i64.extend32_s
        i64.add
        i32.wrap_i64
        i32.add)
    (func (export "unused8") (param i32) (result i32) local.get 0 i32.extend8_s)
    (func (export "unused16") (param i64) (result i64) local.get 0 i64.extend16_s))"#;

/// The sign-extension module with every function exported under a kept name, one at a time.
fn sign_ext_module(param: &str, op: &str) -> Vec<u8> {
    wasm(&format!(
        r#"(module (func (export "invoke") (param {param}) (result {param}) local.get 0 {op}))"#
    ))
}

proptest! {
    #[test]
    fn lowered_i32_sign_extension_computes_the_same(value: i32) {
        for op in ["i32.extend8_s", "i32.extend16_s"] {
            let original = sign_ext_module("i32", op);
            let (lowered, report) = postprocess(&original).expect("post-processes");
            prop_assert_eq!(report.sign_ext_lowered, 1);
            prop_assert_eq!(call_i32(&lowered, "invoke", value), call_i32(&original, "invoke", value));
        }
    }

    #[test]
    fn lowered_i64_sign_extension_computes_the_same(value: i64) {
        for op in ["i64.extend8_s", "i64.extend16_s", "i64.extend32_s"] {
            let original = sign_ext_module("i64", op);
            let (lowered, _) = postprocess(&original).expect("post-processes");
            prop_assert_eq!(call_i64(&lowered, "invoke", value), call_i64(&original, "invoke", value));
        }
    }
}

#[test]
fn sign_extension_is_gone_and_the_result_validates() {
    let original = wasm(SIGN_EXT);
    assert_eq!(sign_ext_count(&original), 7);
    assert!(validate_nv15(&original).is_err());
    let (lowered, report) = postprocess(&original).expect("post-processes");
    assert_eq!(report.sign_ext_lowered, 5);
    assert_eq!(sign_ext_count(&lowered), 0);
    // Only the kept exports remain; the other functions were unreachable.
    assert_eq!(exports(&lowered), ["memory", "invoke"]);
    assert_eq!(report.dropped_functions, 2);
    for value in [0, 0x80, 0x7fff_ff80, -1, i32::MIN, 0x1234_8765] {
        assert_eq!(
            call_i32(&lowered, "invoke", value),
            call_i32(&original, "invoke", value)
        );
    }
}

/// Imports of every kind in a mixed order, a table reaching functions defined after them, a name section.
const WASM_BINDGEN: &str = r#"(module
    (type $unit (func))
    (type $take (func (param i32 i32)))
    (import "__wbindgen_placeholder__" "__wbindgen_describe" (func $describe (param i32)))
    (import "vm" "abort" (func $abort (param i32 i32 i32)))
    (import "__wbindgen_placeholder__" "__wbindgen_throw" (func $throw (type $take)))
    (import "__wbindgen_externref_xform__" "__wbindgen_externref_table_grow" (func $grow (param i32) (result i32)))
    (import "debug" "enabled" (func $enabled (result i32)))
    (table (export "__indirect_function_table") 2 funcref)
    (memory (export "memory") 1)
    (elem (i32.const 0) $forty_two $fail)
    (func $forty_two (result i32) i32.const 42)
    (func $fail (result i32)
        i32.const 1 i32.const 2 call $throw
        i32.const 0 i32.const 0 i32.const 0 call $abort
        i32.const 0)
    (func $describe_it (export "__wbindgen_describe_x") i32.const 7 call $describe)
    (func $dead (result i32) i32.const 1 call $grow)
    (func $invoke (export "invoke") (param i32) (result i32)
        local.get 0
        call_indirect (result i32)))"#;

#[test]
fn wasm_bindgen_imports_go_and_a_reachable_one_traps() {
    let original = wasm(WASM_BINDGEN);
    let (output, report) = postprocess(&original).expect("post-processes");
    assert_eq!(
        report.replaced_imports,
        ["__wbindgen_placeholder__.__wbindgen_throw"]
    );
    // $describe, $grow, $enabled, $describe_it and $dead.
    assert_eq!(report.dropped_functions, 5);
    assert_eq!(
        imports(&output).expect("imports"),
        [("vm".to_owned(), "abort".to_owned())]
    );
    assert_eq!(
        exports(&output),
        ["__indirect_function_table", "memory", "invoke"]
    );
    // The table still reaches the right functions after the renumbering.
    assert_eq!(call_i32(&output, "invoke", 0), Ok(42));
    let trapped = call_i32(&output, "invoke", 1).expect_err("the replaced import traps");
    assert!(trapped.contains("unreachable"), "{trapped}");
    // The original called the host instead.
    let called = call_i32(&original, "invoke", 1).expect_err("host function fails");
    assert!(called.contains("host function called"), "{called}");
}

#[test]
fn function_names_follow_their_functions() {
    let original = wasm(WASM_BINDGEN);
    let (output, _) = postprocess(&original).expect("post-processes");
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(&output) {
        if let Payload::CustomSection(section) = payload.expect("payload") {
            if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                for subsection in reader {
                    if let wasmparser::Name::Function(map) = subsection.expect("subsection") {
                        for naming in map {
                            let naming = naming.expect("naming");
                            names.push((naming.index, naming.name.to_owned()));
                        }
                    }
                }
            }
        }
    }
    let expected = [
        (0, "abort"),
        (1, "throw"),
        (2, "forty_two"),
        (3, "fail"),
        (4, "invoke"),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(index, name)| (index, name.to_owned()))
        .collect();
    assert_eq!(names, expected);
}

#[test]
fn a_module_whose_only_function_is_a_replaced_import_gains_function_and_code_sections() {
    let original = wasm(
        r#"(module (import "__wbindgen_placeholder__" "__wbindgen_throw" (func $throw (param i32) (result i32)))
            (export "invoke" (func $throw)))"#,
    );
    let (output, report) = postprocess(&original).expect("post-processes");
    assert_eq!(report.replaced_imports.len(), 1);
    assert!(imports(&output).expect("imports").is_empty());
    let trapped = call_i32(&output, "invoke", 0).expect_err("traps");
    assert!(trapped.contains("unreachable"), "{trapped}");
}

#[test]
fn post_processing_is_idempotent() {
    let (once, _) = postprocess(&wasm(WASM_BINDGEN)).expect("post-processes");
    let (twice, report) = postprocess(&once).expect("post-processes again");
    assert_eq!(once, twice);
    assert_eq!(report, PostprocessReport::default());
}

#[test]
fn rejected_inputs() {
    assert!(matches!(
        postprocess(b"\0asm\x01\0\0\0\x01"),
        Err(PostprocessError::Malformed(_))
    ));
    let table = wasm(r#"(module (import "__wbindgen_externref_xform__" "t" (table 1 externref)))"#);
    assert!(matches!(
        postprocess(&table),
        Err(PostprocessError::NonFunctionImport { .. })
    ));
    let foreign = wasm(r#"(module (import "env" "f" (func $f)) (func (export "invoke") call $f))"#);
    assert!(matches!(
        postprocess(&foreign),
        Err(PostprocessError::ForeignImport { .. })
    ));
    let saturating = wasm(
        r#"(module (func (export "invoke") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s))"#,
    );
    assert!(matches!(
        postprocess(&saturating),
        Err(PostprocessError::Invalid(_))
    ));
    let multi_value =
        wasm(r#"(module (func (export "invoke") (result i32 i32) i32.const 1 i32.const 2))"#);
    assert!(matches!(
        postprocess(&multi_value),
        Err(PostprocessError::Invalid(_))
    ));
}
