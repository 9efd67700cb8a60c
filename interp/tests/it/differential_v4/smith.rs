//! wasm-smith modules with the features nv18 accepts, both instrumenters, two rule sets and
//! two stack limits.

use super::*;

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
