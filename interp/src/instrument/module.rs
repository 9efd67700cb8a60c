//! Reading a validated module into the parts the instrumentation rewrites, and refusing what
//! the reference's instrumentation (parity-wasm 0.42 + fvm-wasm-instrument 0.2.0) refuses.

use core::ops::Range;

use wasmparser::{
    BinaryReader, DataKind, ElementItems, ElementKind, ExternalKind, FunctionBody, Operator,
    Parser, Payload, TypeRef,
};

use super::InstrumentError;

/// An export entry, kind encoded as in the binary format.
pub(crate) struct ExportEntry {
    pub(crate) name: String,
    pub(crate) kind: u8,
    pub(crate) index: u32,
}

/// An active element segment on table 0 with an `i32.const` offset.
pub(crate) struct ElementEntry {
    pub(crate) offset: i32,
    pub(crate) funcs: Vec<u32>,
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

/// Reads `wasm` (which must already have passed validation).
pub(crate) fn parse(wasm: &[u8]) -> Result<ParsedModule<'_>, InstrumentError> {
    let mut m = ParsedModule::default();
    let mut defined_types = Vec::new();
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
                for element in reader {
                    let element = element.map_err(perr)?;
                    let (
                        ElementKind::Active {
                            table_index: None,
                            offset_expr,
                        },
                        ElementItems::Functions(funcs),
                    ) = (element.kind, element.items)
                    else {
                        return Err(InstrumentError::Unsupported(
                            "element segment other than an active table-0 function list",
                        ));
                    };
                    let offset = const_offset(&offset_expr)?;
                    let funcs = funcs
                        .into_iter()
                        .collect::<Result<Vec<u32>, _>>()
                        .map_err(perr)?;
                    m.elements.push(ElementEntry { offset, funcs });
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
    m.func_types.extend(defined_types);
    Ok(m)
}
