//! Decides which functions stay and where every function index moves.
//!
//! Unreachable functions (see `reach.rs`) go, imports included. A reachable wasm-bindgen import becomes a
//! defined function of the same type whose body traps. The new function index space is: the kept imports
//! (in their order), then the trapping functions (in the order of the imports they replace), then the kept
//! defined functions (in their order).

use super::reach::{self, Functions};
use super::PostprocessError;

/// Whether an import is an artefact of wasm-bindgen (`__wbindgen_placeholder__`,
/// `__wbindgen_externref_xform__`, ...) that must not survive post-processing.
pub fn is_wasm_bindgen_import(module: &str) -> bool {
    module.starts_with("__wbindgen")
}

/// Where the functions of a module go.
#[derive(Debug, Default)]
pub struct Plan {
    /// The new index of each function (by old index); `None` if it is dropped.
    map: Vec<Option<u32>>,
    /// Whether each function import (in declaration order) stays an import.
    pub keep_import: Vec<bool>,
    /// Whether each defined function (in declaration order) stays.
    pub keep_defined: Vec<bool>,
    /// The type index of each trapping function, in new function index order.
    pub trap_types: Vec<u32>,
    /// `module.name` of each import replaced by a trapping function, in declaration order.
    pub trapped: Vec<String>,
    /// How many functions (imports or defined) were dropped as unreachable.
    pub dropped: usize,
}

impl Plan {
    /// Analyses `wasm` and plans its rewrite.
    pub fn of(wasm: &[u8]) -> Result<Self, PostprocessError> {
        Self::from_functions(&reach::analyse(wasm)?)
    }

    fn from_functions(functions: &Functions) -> Result<Self, PostprocessError> {
        let import_count = functions.imports.len();
        let reachable = |index: usize| functions.reachable.get(index).copied().unwrap_or(false);
        let mut plan = Plan {
            map: vec![None; functions.reachable.len()],
            ..Plan::default()
        };
        let mut next = 0u32;
        let mut assign = |plan: &mut Plan, index: usize| -> Result<(), PostprocessError> {
            let slot = plan.map.get_mut(index).ok_or_else(|| out_of_range(index))?;
            *slot = Some(next);
            next = next.checked_add(1).ok_or_else(|| out_of_range(index))?;
            Ok(())
        };
        // Kept imports first, then the trapping replacements, then the defined functions.
        for (index, import) in functions.imports.iter().enumerate() {
            let keep = reachable(index) && !is_wasm_bindgen_import(&import.module);
            plan.keep_import.push(keep);
            if keep {
                assign(&mut plan, index)?;
            }
        }
        for (index, import) in functions.imports.iter().enumerate() {
            if reachable(index) && is_wasm_bindgen_import(&import.module) {
                assign(&mut plan, index)?;
                plan.trap_types.push(import.type_index);
                plan.trapped
                    .push(format!("{}.{}", import.module, import.name));
            }
        }
        for defined in 0..functions.defined_types.len() {
            let index = import_count + defined;
            let keep = reachable(index);
            plan.keep_defined.push(keep);
            if keep {
                assign(&mut plan, index)?;
            }
        }
        plan.dropped = plan.map.iter().filter(|slot| slot.is_none()).count();
        Ok(plan)
    }

    /// The new index of function `index`, or `None` if it is dropped (or does not exist).
    pub fn function_index(&self, index: u32) -> Option<u32> {
        let slot = usize::try_from(index).ok()?;
        self.map.get(slot).copied().flatten()
    }
}

fn out_of_range(index: usize) -> PostprocessError {
    PostprocessError::Invalid(format!("function index {index} out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(wat: &str) -> Plan {
        let wasm = wat::parse_str(wat).expect("test module parses");
        Plan::of(&wasm).expect("plan")
    }

    #[test]
    fn kept_imports_then_traps_then_defined_functions() {
        let plan = plan(
            r#"(module
                (type $a (func)) (type $b (func (param i32)))
                (import "__wbindgen_placeholder__" "__wbindgen_throw" (func $throw (type $b)))
                (import "vm" "abort" (func $abort (type $b)))
                (import "__wbindgen_placeholder__" "__wbindgen_describe" (func $describe (type $b)))
                (import "ipld" "block_open" (func $open (type $a)))
                (import "__wbindgen_externref_xform__" "grow" (func $grow (type $a)))
                (func $dead (type $a) i32.const 0 call $describe)
                (func $invoke (export "invoke") (type $a)
                    i32.const 1 call $throw i32.const 2 call $abort call $open call $grow))"#,
        );
        assert_eq!(plan.keep_import, [false, true, false, true, false]);
        assert_eq!(plan.keep_defined, [false, true]);
        assert_eq!(plan.trap_types, [1, 0]);
        assert_eq!(
            plan.trapped,
            [
                "__wbindgen_placeholder__.__wbindgen_throw",
                "__wbindgen_externref_xform__.grow"
            ]
        );
        assert_eq!(plan.dropped, 2);
        let moved: Vec<_> = (0..8).map(|index| plan.function_index(index)).collect();
        assert_eq!(
            moved,
            [
                Some(2),
                Some(0),
                None,
                Some(1),
                Some(3),
                None,
                Some(4),
                None
            ]
        );
    }

    #[test]
    fn a_module_without_dead_code_or_wasm_bindgen_is_unchanged() {
        let plan =
            plan(r#"(module (import "vm" "abort" (func $a)) (func (export "invoke") call $a))"#);
        assert_eq!(plan.function_index(0), Some(0));
        assert_eq!(plan.function_index(1), Some(1));
        assert_eq!(plan.dropped, 0);
        assert!(plan.trap_types.is_empty());
    }
}
