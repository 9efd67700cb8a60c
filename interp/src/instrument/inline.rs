//! Inlining of small leaf functions into their callers, in modules where every instruction is
//! free (the nv15 prices: no gas metering, only the stack limiter).
//!
//! A call costs wasmi far more than the instructions around it (a frame pushed, its locals
//! zeroed, a return), and the builtin actors make many calls of small functions that call
//! nothing. Such a call is replaced by the callee's code, with nothing observable changed:
//!
//! - **The stack limiter** is untouched: the caller's check before a leaf call (the leaf's frame
//!   cost against the limit, see `HeightStep::LeafLimit`) stays in place and traps exactly where
//!   it did, and every frame cost is the reference's, computed on the original bodies. The leaf
//!   has no checks of its own (it calls nothing), so nothing inside it reads the height.
//! - **Gas** is not metered at all: inlining only happens when every instruction of the module
//!   and every instruction the inlined code adds is priced zero and memory growth is free, so no
//!   charge is emitted anywhere and moving code cannot move one.
//! - **The callee's semantics**: its arguments are moved from the operand stack into caller
//!   locals set aside for it, its declared locals are zeroed on every entry (as a call would),
//!   its body runs inside a `block` of its result type, its local indices are renumbered and
//!   `return` becomes a branch out of that block. Traps (division by zero, out-of-bounds access,
//!   `unreachable`) are the same instructions on the same values.
//! - **wasmi's own limits** only get further away: there are fewer frames, and a caller grows by
//!   at most [`MAX_EXTRA_LOCALS`] locals.
//!
//! Inlined leaves never nest (a leaf calls nothing), so one set of locals per callee serves every
//! inlined call of it in a caller.

use std::collections::BTreeMap;

use super::body::ReadBody;
use super::module::NumericSig;
use super::ops::{Injected, InlineOp, Instr, Kind, Source};
use super::InstrumentError;
use crate::encode::op;
use crate::rules::GasRules;

/// The largest callee inlined, in instructions (its final `end` included).
pub(crate) const MAX_INSTRS: usize = 64;
/// The most locals (parameters and declared) a callee inlined may have.
pub(crate) const MAX_LOCALS: usize = 16;
/// The most locals a caller gains for the callees inlined into it.
pub(crate) const MAX_EXTRA_LOCALS: u32 = 128;
/// No inlining into a caller whose own locals already reach this index.
const MAX_CALLER_LOCALS: u32 = 10_000;

/// A leaf function that may be inlined: its code and the types of its locals.
#[derive(Debug, Clone)]
pub(crate) struct Inlinable {
    /// Every instruction of the body, its final `end` included.
    body: Vec<Instr>,
    /// Value type bytes of the parameters.
    params: Vec<u8>,
    /// Value type bytes of the declared locals, one per local.
    locals: Vec<u8>,
    /// The block type byte of its results.
    block_type: u8,
}

impl Inlinable {
    /// The inlinable form of a leaf function's body, or `None` if it is too big, has a
    /// non-numeric type or local, or has an instruction that costs gas.
    pub(crate) fn of(read: ReadBody, sig: Option<&NumericSig>, wasm: &[u8]) -> Option<Inlinable> {
        let sig = sig?;
        if read.instrs.len() > MAX_INSTRS
            || read
                .instrs
                .iter()
                .any(|i| i.cost != 0 || i.per_unit.is_some() || is_call(&i.kind))
        {
            return None;
        }
        let locals = declared_types(wasm.get(read.locals.clone())?)?;
        if sig.params.len() + locals.len() > MAX_LOCALS {
            return None;
        }
        Some(Inlinable {
            body: read.instrs,
            params: sig.params.clone(),
            locals,
            block_type: sig.block_type,
        })
    }

    fn local_count(&self) -> u32 {
        // Both lengths are bounded by `MAX_LOCALS`.
        (self.params.len() + self.locals.len()) as u32
    }

    /// The code replacing a call of this function, with its locals from `base` on in the
    /// caller; `None` if an instruction of it would cost gas under `rules`.
    pub(crate) fn expand(
        &self,
        base: u32,
        rules: &dyn GasRules,
        wasm: &[u8],
    ) -> Result<Option<Vec<Instr>>, InstrumentError> {
        let inject = |op: InlineOp| Instr::injected(Injected::Inline(op), rules);
        let local = |index: u32| {
            base.checked_add(index)
                .ok_or(InstrumentError::Malformed("too many locals"))
        };
        let mut out = Vec::with_capacity(self.body.len() + 2 * self.locals.len() + 8);
        for p in (0..self.params.len() as u32).rev() {
            out.push(inject(InlineOp::LocalSet(local(p)?))?);
        }
        let first_declared = self.params.len() as u32;
        for (j, &ty) in self.locals.iter().enumerate() {
            out.push(inject(InlineOp::Zero(ty))?);
            out.push(inject(InlineOp::LocalSet(local(
                first_declared + j as u32,
            )?))?);
        }
        out.push(inject(InlineOp::Block(self.block_type))?);
        // Blocks open inside the callee; its final `end` closes the wrapping block.
        let mut depth = 0u32;
        for instr in &self.body {
            let rewritten = match (&instr.kind, &instr.source) {
                (Kind::Return, _) => Some(InlineOp::Br(depth)),
                (_, Source::Original(range)) => match local_access(wasm, range.clone())? {
                    Some((opcode, index)) => Some(match opcode {
                        op::LOCAL_GET => InlineOp::LocalGet(local(index)?),
                        op::LOCAL_SET => InlineOp::LocalSet(local(index)?),
                        _ => InlineOp::LocalTee(local(index)?),
                    }),
                    None => None,
                },
                _ => None,
            };
            match rewritten {
                Some(op) => out.push(inject(op)?),
                None => out.push(instr.clone()),
            }
            match instr.kind {
                Kind::Block { .. } | Kind::Loop { .. } | Kind::If { .. } => depth += 1,
                Kind::End => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if out.iter().any(|i| i.cost != 0 || i.per_unit.is_some()) {
            return Ok(None);
        }
        Ok(Some(out))
    }
}

fn is_call(kind: &Kind) -> bool {
    matches!(kind, Kind::Call(_) | Kind::CallIndirect { .. })
}

/// The value type of every declared local (one per local), from a body's locals declaration;
/// `None` if any is not numeric or there are more than [`MAX_LOCALS`].
fn declared_types(declaration: &[u8]) -> Option<Vec<u8>> {
    let mut reader = wasmparser::BinaryReader::new(declaration, 0);
    let groups = reader.read_var_u32().ok()?;
    let mut types = Vec::new();
    for _ in 0..groups {
        let count = reader.read_var_u32().ok()? as usize;
        let ty = reader.read_u8().ok()?;
        if !matches!(
            ty,
            op::VALTYPE_I32 | op::VALTYPE_I64 | op::VALTYPE_F32 | op::VALTYPE_F64
        ) || types.len() + count > MAX_LOCALS
        {
            return None;
        }
        types.extend(std::iter::repeat_n(ty, count));
    }
    Some(types)
}

/// The opcode and local index of a `local.get`/`local.set`/`local.tee` at `range`, or `None`
/// for any other instruction.
fn local_access(
    wasm: &[u8],
    range: core::ops::Range<usize>,
) -> Result<Option<(u8, u32)>, InstrumentError> {
    let bytes = wasm
        .get(range)
        .ok_or(InstrumentError::Malformed("instruction range"))?;
    match bytes.split_first() {
        Some((&opcode @ (op::LOCAL_GET | op::LOCAL_SET | op::LOCAL_TEE), index)) => {
            let index = wasmparser::BinaryReader::new(index, 0)
                .read_var_u32()
                .map_err(|e| InstrumentError::Parse(e.to_string()))?;
            Ok(Some((opcode, index)))
        }
        _ => Ok(None),
    }
}

/// The locals a caller sets aside for the leaves inlined into it, after its own.
#[derive(Debug)]
pub(crate) struct CallerLocals {
    first: u32,
    bases: BTreeMap<u32, u32>,
    types: Vec<u8>,
}

impl CallerLocals {
    /// Extra locals numbered from `first` (the caller's parameters and declared locals come
    /// before).
    pub(crate) fn new(first: u32) -> CallerLocals {
        CallerLocals {
            first,
            bases: BTreeMap::new(),
            types: Vec::new(),
        }
    }

    /// The first local of `callee`'s set, allocated on first use; `None` when the caller has
    /// no room left for it.
    pub(crate) fn base(&mut self, callee: u32, inlinable: &Inlinable) -> Option<u32> {
        if let Some(&base) = self.bases.get(&callee) {
            return Some(base);
        }
        let used = self.types.len() as u32;
        let after = used.checked_add(inlinable.local_count())?;
        if after > MAX_EXTRA_LOCALS || self.first.checked_add(after)? > MAX_CALLER_LOCALS {
            return None;
        }
        let base = self.first + used;
        self.types.extend_from_slice(&inlinable.params);
        self.types.extend_from_slice(&inlinable.locals);
        self.bases.insert(callee, base);
        Some(base)
    }

    /// The value type of every extra local, in order.
    pub(crate) fn types(&self) -> &[u8] {
        &self.types
    }
}
