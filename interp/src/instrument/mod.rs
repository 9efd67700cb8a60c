//! Gas metering and stack-height limiting, injected into a module the same way the reference
//! (fvm-wasm-instrument 0.2.0 as applied by ref-fvm v2, or 0.4.0 as applied by ref-fvm v3)
//! does it, so that gas use and the point of every out-of-gas or stack-overflow trap match.
//!
//! The output differs from the reference's only where that cannot be observed: the gas global
//! is defined in the module and exported (instead of imported), the gas check is inlined
//! (instead of a call to a helper function), and custom sections are dropped.

mod assemble;
mod body;
mod inline;
mod metering;
mod module;
mod ops;
mod stack_height;

use std::collections::BTreeMap;

use thiserror::Error;

use crate::encode::uleb;
use crate::rules::{GasRules, MemoryGrowCost};
use body::{emit, limited_call, EmitTargets, Locals};
use ops::{Injected, Instr, Kind};
use stack_height::Arities;

/// The reference instrumentation whose accounting is reproduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Instrumenter {
    /// fvm-wasm-instrument 0.2.0 on parity-wasm 0.42, as ref-fvm v2 applies it (nv15 to
    /// nv17): MVP + bulk memory, frame cost = declared locals + operand height, `memory.grow`
    /// optionally charged per page by a helper ([`GasRules::memory_grow_cost`]), parity-wasm's
    /// reading quirks.
    V0_2,
    /// fvm-wasm-instrument 0.4.0 on wasmparser, as ref-fvm v3 applies it (nv18 onward): adds
    /// sign-extension, saturating float-to-int and the `funcref` table instructions; frame
    /// cost = local declaration *groups* + operand height; bulk instructions priced linearly
    /// ([`GasRules::linear_cost`]); a `br_table`'s default label does not split metered
    /// blocks; thunks for functions of every function-list element segment.
    V0_4,
}

/// Export name of the injected mutable i64 global holding the remaining gas (the reference's
/// `GAS_COUNTER_NAME`, spelling included).
pub const GAS_GLOBAL_EXPORT: &str = "gas_couner";
/// Export name of the injected mutable i32 global holding the current stack height.
pub const STACK_HEIGHT_EXPORT: &str = "fvmi_stack_height";

/// Why a module cannot be instrumented (and so is rejected at load).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InstrumentError {
    /// The module could not be read.
    #[error("cannot read module: {0}")]
    Parse(String),
    /// The module uses something the reference's instrumentation refuses.
    #[error("unsupported by the instrumentation: {0}")]
    Unsupported(&'static str),
    /// The module is inconsistent (it should have failed validation).
    #[error("malformed module: {0}")]
    Malformed(&'static str),
    /// The stack-height analysis refused a function body (as the reference does).
    #[error("stack height analysis failed: {0}")]
    StackAnalysis(&'static str),
    /// Gas metering refused a function body (as the reference does).
    #[error("gas metering failed")]
    Metering,
    /// The gas rules priced no cost for an instruction.
    #[error("an instruction has no price")]
    InstructionNotPriced,
    /// The module already exports a name the instrumentation needs.
    #[error("module exports the reserved name {0:?}")]
    ReservedExportName(String),
}

/// Instruments a module that has already passed validation the way fvm-wasm-instrument 0.2.0
/// does ([`Instrumenter::V0_2`]): injects the stack-height limiter with `stack_limit`, then
/// gas metering priced by `rules`.
pub fn instrument(
    wasm: &[u8],
    rules: &dyn GasRules,
    stack_limit: u32,
) -> Result<Vec<u8>, InstrumentError> {
    instrument_with(Instrumenter::V0_2, wasm, rules, stack_limit)
}

/// Instruments a module that has already passed validation (with
/// [`Instrumenter::wasm_features`]) as `instrumenter` does: injects the stack-height limiter
/// with `stack_limit`, then gas metering priced by `rules`.
pub fn instrument_with(
    instrumenter: Instrumenter,
    wasm: &[u8],
    rules: &dyn GasRules,
    stack_limit: u32,
) -> Result<Vec<u8>, InstrumentError> {
    let v4 = instrumenter == Instrumenter::V0_4;
    let m = module::parse(wasm, instrumenter)?;
    for e in &m.exports {
        if e.name == GAS_GLOBAL_EXPORT || e.name == STACK_HEIGHT_EXPORT {
            return Err(InstrumentError::ReservedExportName(e.name.clone()));
        }
    }
    let arities = Arities {
        func_types: &m.func_types,
        types: &m.type_arities,
    };
    let height_global = m.globals.0;
    let gas_global = height_global
        .checked_add(1)
        .ok_or(InstrumentError::Malformed("too many globals"))?;

    // First pass: read every body for its frame cost (imports cost nothing), whether it calls
    // anything and whether it grows memory. The instructions are dropped after each body and
    // read again when emitting, so only one body's are held at a time (a big actor's would
    // take tens of MB all at once).
    let mut frame_costs = vec![0u32; m.imported_funcs as usize];
    let mut leaves = Vec::with_capacity(m.bodies.len());
    let mut uses_grow = false;
    // Small leaves, inlined into their callers (`inline`).
    let mut inlinable = BTreeMap::new();
    for (i, fb) in m.bodies.iter().enumerate() {
        let read = body::read(fb, rules, instrumenter)?;
        let func_index = m.imported_funcs as usize + i;
        let ty = m.func_types.get(func_index).copied();
        let results = ty
            .and_then(|t| m.type_arities.get(t as usize))
            .ok_or(InstrumentError::Malformed("function type"))?
            .1;
        let height = stack_height::max_height(&read.instrs, results, &arities)?;
        let locals = if v4 {
            read.local_groups
        } else {
            read.local_count
        };
        let cost = locals
            .checked_add(height)
            .ok_or(InstrumentError::StackAnalysis("frame cost overflow"))?;
        frame_costs.push(cost);
        // A defined function that calls nothing (its callers skip the height's raise and
        // restore).
        let leaf = !read
            .instrs
            .iter()
            .any(|i| matches!(i.kind, Kind::Call(_) | Kind::CallIndirect { .. }));
        leaves.push(leaf);
        uses_grow |= read.instrs.iter().any(|i| i.kind == Kind::MemoryGrow);
        if leaf {
            let sig = ty
                .and_then(|t| m.numeric_sigs.get(t as usize))
                .and_then(Option::as_ref);
            if let Some(callee) = inline::Inlinable::of(read, sig, wasm, instrumenter)? {
                inlinable.insert(func_index as u32, callee);
            }
        }
    }
    let cost_of = |f: u32| frame_costs.get(f as usize).copied();
    let is_leaf = |f: u32| {
        (f as usize)
            .checked_sub(m.imported_funcs as usize)
            .and_then(|i| leaves.get(i).copied())
            .unwrap_or(false)
    };
    // The stack limiter's accounting around a call of `callee` (which has a frame cost).
    let limit_call = |callee: u32, staged: &mut Vec<Instr>| {
        let cost = cost_of(callee).unwrap_or(0);
        let leaf = is_leaf(callee);
        limited_call(
            callee,
            cost,
            leaf,
            height_global,
            stack_limit,
            rules,
            staged,
        )
    };

    // Thunks for every exported, table-referenced or start function with a frame cost.
    let total_funcs =
        u32::try_from(frame_costs.len()).map_err(|_| InstrumentError::Malformed("functions"))?;
    let mut thunks: BTreeMap<u32, u32> = BTreeMap::new();
    let referenced = m
        .exports
        .iter()
        .filter(|e| e.kind == 0)
        .map(|e| e.index)
        .chain(m.elements.iter().flat_map(|e| e.funcs.iter().copied()))
        .chain(m.start);
    for f in referenced {
        let cost = cost_of(f).ok_or(InstrumentError::Malformed("function index"))?;
        if cost != 0 {
            thunks.insert(f, 0);
        }
    }
    for (rank, thunk) in thunks.values_mut().enumerate() {
        *thunk = total_funcs
            .checked_add(rank as u32)
            .ok_or(InstrumentError::Malformed("too many functions"))?;
    }
    let after_thunks = total_funcs + thunks.len() as u32;

    let grow_cost = match rules.memory_grow_cost() {
        MemoryGrowCost::Linear(c) if !v4 => Some(c.get()),
        _ => None,
    };
    let grow_func = grow_cost.filter(|_| uses_grow).map(|_| after_thunks);
    let targets = EmitTargets {
        gas_global,
        grow_func,
    };

    // Code: original bodies, thunks, then the grow helper.
    let mut code = Vec::new();
    let code_count = m.bodies.len() + thunks.len() + usize::from(grow_func.is_some());
    uleb(&mut code, code_count as u64);
    for (i, fb) in m.bodies.iter().enumerate() {
        let read = body::read(fb, rules, instrumenter)?;
        let func_index = m.imported_funcs as usize + i;
        let (params, _) = arities.of_func(func_index as u32)?;
        let own_locals = params
            .checked_add(read.local_count)
            .ok_or(InstrumentError::Malformed("too many locals"))?;
        let mut extra = inline::CallerLocals::new(own_locals);
        let mut sites = Vec::new();
        let mut staged = Vec::with_capacity(read.instrs.len());
        for instr in &read.instrs {
            match instr.kind {
                Kind::Call(callee) if cost_of(callee).unwrap_or(0) > 0 => {
                    let leaf_call = limit_call(callee, &mut staged)?;
                    let site = leaf_call.zip(inlinable.get(&callee));
                    if let Some((call_at, leaf)) = site {
                        if let Some(base) = extra.base(callee, leaf) {
                            sites.push(inline::Site {
                                call_at,
                                callee,
                                base,
                            });
                        }
                    }
                }
                _ => staged.push(instr.clone()),
            }
        }
        let is_start = m.start == Some(func_index as u32);
        // Charges as if nothing were inlined; `splice` moves them with their instructions.
        let charges = metering::charges(&staged, instrumenter, is_start)?;
        let (staged, charges) = if sites.is_empty() {
            (staged, charges)
        } else {
            inline::splice(staged, charges, &sites, &inlinable, wasm)?
        };
        let inlined_types = extra.types();
        let locals = Locals {
            declared: wasm
                .get(read.locals.clone())
                .ok_or(InstrumentError::Malformed("locals"))?,
            inlined: inlined_types,
            first_free: own_locals
                .checked_add(inlined_types.len() as u32)
                .ok_or(InstrumentError::Malformed("too many locals"))?,
            dynamic_temp: !charges.dynamic.is_empty(),
        };
        emit(wasm, locals, &staged, &charges, &targets, &mut code)?;
    }
    let mut thunk_types = Vec::with_capacity(thunks.len());
    for &callee in thunks.keys() {
        let ty = m
            .func_types
            .get(callee as usize)
            .copied()
            .ok_or(InstrumentError::Malformed("function type"))?;
        thunk_types.push(ty);
        let (params, _) = arities.of_func(callee)?;
        let mut staged = Vec::new();
        for p in 0..params {
            staged.push(Instr::injected(Injected::LocalGet(p), rules)?);
        }
        limit_call(callee, &mut staged)?;
        staged.push(Instr::injected(Injected::End, rules)?);
        let charges = metering::charges(&staged, instrumenter, m.start == Some(callee))?;
        let locals = Locals {
            declared: &[0],
            inlined: &[],
            first_free: params,
            dynamic_temp: false,
        };
        emit(wasm, locals, &staged, &charges, &targets, &mut code)?;
    }

    let grow = grow_func.and(grow_cost);
    let parts = assemble::Parts {
        code,
        thunk_types,
        thunks: &thunks,
        grow_cost: grow,
        gas_global,
        height_global,
    };
    Ok(assemble::assemble(wasm, &m, parts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::WasmPrices;

    fn wat(text: &str) -> Vec<u8> {
        match wat::parse_str(text) {
            Ok(b) => b,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn output_is_valid_and_exports_the_globals() {
        let input = wat(r#"(module
            (import "env" "f" (func $f (param i32)))
            (table 2 funcref) (memory (export "memory") 1 4)
            (global $g (mut i32) (i32.const 3))
            (func $a (param i32) (result i32) local.get 0 call $b)
            (func $b (param i32) (result i32) (call $f (local.get 0)) (memory.grow (local.get 0)))
            (export "invoke" (func $a))
            (elem (i32.const 0) $a $b)
            (start $start) (func $start)
            (data (i32.const 0) "x"))"#);
        for rules in [WasmPrices::NV15, WasmPrices::SKYR] {
            let out = match instrument(&input, &rules, 2048) {
                Ok(o) => o,
                Err(e) => panic!("{e}"),
            };
            let features = crate::features::wasm_features();
            let valid = wasmparser::Validator::new_with_features(features).validate_all(&out);
            assert!(valid.is_ok(), "{:?}", valid.err());
            let text = String::from_utf8_lossy(&out);
            assert!(text.contains(GAS_GLOBAL_EXPORT) && text.contains(STACK_HEIGHT_EXPORT));
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"\0asm",
            b"\0asm\x01\0\0\0\x0a\x05",
            b"\xff\xff\xff",
        ] {
            assert!(instrument(bytes, &WasmPrices::SKYR, 2048).is_err());
        }
    }
}
