//! Hand-written modules aimed at what fvm-wasm-instrument 0.4.0 changed: bulk instructions,
//! `br_table` defaults, local declaration groups.

use super::*;

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
