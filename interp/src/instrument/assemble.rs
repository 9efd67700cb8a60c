//! Writing the instrumented module: the input's sections, extended with the thunks, the grow
//! helper, the two injected globals and their exports, in canonical section order.

use std::collections::BTreeMap;

use super::body::emit_store_and_check;
use super::module::{ElementMode, ParsedModule};
use super::{GAS_GLOBAL_EXPORT, STACK_HEIGHT_EXPORT};
use crate::encode::{op, section, sleb, uleb};

/// The new material to add to the input module.
pub(super) struct Parts<'a> {
    /// The code section payload so far (count, original bodies, thunks).
    pub(super) code: Vec<u8>,
    /// The type index of every thunk, in function index order.
    pub(super) thunk_types: Vec<u32>,
    /// Function index -> thunk index.
    pub(super) thunks: &'a BTreeMap<u32, u32>,
    /// The per-page cost, when a `memory.grow` helper is needed.
    pub(super) grow_cost: Option<u64>,
    pub(super) gas_global: u32,
    pub(super) height_global: u32,
}

impl Parts<'_> {
    /// The index that calls from outside the module (exports, table, start) must use.
    fn remap(&self, func: u32) -> u32 {
        self.thunks.get(&func).copied().unwrap_or(func)
    }
}

/// Assembles the output binary.
pub(super) fn assemble(wasm: &[u8], m: &ParsedModule<'_>, mut p: Parts<'_>) -> Vec<u8> {
    // Types: the grow helper's (i32) -> i32 is appended when needed.
    let mut types = Vec::new();
    let grow_type = m.types.0;
    uleb(
        &mut types,
        u64::from(m.types.0) + u64::from(p.grow_cost.is_some()),
    );
    types.extend_from_slice(m.types.1);
    if let Some(cost) = p.grow_cost {
        types.extend_from_slice(&[0x60, 1, 0x7f, 1, 0x7f]);
        let mut body = vec![0u8];
        body.extend_from_slice(&[op::LOCAL_GET, 0, op::GLOBAL_GET]);
        uleb(&mut body, p.gas_global.into());
        body.extend_from_slice(&[op::LOCAL_GET, 0, op::I64_EXTEND_I32_U, op::I64_CONST]);
        sleb(&mut body, cost as i64);
        body.extend_from_slice(&[op::I64_MUL, op::I64_SUB]);
        emit_store_and_check(&mut body, p.gas_global, None);
        body.extend_from_slice(&[op::MEMORY_GROW, 0, op::END]);
        uleb(&mut p.code, body.len() as u64);
        p.code.extend_from_slice(&body);
    }

    let mut functions = Vec::new();
    uleb(
        &mut functions,
        u64::from(m.functions.0) + p.thunk_types.len() as u64 + u64::from(p.grow_cost.is_some()),
    );
    functions.extend_from_slice(m.functions.1);
    for &ty in &p.thunk_types {
        uleb(&mut functions, ty.into());
    }
    if p.grow_cost.is_some() {
        uleb(&mut functions, grow_type.into());
    }

    let mut globals = Vec::new();
    uleb(&mut globals, u64::from(m.globals.0) + 2);
    globals.extend_from_slice(m.globals.1);
    globals.extend_from_slice(&[0x7f, 0x01, op::I32_CONST, 0, op::END]);
    globals.extend_from_slice(&[0x7e, 0x01, op::I64_CONST, 0, op::END]);

    let mut exports = Vec::new();
    uleb(&mut exports, m.exports.len() as u64 + 2);
    let mut put_export = |name: &str, kind: u8, index: u32| {
        uleb(&mut exports, name.len() as u64);
        exports.extend_from_slice(name.as_bytes());
        exports.push(kind);
        uleb(&mut exports, index.into());
    };
    for e in &m.exports {
        let index = if e.kind == 0 {
            p.remap(e.index)
        } else {
            e.index
        };
        put_export(&e.name, e.kind, index);
    }
    put_export(GAS_GLOBAL_EXPORT, 3, p.gas_global);
    put_export(STACK_HEIGHT_EXPORT, 3, p.height_global);

    let mut out = Vec::with_capacity(wasm.len() + p.code.len() / 2);
    out.extend_from_slice(b"\0asm\x01\0\0\0");
    section(&mut out, 1, &types);
    if let Some(imports) = m.imports {
        section(&mut out, 2, imports);
    }
    section(&mut out, 3, &functions);
    if let Some(tables) = m.tables {
        section(&mut out, 4, tables);
    }
    if let Some(memories) = m.memories {
        section(&mut out, 5, memories);
    }
    section(&mut out, 6, &globals);
    section(&mut out, 7, &exports);
    if let Some(start) = m.start {
        let mut payload = Vec::new();
        uleb(&mut payload, p.remap(start).into());
        section(&mut out, 8, &payload);
    }
    if !m.elements.is_empty() {
        let mut payload = Vec::new();
        uleb(&mut payload, m.elements.len() as u64);
        for e in &m.elements {
            if let Some(bytes) = e.verbatim.clone().and_then(|r| wasm.get(r)) {
                payload.extend_from_slice(bytes);
                continue;
            }
            // Flags 0 (active, table 0), 2 (active, explicit table), 1 (passive) and 3
            // (declared), all with function indices; 2, 1 and 3 name the element kind funcref.
            match e.mode {
                ElementMode::Active { table, offset } => {
                    match table {
                        None => payload.push(0x00),
                        Some(t) => {
                            payload.push(0x02);
                            uleb(&mut payload, t.into());
                        }
                    }
                    payload.push(op::I32_CONST);
                    sleb(&mut payload, offset.into());
                    payload.push(op::END);
                    if table.is_some() {
                        payload.push(0x00);
                    }
                }
                ElementMode::Passive => payload.extend_from_slice(&[0x01, 0x00]),
                ElementMode::Declared => payload.extend_from_slice(&[0x03, 0x00]),
            }
            uleb(&mut payload, e.funcs.len() as u64);
            for &f in &e.funcs {
                uleb(&mut payload, p.remap(f).into());
            }
        }
        section(&mut out, 9, &payload);
    }
    if let Some(count) = m.data_count {
        section(&mut out, 12, count);
    }
    section(&mut out, 10, &p.code);
    if let Some(data) = m.data {
        section(&mut out, 11, data);
    }
    out
}
