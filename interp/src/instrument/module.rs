//! Reading a validated module into the parts the instrumentation rewrites, and refusing what
//! the reference's instrumentation (parity-wasm 0.42 + fvm-wasm-instrument 0.2.0, or
//! fvm-wasm-instrument 0.4.0 on wasmparser) refuses.

use core::ops::Range;

use wasmparser::{
    BinaryReader, DataKind, ElementItems, ElementKind, ExternalKind, FunctionBody, Operator,
    Parser, Payload, TypeRef,
};

use super::{InstrumentError, Instrumenter};

/// An export entry, kind encoded as in the binary format.
pub(crate) struct ExportEntry {
    pub(crate) name: String,
    pub(crate) kind: u8,
    pub(crate) index: u32,
}

/// How an element segment is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ElementMode {
    /// Copied into a table at instantiation: the table index if encoded explicitly (0.4.0
    /// only; else table 0) and the `i32.const` offset.
    Active { table: Option<u32>, offset: i32 },
    /// Available to `table.init` (0.4.0 only).
    Passive,
    /// Only declares functions for `ref.func` (0.4.0 only).
    Declared,
}

/// An element segment listing function indices, or (0.4.0) an expression segment with no
/// items, which is copied verbatim.
pub(crate) struct ElementEntry {
    pub(crate) mode: ElementMode,
    pub(crate) funcs: Vec<u32>,
    /// The segment's bytes, when it is copied verbatim.
    pub(crate) verbatim: Option<Range<usize>>,
}

/// A function type with numeric value types only (see [`ParsedModule::numeric_sigs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumericSig {
    pub(crate) params: Vec<u8>,
    /// `0x40` for no result, else the result's value type byte.
    pub(crate) block_type: u8,
}

impl NumericSig {
    fn of(params: &[wasmparser::ValType], results: &[wasmparser::ValType]) -> Option<NumericSig> {
        let params = params
            .iter()
            .map(|&ty| numeric_type_byte(ty))
            .collect::<Option<Vec<u8>>>()?;
        let block_type = match results {
            [] => crate::encode::op::EMPTY_BLOCK,
            [one] => numeric_type_byte(*one)?,
            _ => return None,
        };
        Some(NumericSig { params, block_type })
    }
}

/// The binary encoding of a numeric value type (`None` for any other type).
pub(crate) fn numeric_type_byte(ty: wasmparser::ValType) -> Option<u8> {
    use crate::encode::op;
    match ty {
        wasmparser::ValType::I32 => Some(op::VALTYPE_I32),
        wasmparser::ValType::I64 => Some(op::VALTYPE_I64),
        wasmparser::ValType::F32 => Some(op::VALTYPE_F32),
        wasmparser::ValType::F64 => Some(op::VALTYPE_F64),
        _ => None,
    }
}

/// The parts of a module the instrumentation needs.
#[derive(Default)]
pub(crate) struct ParsedModule<'a> {
    /// Raw payloads (without the count) and counts of sections extended by appending.
    pub(crate) types: (u32, &'a [u8]),
    pub(crate) functions: (u32, &'a [u8]),
    pub(crate) globals: (u32, &'a [u8]),
    /// Raw payloads of sections copied verbatim.
    pub(crate) imports: Option<&'a [u8]>,
    pub(crate) tables: Option<&'a [u8]>,
    pub(crate) memories: Option<&'a [u8]>,
    pub(crate) data_count: Option<&'a [u8]>,
    pub(crate) data: Option<&'a [u8]>,
    /// (params, results) of every type.
    pub(crate) type_arities: Vec<(u32, u32)>,
    /// Of every type whose parameters are all numeric and which has at most one (numeric)
    /// result: the parameters' value type bytes and the block type byte of its results.
    pub(crate) numeric_sigs: Vec<Option<NumericSig>>,
    /// Type index of every function, imports first.
    pub(crate) func_types: Vec<u32>,
    pub(crate) imported_funcs: u32,
    pub(crate) exports: Vec<ExportEntry>,
    pub(crate) start: Option<u32>,
    pub(crate) elements: Vec<ElementEntry>,
    pub(crate) bodies: Vec<FunctionBody<'a>>,
}

fn perr(e: wasmparser::BinaryReaderError) -> InstrumentError {
    InstrumentError::Parse(e.to_string())
}

fn slice(wasm: &[u8], range: Range<u64>) -> Result<&[u8], InstrumentError> {
    let start = usize::try_from(range.start).map_err(|_| InstrumentError::Malformed("range"))?;
    let end = usize::try_from(range.end).map_err(|_| InstrumentError::Malformed("range"))?;
    wasm.get(start..end)
        .ok_or(InstrumentError::Malformed("section out of range"))
}

/// Splits a vector section's payload into its count and its entries.
fn counted(payload: &[u8]) -> Result<(u32, &[u8]), InstrumentError> {
    let mut r = BinaryReader::new(payload, 0);
    let count = r.read_var_u32().map_err(perr)?;
    let rest = payload
        .get(r.current_position()..)
        .ok_or(InstrumentError::Malformed("section count"))?;
    Ok((count, rest))
}

/// The value of an offset expression that is exactly `i32.const N; end`, the only form the
/// reference accepts.
fn const_offset(expr: &wasmparser::ConstExpr<'_>) -> Result<i32, InstrumentError> {
    let mut ops = expr.get_operators_reader();
    let first = ops.read().map_err(perr)?;
    let second = ops.read().map_err(perr)?;
    match (first, second, ops.eof()) {
        (Operator::I32Const { value }, Operator::End, true) => Ok(value),
        _ => Err(InstrumentError::Unsupported(
            "segment offset other than i32.const",
        )),
    }
}

fn export_kind(kind: ExternalKind) -> Result<u8, InstrumentError> {
    Ok(match kind {
        ExternalKind::Func => 0,
        ExternalKind::Table => 1,
        ExternalKind::Memory => 2,
        ExternalKind::Global => 3,
        _ => return Err(InstrumentError::Unsupported("export kind")),
    })
}

fn usize_range(range: Range<u64>) -> Result<Range<usize>, InstrumentError> {
    let start = usize::try_from(range.start).map_err(|_| InstrumentError::Malformed("range"))?;
    let end = usize::try_from(range.end).map_err(|_| InstrumentError::Malformed("range"))?;
    Ok(start..end)
}

/// Reads one element segment, refusing what `instrumenter` refuses: 0.2.0 takes only active
/// table-0 function lists; 0.4.0 takes every function list, and expression segments only
/// when empty (its metering requires every element expression to be an `i32.const`, which
/// no valid `funcref` expression is).
fn element(
    element: wasmparser::Element<'_>,
    instrumenter: Instrumenter,
) -> Result<ElementEntry, InstrumentError> {
    let v4 = instrumenter == Instrumenter::V0_4;
    let refused = || {
        InstrumentError::Unsupported(if v4 {
            "element segment with expressions"
        } else {
            "element segment other than an active table-0 function list"
        })
    };
    let mode = match element.kind {
        ElementKind::Active {
            table_index,
            offset_expr,
        } => {
            if table_index.is_some() && !v4 {
                return Err(refused());
            }
            ElementMode::Active {
                table: table_index,
                offset: const_offset(&offset_expr)?,
            }
        }
        ElementKind::Passive if v4 => ElementMode::Passive,
        ElementKind::Declared if v4 => ElementMode::Declared,
        ElementKind::Passive | ElementKind::Declared => return Err(refused()),
    };
    match element.items {
        ElementItems::Functions(funcs) => {
            let funcs = funcs
                .into_iter()
                .collect::<Result<Vec<u32>, _>>()
                .map_err(perr)?;
            Ok(ElementEntry {
                mode,
                funcs,
                verbatim: None,
            })
        }
        ElementItems::Expressions(_, exprs) if v4 && exprs.count() == 0 => Ok(ElementEntry {
            mode,
            funcs: Vec::new(),
            verbatim: Some(usize_range(element.range)?),
        }),
        ElementItems::Expressions(..) => Err(refused()),
    }
}

/// Reads `wasm` (which must already have passed validation).
pub(crate) fn parse(
    wasm: &[u8],
    instrumenter: Instrumenter,
) -> Result<ParsedModule<'_>, InstrumentError> {
    let mut m = ParsedModule::default();
    let mut defined_types = Vec::new();
    let mut has_function_section = false;
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(perr)?;
        let raw = match payload.as_section() {
            Some((_, range)) => Some(slice(wasm, range)?),
            None => None,
        };
        match payload {
            Payload::TypeSection(reader) => {
                m.types = counted(raw.unwrap_or_default())?;
                for ty in reader.into_iter_err_on_gc_types() {
                    let ty = ty.map_err(perr)?;
                    let arity = (ty.params().len(), ty.results().len());
                    let arity = (
                        u32::try_from(arity.0).map_err(|_| InstrumentError::Malformed("params"))?,
                        u32::try_from(arity.1)
                            .map_err(|_| InstrumentError::Malformed("results"))?,
                    );
                    m.type_arities.push(arity);
                    m.numeric_sigs
                        .push(NumericSig::of(ty.params(), ty.results()));
                }
            }
            Payload::ImportSection(reader) => {
                m.imports = raw;
                for import in reader.into_imports() {
                    match import.map_err(perr)?.ty {
                        TypeRef::Func(ty) => {
                            m.func_types.push(ty);
                            m.imported_funcs += 1;
                        }
                        TypeRef::Global(_) => {
                            return Err(InstrumentError::Unsupported("global import"));
                        }
                        TypeRef::Table(_) | TypeRef::Memory(_) => {}
                        _ => return Err(InstrumentError::Unsupported("import kind")),
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                has_function_section = true;
                m.functions = counted(raw.unwrap_or_default())?;
                for ty in reader {
                    defined_types.push(ty.map_err(perr)?);
                }
            }
            Payload::TableSection(_) => m.tables = raw,
            Payload::MemorySection(_) => m.memories = raw,
            Payload::GlobalSection(_) => m.globals = counted(raw.unwrap_or_default())?,
            Payload::ExportSection(reader) => {
                for export in reader {
                    let e = export.map_err(perr)?;
                    m.exports.push(ExportEntry {
                        name: e.name.to_owned(),
                        kind: export_kind(e.kind)?,
                        index: e.index,
                    });
                }
            }
            Payload::StartSection { func, .. } => m.start = Some(func),
            Payload::ElementSection(reader) => {
                for e in reader {
                    m.elements.push(element(e.map_err(perr)?, instrumenter)?);
                }
            }
            Payload::DataCountSection { .. } => m.data_count = raw,
            Payload::DataSection(reader) => {
                m.data = raw;
                for data in reader {
                    if let DataKind::Active { offset_expr, .. } = data.map_err(perr)?.kind {
                        const_offset(&offset_expr)?;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => m.bodies.push(body),
            Payload::Version { .. }
            | Payload::CodeSectionStart { .. }
            | Payload::CustomSection(_)
            | Payload::End(_) => {}
            _ => return Err(InstrumentError::Unsupported("section kind")),
        }
    }
    if m.bodies.len() != defined_types.len() {
        return Err(InstrumentError::Malformed(
            "function and code sections disagree",
        ));
    }
    // 0.4.0's stack limiter needs a function section to add its thunks to.
    if instrumenter == Instrumenter::V0_4 && !has_function_section {
        return Err(InstrumentError::Unsupported(
            "module without a function section",
        ));
    }
    m.func_types.extend(defined_types);
    Ok(m)
}
