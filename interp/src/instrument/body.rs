//! Function bodies: reading them into [`Instr`]s, inserting the stack-limiter sequences, and
//! emitting the final code with gas charges.

use core::ops::Range;

use wasmparser::{FunctionBody, Operator};

use super::metering::Charges;
use super::ops::{
    classify, may_be_linear, ElidedOp, HeightStep, Injected, Instr, Kind, Scratch, Source,
};
use super::{InstrumentError, Instrumenter};
use crate::encode::{op, sleb, uleb};
use crate::rules::GasRules;

/// A function body as read from the input.
pub(crate) struct ReadBody {
    /// The locals declaration, copied verbatim.
    pub(crate) locals: Range<usize>,
    /// The number of declared locals (parameters excluded).
    pub(crate) local_count: u32,
    /// The number of local declaration groups.
    pub(crate) local_groups: u32,
    pub(crate) instrs: Vec<Instr>,
}

fn perr(e: wasmparser::BinaryReaderError) -> InstrumentError {
    InstrumentError::Parse(e.to_string())
}

fn to_usize(v: u64) -> Result<usize, InstrumentError> {
    usize::try_from(v).map_err(|_| InstrumentError::Malformed("offset"))
}

/// Reads a body, pricing every instruction with `rules`, accepting what `instrumenter`
/// accepts.
pub(crate) fn read(
    body: &FunctionBody<'_>,
    rules: &dyn GasRules,
    instrumenter: Instrumenter,
) -> Result<ReadBody, InstrumentError> {
    let mut locals_reader = body.get_locals_reader().map_err(perr)?;
    let mut local_count = 0u32;
    let local_groups = locals_reader.get_count();
    for _ in 0..local_groups {
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
        let (kind, phantom) = classify(&operator, instrumenter)?;
        let per_unit = match instrumenter {
            Instrumenter::V0_2 => None,
            Instrumenter::V0_4 => rules.linear_cost(&operator),
        };
        if let Some(per_unit) = per_unit {
            if !may_be_linear(&operator) {
                return Err(InstrumentError::Unsupported(
                    "a linear price for an instruction without a count operand",
                ));
            }
            if per_unit.get() >= 0x8000_0000 {
                return Err(InstrumentError::Unsupported(
                    "a linear price of 2^31 or more per unit",
                ));
            }
        }
        instrs.push(Instr {
            kind,
            cost: price(&operator)?,
            per_unit,
            source: Source::Original(to_usize(start)?..end),
        });
        if phantom {
            instrs.push(Instr {
                kind: Kind::Unreachable,
                cost: price(&Operator::Unreachable)?,
                per_unit: None,
                source: Source::Phantom,
            });
        }
    }
    ops.finish().map_err(perr)?;
    Ok(ReadBody {
        locals,
        local_count,
        local_groups,
        instrs,
    })
}

/// The stack limiter's accounting around a call of `callee`, whose frame costs `cost`;
/// `leaf` says the callee calls nothing (see [`HeightStep::Elided`]). When the leaf form is
/// used (only the check, then the call), returns the position of its `call` in `out`.
pub(crate) fn limited_call(
    callee: u32,
    cost: u32,
    leaf: bool,
    height_global: u32,
    limit: u32,
    rules: &dyn GasRules,
    out: &mut Vec<Instr>,
) -> Result<Option<usize>, InstrumentError> {
    // The fast forms (`HeightStep::Limit`, `HeightStep::LeafLimit`) need `cost <= limit < 2^31`.
    let fast = cost <= limit && i32::try_from(limit).is_ok();
    // The reference encodes both constants as i32 by wrapping.
    let cost = cost as i32;
    let limit = limit as i32;
    use ElidedOp as E;
    use HeightStep as H;
    use Injected as I;
    let global = height_global;
    if leaf && fast {
        let mut call_at = None;
        for inj in [
            I::Height(H::SaveForLeaf(global)),
            I::Height(H::Elided(E::I32Const(cost))),
            I::Height(H::Elided(E::I32Add)),
            I::Height(H::Elided(E::GlobalSet(global))),
            I::Height(H::Elided(E::GlobalGet(global))),
            I::Height(H::LeafLimit { limit, cost }),
            I::I32GtU,
            I::IfEmpty,
            I::Unreachable,
            I::End,
            I::Call(callee),
            I::Height(H::Elided(E::GlobalGet(global))),
            I::Height(H::Elided(E::I32Const(cost))),
            I::Height(H::Elided(E::I32Sub)),
            I::Height(H::Elided(E::GlobalSet(global))),
        ] {
            if inj == I::Call(callee) {
                call_at = Some(out.len());
            }
            out.push(Instr::injected(inj, rules)?);
        }
        return Ok(call_at);
    }
    for inj in [
        I::Height(H::Save(height_global)),
        I::I32Const(cost),
        I::I32Add,
        I::Height(H::Raise { global, fast }),
        I::Height(H::Check { global, fast }),
        I::Height(H::Limit { limit, cost, fast }),
        I::I32GtU,
        I::IfEmpty,
        I::Unreachable,
        I::End,
        I::Call(callee),
        I::Height(H::Restore(height_global)),
        I::Height(H::RestoreCost(cost)),
        I::Height(H::RestoreSub),
        I::GlobalSet(height_global),
    ] {
        out.push(Instr::injected(inj, rules)?);
    }
    Ok(None)
}

/// Appends the gas charge of a metered block: subtract, then, if `check`, trap on
/// `unreachable` if the remaining gas went negative (which charges check:
/// `metering::mark_checks`).
pub(crate) fn emit_charge(
    out: &mut Vec<u8>,
    gas_global: u32,
    cost: u64,
    check: bool,
    scratch: Option<u32>,
) {
    out.push(op::GLOBAL_GET);
    uleb(out, gas_global.into());
    out.push(op::I64_CONST);
    // The reference passes the summed cost as i64 by wrapping.
    sleb(out, cost as i64);
    out.push(op::I64_SUB);
    if check {
        emit_store_and_check(out, gas_global, scratch);
    } else {
        out.push(op::GLOBAL_SET);
        uleb(out, gas_global.into());
    }
}

/// Stores the new gas value on the stack to the global and traps if it is negative. The
/// reference reads the global back for the check; with an i64 `scratch` local the value is
/// kept there instead (the same value, one global access fewer).
pub(crate) fn emit_store_and_check(out: &mut Vec<u8>, gas_global: u32, scratch: Option<u32>) {
    match scratch {
        Some(local) => {
            out.push(op::LOCAL_TEE);
            uleb(out, local.into());
            out.push(op::GLOBAL_SET);
            uleb(out, gas_global.into());
            out.push(op::LOCAL_GET);
            uleb(out, local.into());
        }
        None => {
            out.push(op::GLOBAL_SET);
            uleb(out, gas_global.into());
            out.push(op::GLOBAL_GET);
            uleb(out, gas_global.into());
        }
    }
    out.push(op::I64_CONST);
    sleb(out, 0);
    out.push(op::I64_LT_S);
    out.extend_from_slice(&[op::IF, op::EMPTY_BLOCK, op::UNREACHABLE, op::END]);
}

/// Appends the run-time charge of a linearly priced instruction: `count * per_unit`, the
/// count being the i32 on top of the stack (zero-extended), which is left in place (saved
/// through the scratch local `temp`).
fn emit_dynamic_charge(
    out: &mut Vec<u8>,
    gas_global: u32,
    temp: u32,
    per_unit: u32,
    scratch: Option<u32>,
) {
    out.push(op::LOCAL_TEE);
    uleb(out, temp.into());
    out.push(op::GLOBAL_GET);
    uleb(out, gas_global.into());
    out.push(op::LOCAL_GET);
    uleb(out, temp.into());
    out.extend_from_slice(&[op::I64_EXTEND_I32_U, op::I64_CONST]);
    sleb(out, per_unit.into());
    out.extend_from_slice(&[op::I64_MUL, op::I64_SUB]);
    emit_store_and_check(out, gas_global, scratch);
}

/// Where the emitter sends special instructions.
pub(crate) struct EmitTargets {
    pub(crate) gas_global: u32,
    /// The function replacing `memory.grow`, when growth is charged.
    pub(crate) grow_func: Option<u32>,
}

/// The local declarations of an emitted body: the input's, then the locals the
/// instrumentation adds.
pub(crate) struct Locals<'a> {
    /// The input's declarations (group count, then groups), verbatim.
    pub(crate) declared: &'a [u8],
    /// Value types of the locals set aside for inlined leaves (`super::inline`), declared
    /// after the input's own.
    pub(crate) inlined: &'a [u8],
    /// The index of the first local after the parameters, the declared locals and the
    /// inlined leaves' locals.
    pub(crate) first_free: u32,
    /// One i32 local at `first_free` for run-time linear charges (as the reference 0.4.0
    /// adds it).
    pub(crate) dynamic_temp: bool,
}

/// `(count, type)` groups of consecutive equal value types.
fn run_lengths(types: &[u8]) -> Vec<(u32, u8)> {
    let mut groups: Vec<(u32, u8)> = Vec::new();
    for &ty in types {
        match groups.last_mut() {
            Some((count, last)) if *last == ty => *count += 1,
            _ => groups.push((1, ty)),
        }
    }
    groups
}

/// The most locals (parameters included) a body may have to be given [`Scratch`] locals;
/// larger bodies keep the reference's sequences (equivalent, slower), so that no module the
/// reference accepts runs into a local-count limit because of them.
const MAX_LOCALS_FOR_SCRATCH: u32 = 10_000;

/// Emits a complete function body (size-prefixed) into `out`.
pub(crate) fn emit(
    wasm: &[u8],
    locals: Locals<'_>,
    instrs: &[Instr],
    charges: &Charges,
    targets: &EmitTargets,
    out: &mut Vec<u8>,
) -> Result<(), InstrumentError> {
    let mut code = Vec::with_capacity(instrs.len() * 3 + 16);
    let mut r = wasmparser::BinaryReader::new(locals.declared, 0);
    let groups = r.read_var_u32().map_err(perr)?;
    let rest = locals
        .declared
        .get(r.current_position()..)
        .ok_or(InstrumentError::Malformed("locals"))?;
    let temp = locals.dynamic_temp.then_some(locals.first_free);
    let next_free = locals.first_free + u32::from(locals.dynamic_temp);
    // Scratch locals only where a sequence uses them: every local is zeroed on each call.
    let injected = |f: fn(&HeightStep) -> bool| {
        instrs.iter().any(|i| match &i.source {
            Source::Injected(Injected::Height(step)) => f(step),
            _ => false,
        })
    };
    let needs_saved = injected(|s| matches!(s, HeightStep::Save(_)));
    let needs_raised = injected(|s| matches!(s, HeightStep::Raise { fast: false, .. }));
    let needs_gas = charges.blocks.iter().any(|c| c.check) || !charges.dynamic.is_empty();
    let height_locals = u32::from(needs_saved) + u32::from(needs_raised);
    let scratch = (next_free <= MAX_LOCALS_FOR_SCRATCH).then_some(Scratch {
        saved: next_free,
        raised: next_free + 1,
        gas: next_free + height_locals,
    });
    let inlined_groups = run_lengths(locals.inlined);
    let extra_groups = inlined_groups.len() as u64
        + u64::from(locals.dynamic_temp)
        + if scratch.is_some() {
            u64::from(height_locals > 0) + u64::from(needs_gas)
        } else {
            0
        };
    uleb(&mut code, u64::from(groups) + extra_groups);
    code.extend_from_slice(rest);
    for (count, ty) in inlined_groups {
        uleb(&mut code, u64::from(count));
        code.push(ty);
    }
    if locals.dynamic_temp {
        code.extend_from_slice(&[1, op::VALTYPE_I32]);
    }
    if scratch.is_some() {
        if height_locals > 0 {
            code.extend_from_slice(&[height_locals as u8, op::VALTYPE_I32]);
        }
        if needs_gas {
            code.extend_from_slice(&[1, op::VALTYPE_I64]);
        }
    }
    let gas_scratch = scratch.map(|s| s.gas);
    let mut next = charges.blocks.iter().peekable();
    let mut next_dynamic = charges.dynamic.iter().peekable();
    for (pos, instr) in instrs.iter().enumerate() {
        if let Some(charge) = next.next_if(|c| c.start == pos) {
            emit_charge(
                &mut code,
                targets.gas_global,
                charge.cost,
                charge.check,
                gas_scratch,
            );
        }
        if let Some(dynamic) = next_dynamic.next_if(|d| d.at == pos) {
            let temp = temp.ok_or(InstrumentError::Metering)?;
            emit_dynamic_charge(
                &mut code,
                targets.gas_global,
                temp,
                dynamic.per_unit.get(),
                gas_scratch,
            );
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
            (Source::Injected(inj), _, _) => inj.encode(&mut code, scratch),
        }
    }
    if next.next().is_some() || next_dynamic.next().is_some() {
        return Err(InstrumentError::Metering);
    }
    uleb(out, code.len() as u64);
    out.extend_from_slice(&code);
    Ok(())
}
