//! Function bodies: reading them into [`Instr`]s, inserting the stack-limiter sequences, and
//! emitting the final code with gas charges.

use core::ops::Range;

use wasmparser::{FunctionBody, Operator};

use super::metering::Charge;
use super::ops::{classify, Injected, Instr, Kind, Source};
use super::InstrumentError;
use crate::encode::{op, sleb, uleb};
use crate::rules::GasRules;

/// A function body as read from the input.
pub(crate) struct ReadBody {
    /// The locals declaration, copied verbatim.
    pub(crate) locals: Range<usize>,
    /// The number of declared locals (parameters excluded).
    pub(crate) local_count: u32,
    pub(crate) instrs: Vec<Instr>,
}

fn perr(e: wasmparser::BinaryReaderError) -> InstrumentError {
    InstrumentError::Parse(e.to_string())
}

fn to_usize(v: u64) -> Result<usize, InstrumentError> {
    usize::try_from(v).map_err(|_| InstrumentError::Malformed("offset"))
}

/// Reads a body, pricing every instruction with `rules`.
pub(crate) fn read(
    body: &FunctionBody<'_>,
    rules: &dyn GasRules,
) -> Result<ReadBody, InstrumentError> {
    let mut locals_reader = body.get_locals_reader().map_err(perr)?;
    let mut local_count = 0u32;
    for _ in 0..locals_reader.get_count() {
        let (count, _) = locals_reader.read().map_err(perr)?;
        local_count = local_count
            .checked_add(count)
            .ok_or(InstrumentError::Malformed("too many locals"))?;
    }
    let mut ops = body.get_operators_reader().map_err(perr)?;
    let locals = to_usize(body.range().start)?..to_usize(ops.original_position())?;
    let mut instrs = Vec::new();
    let price = |op: &Operator<'_>| {
        rules
            .instruction_cost(op)
            .ok_or(InstrumentError::InstructionNotPriced)
    };
    while !ops.eof() {
        let (operator, start) = ops.read_with_offset().map_err(perr)?;
        let end = to_usize(ops.original_position())?;
        let (kind, phantom) = classify(&operator)?;
        instrs.push(Instr {
            kind,
            cost: price(&operator)?,
            source: Source::Original(to_usize(start)?..end),
        });
        if phantom {
            instrs.push(Instr {
                kind: Kind::Unreachable,
                cost: price(&Operator::Unreachable)?,
                source: Source::Phantom,
            });
        }
    }
    ops.finish().map_err(perr)?;
    Ok(ReadBody {
        locals,
        local_count,
        instrs,
    })
}

/// The stack limiter's accounting around a call of `callee`, whose frame costs `cost`.
pub(crate) fn limited_call(
    callee: u32,
    cost: u32,
    height_global: u32,
    limit: u32,
    rules: &dyn GasRules,
    out: &mut Vec<Instr>,
) -> Result<(), InstrumentError> {
    // The reference encodes both constants as i32 by wrapping.
    let cost = cost as i32;
    let limit = limit as i32;
    use Injected as I;
    for inj in [
        I::GlobalGet(height_global),
        I::I32Const(cost),
        I::I32Add,
        I::GlobalSet(height_global),
        I::GlobalGet(height_global),
        I::I32Const(limit),
        I::I32GtU,
        I::IfEmpty,
        I::Unreachable,
        I::End,
        I::Call(callee),
        I::GlobalGet(height_global),
        I::I32Const(cost),
        I::I32Sub,
        I::GlobalSet(height_global),
    ] {
        out.push(Instr::injected(inj, rules)?);
    }
    Ok(())
}

/// Appends the gas charge of a metered block: subtract, then trap on `unreachable` if the
/// remaining gas went negative.
pub(crate) fn emit_charge(out: &mut Vec<u8>, gas_global: u32, cost: u64) {
    out.push(op::GLOBAL_GET);
    uleb(out, gas_global.into());
    out.push(op::I64_CONST);
    // The reference passes the summed cost as i64 by wrapping.
    sleb(out, cost as i64);
    out.push(op::I64_SUB);
    emit_store_and_check(out, gas_global);
}

/// Stores the new gas value on the stack to the global and traps if it is negative.
pub(crate) fn emit_store_and_check(out: &mut Vec<u8>, gas_global: u32) {
    out.push(op::GLOBAL_SET);
    uleb(out, gas_global.into());
    out.push(op::GLOBAL_GET);
    uleb(out, gas_global.into());
    out.push(op::I64_CONST);
    sleb(out, 0);
    out.push(op::I64_LT_S);
    out.extend_from_slice(&[op::IF, op::EMPTY_BLOCK, op::UNREACHABLE, op::END]);
}

/// Where the emitter sends special instructions.
pub(crate) struct EmitTargets {
    pub(crate) gas_global: u32,
    /// The function replacing `memory.grow`, when growth is charged.
    pub(crate) grow_func: Option<u32>,
}

/// Emits a complete function body (size-prefixed) into `out`.
pub(crate) fn emit(
    wasm: &[u8],
    locals: &[u8],
    instrs: &[Instr],
    charges: &[Charge],
    targets: &EmitTargets,
    out: &mut Vec<u8>,
) -> Result<(), InstrumentError> {
    let mut code = Vec::with_capacity(locals.len() + instrs.len() * 3);
    code.extend_from_slice(locals);
    let mut next = charges.iter().peekable();
    for (pos, instr) in instrs.iter().enumerate() {
        if let Some(charge) = next.next_if(|c| c.start == pos) {
            emit_charge(&mut code, targets.gas_global, charge.cost);
        }
        match (&instr.source, &instr.kind, targets.grow_func) {
            (Source::Original(_), Kind::MemoryGrow, Some(grow)) => {
                code.push(op::CALL);
                uleb(&mut code, grow.into());
            }
            (Source::Original(range), _, _) => {
                let bytes = wasm
                    .get(range.clone())
                    .ok_or(InstrumentError::Malformed("instruction out of range"))?;
                code.extend_from_slice(bytes);
            }
            (Source::Phantom, _, _) => {}
            (Source::Injected(inj), _, _) => inj.encode(&mut code),
        }
    }
    if next.next().is_some() {
        return Err(InstrumentError::Metering);
    }
    uleb(out, code.len() as u64);
    out.extend_from_slice(&code);
    Ok(())
}
