//! Which functions of a module can ever run: a walk of the call graph from the kept exports, the start
//! function and every function placed in a table (reachable through `call_indirect`).

use super::PostprocessError;
use wasmparser::{ConstExpr, ElementItems, ExternalKind, Operator, Parser, Payload, TypeRef};

/// The exports that survive post-processing; every other export is dropped.
pub const KEPT_EXPORTS: [&str; 3] = ["invoke", "memory", "__indirect_function_table"];

/// A function import, as declared.
#[derive(Debug, Clone)]
pub struct FunctionImport {
    /// Import module.
    pub module: String,
    /// Import name.
    pub name: String,
    /// Its type index.
    pub type_index: u32,
}

/// What the plan needs to know about a module's functions.
#[derive(Debug, Default)]
pub struct Functions {
    /// The function imports, in function index order.
    pub imports: Vec<FunctionImport>,
    /// The type index of each defined function.
    pub defined_types: Vec<u32>,
    /// Whether each function (import or defined, by function index) can run.
    pub reachable: Vec<bool>,
}

/// Reads the functions of `wasm` and marks the reachable ones.
pub fn analyse(wasm: &[u8]) -> Result<Functions, PostprocessError> {
    let mut functions = Functions::default();
    let mut roots: Vec<u32> = Vec::new();
    // The functions each defined function refers to (`call`, `ref.func`), in code section order.
    let mut callees: Vec<Vec<u32>> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(section) => {
                for import in section.into_imports() {
                    let import = import?;
                    if let TypeRef::Func(type_index) = import.ty {
                        functions.imports.push(FunctionImport {
                            module: import.module.to_owned(),
                            name: import.name.to_owned(),
                            type_index,
                        });
                    }
                }
            }
            Payload::FunctionSection(section) => {
                for type_index in section {
                    functions.defined_types.push(type_index?);
                }
            }
            Payload::ExportSection(section) => {
                for export in section {
                    let export = export?;
                    if export.kind == ExternalKind::Func && KEPT_EXPORTS.contains(&export.name) {
                        roots.push(export.index);
                    }
                }
            }
            Payload::StartSection { func, .. } => roots.push(func),
            Payload::GlobalSection(section) => {
                for global in section {
                    referenced_by_const(&global?.init_expr, &mut roots)?;
                }
            }
            Payload::ElementSection(section) => {
                for element in section {
                    match element?.items {
                        ElementItems::Functions(indices) => {
                            for index in indices {
                                roots.push(index?);
                            }
                        }
                        ElementItems::Expressions(_, expressions) => {
                            for expression in expressions {
                                referenced_by_const(&expression?, &mut roots)?;
                            }
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut referenced = Vec::new();
                let mut reader = body.get_operators_reader()?;
                while !reader.eof() {
                    match reader.read()? {
                        Operator::Call { function_index }
                        | Operator::ReturnCall { function_index }
                        | Operator::RefFunc { function_index } => referenced.push(function_index),
                        _ => {}
                    }
                }
                callees.push(referenced);
            }
            _ => {}
        }
    }
    if callees.len() != functions.defined_types.len() {
        return Err(PostprocessError::Invalid(
            "function and code sections disagree".to_owned(),
        ));
    }
    functions.reachable = mark(functions.imports.len(), &callees, roots)?;
    Ok(functions)
}

/// Adds the functions a constant expression refers to.
fn referenced_by_const(
    expression: &ConstExpr<'_>,
    into: &mut Vec<u32>,
) -> Result<(), PostprocessError> {
    let mut reader = expression.get_operators_reader();
    while !reader.eof() {
        if let Operator::RefFunc { function_index } = reader.read()? {
            into.push(function_index);
        }
    }
    Ok(())
}

/// Marks every function reachable from `roots`; function `i >= import_count` has the callees
/// `callees[i - import_count]`.
fn mark(
    import_count: usize,
    callees: &[Vec<u32>],
    mut pending: Vec<u32>,
) -> Result<Vec<bool>, PostprocessError> {
    let mut reachable = vec![false; import_count + callees.len()];
    while let Some(index) = pending.pop() {
        let slot = usize::try_from(index).ok();
        let Some(seen) = slot.and_then(|slot| reachable.get_mut(slot)) else {
            return Err(PostprocessError::Invalid(format!(
                "function index {index} out of range"
            )));
        };
        if *seen {
            continue;
        }
        *seen = true;
        let defined = slot.and_then(|slot| slot.checked_sub(import_count));
        if let Some(calls) = defined.and_then(|defined| callees.get(defined)) {
            pending.extend_from_slice(calls);
        }
    }
    Ok(reachable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_calls_tables_and_kept_exports_only() {
        let wasm = wat::parse_str(
            r#"(module
                (import "vm" "abort" (func $abort))
                (import "__wbindgen_placeholder__" "__wbindgen_describe" (func $describe))
                (table 1 funcref)
                (elem (i32.const 0) $in_table)
                (func $invoke (export "invoke") call $helper)
                (func $helper call $abort)
                (func $in_table)
                (func $dead call $describe)
                (func $describe_export (export "__wbindgen_describe_x") call $describe))"#,
        )
        .expect("test module parses");
        let functions = analyse(&wasm).expect("analysis");
        assert_eq!(functions.imports.len(), 2);
        assert_eq!(
            functions.reachable,
            [true, false, true, true, true, false, false]
        );
    }

    #[test]
    fn out_of_range_roots_are_errors() {
        assert!(mark(1, &[vec![]], vec![5]).is_err());
        assert_eq!(
            mark(1, &[vec![0]], vec![1]).expect("in range"),
            [true, true]
        );
    }
}
