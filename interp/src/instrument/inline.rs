//! Inlining of small leaf functions into their callers.
//!
//! A call costs wasmi far more than the instructions around it (a frame pushed, its locals
//! zeroed, a return), and the builtin actors make many calls of small functions that call
//! nothing. Such a call is replaced by the callee's code, with nothing observable changed:
//!
//! - **The stack limiter** is untouched: the caller's check before a leaf call (the leaf's frame
//!   cost against the limit, see `HeightStep::LeafLimit`) stays in place and traps exactly where
//!   it did, and every frame cost is the reference's, computed on the original bodies. The leaf
//!   has no checks of its own (it calls nothing), so nothing inside it reads the height.
//! - **Gas**: the charges are computed as if nothing were inlined, the caller's on its own
//!   sequence (the call included) and the callee's on its own body, as the reference meters
//!   each function; [`splice`] then moves each charge to where its instruction landed. So the
//!   same amounts are subtracted in the same order at the same points of execution, and every
//!   instruction the inlining adds is free and outside any charge.
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
use super::metering::{self, Charge, Charges, Dynamic};
use super::module::NumericSig;
use super::ops::{Injected, InlineOp, Instr, Kind, Source};
use super::{InstrumentError, Instrumenter};
use crate::encode::op;

/// The largest callee inlined, in instructions (its final `end` included).
pub(crate) const MAX_INSTRS: usize = 64;
/// The most locals (parameters and declared) a callee inlined may have.
pub(crate) const MAX_LOCALS: usize = 16;
/// The most locals a caller gains for the callees inlined into it (every frame of a deep
/// recursion carries them: 128 cost 8 MiB of peak memory on the nv15 corpus).
pub(crate) const MAX_EXTRA_LOCALS: u32 = 16;
/// No inlining into a caller whose own locals already reach this index.
const MAX_CALLER_LOCALS: u32 = 10_000;

/// A leaf function that may be inlined: its code and the types of its locals.
#[derive(Debug)]
pub(crate) struct Inlinable {
    /// Every instruction of the body, its final `end` included.
    body: Vec<Instr>,
    /// The body's own charges (positions in `body`).
    charges: Charges,
    /// Value type bytes of the parameters.
    params: Vec<u8>,
    /// Value type bytes of the declared locals, one per local.
    locals: Vec<u8>,
    /// The block type byte of its results.
    block_type: u8,
}

impl Inlinable {
    /// The inlinable form of a leaf function's body, or `None` if it is too big or has a
    /// non-numeric type or local.
    pub(crate) fn of(
        read: ReadBody,
        sig: Option<&NumericSig>,
        wasm: &[u8],
        instrumenter: Instrumenter,
    ) -> Result<Option<Inlinable>, InstrumentError> {
        let Some(sig) = sig else {
            return Ok(None);
        };
        if read.instrs.len() > MAX_INSTRS || read.instrs.iter().any(|i| is_call(&i.kind)) {
            return Ok(None);
        }
        let Some(locals) = wasm.get(read.locals.clone()).and_then(declared_types) else {
            return Ok(None);
        };
        if sig.params.len() + locals.len() > MAX_LOCALS {
            return Ok(None);
        }
        let charges = metering::charges(&read.instrs, instrumenter, false)?;
        Ok(Some(Inlinable {
            body: read.instrs,
            charges,
            params: sig.params.clone(),
            locals,
            block_type: sig.block_type,
        }))
    }

    fn local_count(&self) -> u32 {
        // Both lengths are bounded by `MAX_LOCALS`.
        (self.params.len() + self.locals.len()) as u32
    }

    /// The code replacing a call of this function, with its locals from `base` on in the
    /// caller: the free moves into its locals and the wrapping `block`, then its body (one
    /// instruction for each of the callee's, so its charges keep their positions in it).
    fn expand(&self, base: u32, wasm: &[u8]) -> Result<(Vec<Instr>, Vec<Instr>), InstrumentError> {
        let local = |index: u32| {
            base.checked_add(index)
                .ok_or(InstrumentError::Malformed("too many locals"))
        };
        let mut prefix = Vec::with_capacity(self.params.len() + 2 * self.locals.len() + 1);
        for p in (0..self.params.len() as u32).rev() {
            prefix.push(free(Injected::Inline(InlineOp::LocalSet(local(p)?))));
        }
        let first_declared = self.params.len() as u32;
        for (j, &ty) in self.locals.iter().enumerate() {
            prefix.push(free(Injected::Inline(InlineOp::Zero(ty))));
            let declared = local(first_declared + j as u32)?;
            prefix.push(free(Injected::Inline(InlineOp::LocalSet(declared))));
        }
        prefix.push(free(Injected::Inline(InlineOp::Block(self.block_type))));
        let mut body = Vec::with_capacity(self.body.len());
        // Blocks open inside the callee; its final `end` closes the wrapping block.
        let mut depth = 0u32;
        for instr in &self.body {
            let rewritten = match (&instr.kind, &instr.source) {
                (Kind::Return, _) => Some(Injected::Inline(InlineOp::Br(depth))),
                (_, Source::Original(range)) => match local_access(wasm, range.clone())? {
                    Some((opcode, index)) => Some(match opcode {
                        op::LOCAL_GET => Injected::LocalGet(local(index)?),
                        op::LOCAL_SET => Injected::Inline(InlineOp::LocalSet(local(index)?)),
                        _ => Injected::Inline(InlineOp::LocalTee(local(index)?)),
                    }),
                    None => None,
                },
                _ => None,
            };
            body.push(match rewritten {
                Some(injected) => free(injected),
                None => instr.clone(),
            });
            match instr.kind {
                Kind::Block { .. } | Kind::Loop { .. } | Kind::If { .. } => depth += 1,
                Kind::End => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        Ok((prefix, body))
    }
}

/// An instruction the inlining adds or rewrites: charged nowhere (charges are computed before).
fn free(injected: Injected) -> Instr {
    Instr {
        kind: injected.kind(),
        cost: 0,
        per_unit: None,
        source: Source::Injected(injected),
    }
}

/// A call to inline: the position of its `call` in the caller's staged sequence, the callee
/// and the first caller local set aside for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Site {
    pub(crate) call_at: usize,
    pub(crate) callee: u32,
    pub(crate) base: u32,
}

/// Replaces the calls at `sites` (in order) in a caller's `staged` sequence with the callees'
/// code, and moves `charges` (the caller's, computed on `staged`) and each callee's own
/// charges to where their instructions land.
pub(crate) fn splice(
    staged: Vec<Instr>,
    charges: Charges,
    sites: &[Site],
    inlinable: &BTreeMap<u32, Inlinable>,
    wasm: &[u8],
) -> Result<(Vec<Instr>, Charges), InstrumentError> {
    let mut out = Vec::with_capacity(staged.len() + sites.len() * 16);
    let mut moved = Charges::default();
    let mut caller_blocks = charges.blocks.into_iter().peekable();
    let mut caller_dynamic = charges.dynamic.into_iter().peekable();
    let mut next_site = sites.iter().peekable();
    let len = staged.len();
    for (pos, instr) in staged.into_iter().enumerate() {
        while let Some(c) = caller_blocks.next_if(|c| c.start == pos) {
            moved.blocks.push(Charge {
                start: out.len(),
                ..c
            });
        }
        while let Some(d) = caller_dynamic.next_if(|d| d.at == pos) {
            moved.dynamic.push(Dynamic { at: out.len(), ..d });
        }
        let Some(site) = next_site.next_if(|s| s.call_at == pos) else {
            out.push(instr);
            continue;
        };
        let callee = inlinable
            .get(&site.callee)
            .ok_or(InstrumentError::Malformed("inlined callee"))?;
        let (prefix, body) = callee.expand(site.base, wasm)?;
        out.extend(prefix);
        let body_start = out.len();
        for c in &callee.charges.blocks {
            moved.blocks.push(Charge {
                start: body_start + c.start,
                ..*c
            });
        }
        for d in &callee.charges.dynamic {
            moved.dynamic.push(Dynamic {
                at: body_start + d.at,
                ..*d
            });
        }
        out.extend(body);
    }
    // Charges at the very end of the sequence (none in practice) stay at its end.
    for c in caller_blocks {
        moved.blocks.push(Charge {
            start: out.len() + c.start.saturating_sub(len),
            ..c
        });
    }
    for d in caller_dynamic {
        moved.dynamic.push(Dynamic {
            at: out.len() + d.at.saturating_sub(len),
            ..d
        });
    }
    if next_site.next().is_some() {
        return Err(InstrumentError::Malformed("inlining site out of range"));
    }
    Ok((out, moved))
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
