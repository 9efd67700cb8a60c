//! The instrumentation's view of one instruction: its structural kind, its price and where
//! its bytes come from.

use core::num::NonZeroU32;
use core::ops::Range;

use wasmparser::{BlockType, Operator};

use super::{InstrumentError, Instrumenter};
use crate::encode::{op, sleb, uleb};
use crate::rules::GasRules;

/// What an instruction does to control flow and to the operand stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Block {
        results: u32,
    },
    Loop {
        results: u32,
    },
    If {
        results: u32,
    },
    Else,
    End,
    Br(u32),
    BrIf(u32),
    BrTable {
        default: u32,
        targets: Box<[u32]>,
    },
    Return,
    Call(u32),
    CallIndirect {
        type_index: u32,
    },
    Unreachable,
    Select,
    MemoryGrow,
    /// `i32.const` (the 0.4.0 metering prices a bulk instruction statically when its count is
    /// the constant right before it).
    I32Const(i32),
    /// Pops `pop` values, then pushes `push` values.
    Simple {
        pop: u32,
        push: u32,
    },
}

/// An instruction emitted by the instrumentation itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Injected {
    GlobalSet(u32),
    I32Const(i32),
    I32Add,
    I32GtU,
    IfEmpty,
    Unreachable,
    End,
    Call(u32),
    LocalGet(u32),
    /// The code of an inlined leaf function ([`super::inline`]), which only free-priced
    /// modules get.
    Inline(InlineOp),
    /// The stack limiter's reads and writes of its height global around a call, priced as the
    /// reference's `global.get`/`global.set`/`i32.const`/`i32.sub`, but emitted through the
    /// function's scratch locals when it has them ([`Scratch`]): the same values, fewer
    /// global accesses.
    Height(HeightStep),
}

/// An instruction of an inlined leaf function's code that differs from the callee's own
/// bytes: its locals renumbered into the caller's, `return` turned into a branch out of the
/// block the body is wrapped in, and the moves of arguments and zeroes into its locals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InlineOp {
    LocalSet(u32),
    LocalTee(u32),
    Br(u32),
    /// `block` with this block type byte (`0x40` or a numeric value type).
    Block(u8),
    /// The zero constant of this numeric value type.
    Zero(u8),
}

/// One step of the stack limiter's sequence around a call (see [`Injected::Height`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeightStep {
    /// Read the height before the call (priced `global.get`); with scratch locals, also kept
    /// in the `saved` local.
    Save(u32),
    /// The read of the height before a call of a leaf function (priced `global.get`): only
    /// read, for the comparison with the lowered limit (see [`HeightStep::Elided`]).
    SaveForLeaf(u32),
    /// An instruction of the reference's sequence that a call of a leaf function (one that
    /// calls nothing) does without: priced as the reference's, emitted as nothing. Only the
    /// overflow check is observable: the height is raised for the callee's own nested checks,
    /// which a leaf does not have, and nothing else reads it (a trap ends the call, whose
    /// instance is dropped; the check compares the height before the call with
    /// `limit - cost`, which is exactly the reference's `height + cost > limit`).
    Elided(ElidedOp),
    /// The limit in the check before a call of a leaf function (priced `i32.const limit`),
    /// emitted as `limit - cost` (needs `0 <= cost <= limit`).
    LeafLimit { limit: i32, cost: i32 },
    /// Store the raised height (priced `global.set`); with scratch locals and unless `fast`,
    /// also kept in the `raised` local.
    Raise { global: u32, fast: bool },
    /// Read the height for the limit check (priced `global.get`): with scratch locals, the
    /// raised height from `raised`, or if `fast` the saved height (compared with
    /// [`HeightStep::Limit`]'s lowered limit instead).
    Check { global: u32, fast: bool },
    /// The limit the raised height is compared with (priced `i32.const limit`). With scratch
    /// locals and `cost <= limit` (the fast form), `limit - cost`, compared with the saved
    /// height: `saved + cost > limit` exactly when `saved > limit - cost`, as neither side can
    /// wrap (the height never exceeds the limit while code runs, and both are below 2^31).
    Limit { limit: i32, cost: i32, fast: bool },
    /// Read the height after the call (priced `global.get`); with scratch locals the saved
    /// height, which is what the reference's subtraction below yields.
    Restore(u32),
    /// The frame cost subtracted after the call (priced `i32.const`); nothing with scratch
    /// locals.
    RestoreCost(i32),
    /// The subtraction after the call (priced `i32.sub`); nothing with scratch locals.
    RestoreSub,
}

/// An instruction of the stack limiter's sequence priced but not emitted (see
/// [`HeightStep::Elided`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ElidedOp {
    GlobalGet(u32),
    GlobalSet(u32),
    I32Const(i32),
    I32Add,
    I32Sub,
}

/// Scratch locals a function body was given for cheaper accounting sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scratch {
    /// i32: the height before a call.
    pub(crate) saved: u32,
    /// i32: the height during a call.
    pub(crate) raised: u32,
    /// i64: the gas left after a charge.
    pub(crate) gas: u32,
}

impl Injected {
    /// The operator the gas rules price this instruction as.
    pub(crate) fn operator(self) -> Operator<'static> {
        match self {
            Injected::GlobalSet(global_index) => Operator::GlobalSet { global_index },
            Injected::I32Const(value) => Operator::I32Const { value },
            Injected::I32Add => Operator::I32Add,
            Injected::I32GtU => Operator::I32GtU,
            Injected::IfEmpty => Operator::If {
                blockty: BlockType::Empty,
            },
            Injected::Unreachable => Operator::Unreachable,
            Injected::End => Operator::End,
            Injected::Call(function_index) => Operator::Call { function_index },
            Injected::LocalGet(local_index) => Operator::LocalGet { local_index },
            Injected::Inline(inline) => inline.operator(),
            Injected::Height(step) => match step {
                HeightStep::Elided(elided) => match elided {
                    ElidedOp::GlobalGet(global_index) => Operator::GlobalGet { global_index },
                    ElidedOp::GlobalSet(global_index) => Operator::GlobalSet { global_index },
                    ElidedOp::I32Const(value) => Operator::I32Const { value },
                    ElidedOp::I32Add => Operator::I32Add,
                    ElidedOp::I32Sub => Operator::I32Sub,
                },
                HeightStep::Save(global_index)
                | HeightStep::SaveForLeaf(global_index)
                | HeightStep::Check {
                    global: global_index,
                    ..
                }
                | HeightStep::Restore(global_index) => Operator::GlobalGet { global_index },
                HeightStep::Raise {
                    global: global_index,
                    ..
                } => Operator::GlobalSet { global_index },
                HeightStep::RestoreCost(value)
                | HeightStep::Limit { limit: value, .. }
                | HeightStep::LeafLimit { limit: value, .. } => Operator::I32Const { value },
                HeightStep::RestoreSub => Operator::I32Sub,
            },
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Injected::IfEmpty => Kind::If { results: 0 },
            Injected::Unreachable => Kind::Unreachable,
            Injected::End => Kind::End,
            Injected::Call(f) => Kind::Call(f),
            Injected::Inline(InlineOp::Br(depth)) => Kind::Br(depth),
            Injected::Inline(InlineOp::Block(ty)) => Kind::Block {
                results: u32::from(ty != op::EMPTY_BLOCK),
            },
            Injected::I32Const(v)
            | Injected::Height(HeightStep::RestoreCost(v))
            | Injected::Height(HeightStep::Elided(ElidedOp::I32Const(v)))
            | Injected::Height(HeightStep::Limit { limit: v, .. })
            | Injected::Height(HeightStep::LeafLimit { limit: v, .. }) => Kind::I32Const(v),
            // Only the control kinds matter for metering; injected code is never analysed
            // for stack height.
            _ => Kind::Simple { pop: 0, push: 0 },
        }
    }

    /// Appends the binary encoding (through `scratch` locals, when the body has them).
    pub(crate) fn encode(self, out: &mut Vec<u8>, scratch: Option<Scratch>) {
        let indexed = |out: &mut Vec<u8>, opcode: u8, index: u32| {
            out.push(opcode);
            uleb(out, index.into());
        };
        match self {
            Injected::Height(step) => match (step, scratch) {
                (HeightStep::Elided(_), _) => {}
                (HeightStep::SaveForLeaf(g), _) => indexed(out, op::GLOBAL_GET, g),
                (HeightStep::LeafLimit { limit, cost }, _) => {
                    Injected::I32Const(limit - cost).encode(out, None)
                }
                (HeightStep::Save(g), Some(s)) => {
                    indexed(out, op::GLOBAL_GET, g);
                    indexed(out, op::LOCAL_TEE, s.saved);
                }
                (HeightStep::Raise { global, fast }, Some(s)) => {
                    if !fast {
                        indexed(out, op::LOCAL_TEE, s.raised);
                    }
                    indexed(out, op::GLOBAL_SET, global);
                }
                (HeightStep::Check { fast, .. }, Some(s)) => {
                    indexed(out, op::LOCAL_GET, if fast { s.saved } else { s.raised })
                }
                (HeightStep::Limit { limit, cost, fast }, Some(_)) => {
                    let value = if fast { limit - cost } else { limit };
                    Injected::I32Const(value).encode(out, None)
                }
                (HeightStep::Limit { limit, .. }, None) => {
                    Injected::I32Const(limit).encode(out, None)
                }
                (HeightStep::Restore(_), Some(s)) => indexed(out, op::LOCAL_GET, s.saved),
                (HeightStep::RestoreCost(_) | HeightStep::RestoreSub, Some(_)) => {}
                (
                    HeightStep::Save(g)
                    | HeightStep::Check { global: g, .. }
                    | HeightStep::Restore(g),
                    None,
                ) => indexed(out, op::GLOBAL_GET, g),
                (HeightStep::Raise { global, .. }, None) => indexed(out, op::GLOBAL_SET, global),
                (HeightStep::RestoreCost(v), None) => Injected::I32Const(v).encode(out, None),
                (HeightStep::RestoreSub, None) => out.push(op::I32_SUB),
            },
            Injected::GlobalSet(i) => indexed(out, op::GLOBAL_SET, i),
            Injected::I32Const(v) => {
                out.push(op::I32_CONST);
                sleb(out, v.into());
            }
            Injected::I32Add => out.push(op::I32_ADD),
            Injected::I32GtU => out.push(op::I32_GT_U),
            Injected::IfEmpty => out.extend_from_slice(&[op::IF, op::EMPTY_BLOCK]),
            Injected::Unreachable => out.push(op::UNREACHABLE),
            Injected::End => out.push(op::END),
            Injected::Call(f) => indexed(out, op::CALL, f),
            Injected::LocalGet(i) => indexed(out, op::LOCAL_GET, i),
            Injected::Inline(inline) => inline.encode(out),
        }
    }
}

/// Where an instruction's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// Copied verbatim from this range of the input module.
    Original(Range<usize>),
    /// Seen by the reference's parser but not present in the binary: the reference's parser
    /// (parity-wasm 0.42) reads the second zero byte of `memory.copy` / `table.copy` as an
    /// `unreachable` instruction, which its analyses then see. It emits nothing.
    Phantom,
    /// Emitted by the instrumentation.
    Injected(Injected),
}

/// One instruction of a function body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Instr {
    pub(crate) kind: Kind,
    pub(crate) cost: u64,
    /// The per-unit cost of a linearly priced instruction (0.4.0 only), on top of `cost`.
    pub(crate) per_unit: Option<NonZeroU32>,
    pub(crate) source: Source,
}

impl InlineOp {
    /// The operator the gas rules price this instruction as.
    fn operator(self) -> Operator<'static> {
        use wasmparser::{Ieee32, Ieee64, ValType};
        let value_type = |ty: u8| match ty {
            op::VALTYPE_I64 => ValType::I64,
            op::VALTYPE_F32 => ValType::F32,
            op::VALTYPE_F64 => ValType::F64,
            _ => ValType::I32,
        };
        match self {
            InlineOp::LocalSet(local_index) => Operator::LocalSet { local_index },
            InlineOp::LocalTee(local_index) => Operator::LocalTee { local_index },
            InlineOp::Br(relative_depth) => Operator::Br { relative_depth },
            InlineOp::Block(op::EMPTY_BLOCK) => Operator::Block {
                blockty: BlockType::Empty,
            },
            InlineOp::Block(ty) => Operator::Block {
                blockty: BlockType::Type(value_type(ty)),
            },
            InlineOp::Zero(op::VALTYPE_I64) => Operator::I64Const { value: 0 },
            InlineOp::Zero(op::VALTYPE_F32) => Operator::F32Const {
                value: Ieee32::from(0.0f32),
            },
            InlineOp::Zero(op::VALTYPE_F64) => Operator::F64Const {
                value: Ieee64::from(0.0f64),
            },
            InlineOp::Zero(_) => Operator::I32Const { value: 0 },
        }
    }

    fn encode(self, out: &mut Vec<u8>) {
        let indexed = |out: &mut Vec<u8>, opcode: u8, index: u32| {
            out.push(opcode);
            uleb(out, index.into());
        };
        match self {
            InlineOp::LocalSet(i) => indexed(out, op::LOCAL_SET, i),
            InlineOp::LocalTee(i) => indexed(out, op::LOCAL_TEE, i),
            InlineOp::Br(depth) => indexed(out, op::BR, depth),
            InlineOp::Block(ty) => out.extend_from_slice(&[op::BLOCK, ty]),
            InlineOp::Zero(op::VALTYPE_I64) => out.extend_from_slice(&[op::I64_CONST, 0]),
            InlineOp::Zero(op::VALTYPE_F32) => {
                out.push(op::F32_CONST);
                out.extend_from_slice(&[0; 4]);
            }
            InlineOp::Zero(op::VALTYPE_F64) => {
                out.push(op::F64_CONST);
                out.extend_from_slice(&[0; 8]);
            }
            InlineOp::Zero(_) => out.extend_from_slice(&[op::I32_CONST, 0]),
        }
    }
}

impl Instr {
    /// An injected instruction priced by `rules`.
    pub(crate) fn injected(inj: Injected, rules: &dyn GasRules) -> Result<Instr, InstrumentError> {
        let cost = rules
            .instruction_cost(&inj.operator())
            .ok_or(InstrumentError::InstructionNotPriced)?;
        Ok(Instr {
            kind: inj.kind(),
            cost,
            per_unit: None,
            source: Source::Injected(inj),
        })
    }
}

fn block_results(ty: BlockType) -> Result<u32, InstrumentError> {
    match ty {
        BlockType::Empty => Ok(0),
        BlockType::Type(_) => Ok(1),
        BlockType::FuncType(_) => Err(InstrumentError::Unsupported("multi-value block type")),
    }
}

/// Classifies one operator of the feature set `instrumenter` accepts.
///
/// Returns the kind and whether the reference's parser sees a phantom `unreachable` after it
/// (0.2.0 only).
pub(crate) fn classify(
    op: &Operator<'_>,
    instrumenter: Instrumenter,
) -> Result<(Kind, bool), InstrumentError> {
    use Operator as O;
    let v4 = instrumenter == Instrumenter::V0_4;
    let simple = |pop, push| Kind::Simple { pop, push };
    let only_v4 = |kind: Kind| {
        if v4 {
            Ok(kind)
        } else {
            Err(InstrumentError::Unsupported(
                "operator outside wasm MVP + bulk memory",
            ))
        }
    };
    let kind = match op {
        O::Nop => simple(0, 0),
        O::Unreachable => Kind::Unreachable,
        O::Block { blockty } => Kind::Block {
            results: block_results(*blockty)?,
        },
        O::Loop { blockty } => Kind::Loop {
            results: block_results(*blockty)?,
        },
        O::If { blockty } => Kind::If {
            results: block_results(*blockty)?,
        },
        O::Else => Kind::Else,
        O::End => Kind::End,
        O::Br { relative_depth } => Kind::Br(*relative_depth),
        O::BrIf { relative_depth } => Kind::BrIf(*relative_depth),
        O::BrTable { targets } => {
            let list = targets
                .targets()
                .collect::<Result<Vec<u32>, _>>()
                .map_err(|e| InstrumentError::Parse(e.to_string()))?;
            Kind::BrTable {
                default: targets.default(),
                targets: list.into_boxed_slice(),
            }
        }
        O::Return => Kind::Return,
        O::Call { function_index } => Kind::Call(*function_index),
        O::CallIndirect {
            type_index,
            table_index,
        } => {
            if *table_index != 0 && !v4 {
                return Err(InstrumentError::Unsupported(
                    "call_indirect on a table other than 0",
                ));
            }
            Kind::CallIndirect {
                type_index: *type_index,
            }
        }
        O::Drop => simple(1, 0),
        O::Select => Kind::Select,
        O::LocalGet { .. } | O::GlobalGet { .. } => simple(0, 1),
        O::LocalSet { .. } | O::GlobalSet { .. } => simple(1, 0),
        O::LocalTee { .. } => simple(1, 1),
        O::MemorySize { .. } => simple(0, 1),
        O::MemoryGrow { .. } => Kind::MemoryGrow,
        O::I32Const { value } => Kind::I32Const(*value),
        O::I64Const { .. } | O::F32Const { .. } | O::F64Const { .. } => simple(0, 1),
        O::MemoryInit { data_index, .. } => {
            // The 0.2.0 reference's parser reads the data index as a reserved zero byte.
            if *data_index != 0 && !v4 {
                return Err(InstrumentError::Unsupported(
                    "memory.init with a data index other than 0",
                ));
            }
            simple(3, 0)
        }
        O::TableInit { elem_index, table } => {
            if (*elem_index != 0 || *table != 0) && !v4 {
                return Err(InstrumentError::Unsupported(
                    "table.init with a segment other than 0",
                ));
            }
            simple(3, 0)
        }
        O::MemoryFill { .. } => simple(3, 0),
        O::MemoryCopy { .. } | O::TableCopy { .. } => return Ok((simple(3, 0), !v4)),
        O::DataDrop { .. } | O::ElemDrop { .. } => simple(0, 0),
        O::TableFill { .. } => only_v4(simple(3, 0))?,
        O::TableGrow { .. } => only_v4(simple(2, 1))?,
        O::TableSize { .. } => only_v4(simple(0, 1))?,
        O::TableGet { .. } => only_v4(simple(1, 1))?,
        O::TableSet { .. } => only_v4(simple(2, 0))?,
        O::I32Extend8S
        | O::I32Extend16S
        | O::I64Extend8S
        | O::I64Extend16S
        | O::I64Extend32S
        | O::I32TruncSatF32S
        | O::I32TruncSatF32U
        | O::I32TruncSatF64S
        | O::I32TruncSatF64U
        | O::I64TruncSatF32S
        | O::I64TruncSatF32U
        | O::I64TruncSatF64S
        | O::I64TruncSatF64U => only_v4(simple(1, 1))?,
        O::TypedSelect { .. } | O::RefNull { .. } | O::RefIsNull | O::RefFunc { .. } => {
            return Err(InstrumentError::Unsupported(
                "typed select and reference instructions",
            ))
        }
        other => match other_arity(other) {
            Some((pop, push)) => simple(pop, push),
            None => {
                return Err(InstrumentError::Unsupported(
                    "operator outside the accepted feature set",
                ))
            }
        },
    };
    Ok((kind, false))
}

/// Whether the 0.4.0 metering can price `op` linearly (its last operand is an i32 count).
pub(crate) fn may_be_linear(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::MemoryGrow { .. }
            | Operator::TableGrow { .. }
            | Operator::MemoryInit { .. }
            | Operator::MemoryCopy { .. }
            | Operator::MemoryFill { .. }
            | Operator::TableInit { .. }
            | Operator::TableCopy { .. }
            | Operator::TableFill { .. }
    )
}

/// (pop, push) of the MVP memory, numeric and conversion operators.
fn other_arity(op: &Operator<'_>) -> Option<(u32, u32)> {
    macro_rules! group {
        ($($name:ident)*) => { matches!(op, $(Operator::$name { .. })|*) };
    }
    if group!(I32Load I64Load F32Load F64Load I32Load8S I32Load8U I32Load16S I32Load16U
        I64Load8S I64Load8U I64Load16S I64Load16U I64Load32S I64Load32U)
    {
        return Some((1, 1));
    }
    if group!(I32Store I64Store F32Store F64Store I32Store8 I32Store16 I64Store8 I64Store16
        I64Store32)
    {
        return Some((2, 0));
    }
    if group!(I32Eqz I64Eqz I32Clz I32Ctz I32Popcnt I64Clz I64Ctz I64Popcnt
        F32Abs F32Neg F32Ceil F32Floor F32Trunc F32Nearest F32Sqrt
        F64Abs F64Neg F64Ceil F64Floor F64Trunc F64Nearest F64Sqrt
        I32WrapI64 I32TruncF32S I32TruncF32U I32TruncF64S I32TruncF64U
        I64ExtendI32S I64ExtendI32U I64TruncF32S I64TruncF32U I64TruncF64S I64TruncF64U
        F32ConvertI32S F32ConvertI32U F32ConvertI64S F32ConvertI64U F32DemoteF64
        F64ConvertI32S F64ConvertI32U F64ConvertI64S F64ConvertI64U F64PromoteF32
        I32ReinterpretF32 I64ReinterpretF64 F32ReinterpretI32 F64ReinterpretI64)
    {
        return Some((1, 1));
    }
    if group!(I32Eq I32Ne I32LtS I32LtU I32GtS I32GtU I32LeS I32LeU I32GeS I32GeU
        I64Eq I64Ne I64LtS I64LtU I64GtS I64GtU I64LeS I64LeU I64GeS I64GeU
        F32Eq F32Ne F32Lt F32Gt F32Le F32Ge F64Eq F64Ne F64Lt F64Gt F64Le F64Ge
        I32Add I32Sub I32Mul I32DivS I32DivU I32RemS I32RemU I32And I32Or I32Xor
        I32Shl I32ShrS I32ShrU I32Rotl I32Rotr
        I64Add I64Sub I64Mul I64DivS I64DivU I64RemS I64RemU I64And I64Or I64Xor
        I64Shl I64ShrS I64ShrU I64Rotl I64Rotr
        F32Add F32Sub F32Mul F32Div F32Min F32Max F32Copysign
        F64Add F64Sub F64Mul F64Div F64Min F64Max F64Copysign)
    {
        return Some((2, 1));
    }
    None
}
