//! The re-encoding pass: applies a [`Plan`], keeps only the [`KEPT_EXPORTS`] and the `name` section, and
//! lowers sign-extension operators.

use super::plan::{is_wasm_bindgen_import, Plan};
use super::reach::KEPT_EXPORTS;
use super::{sign_ext, PostprocessError};
use wasm_encoder::reencode::{utils, Error, Reencode};
use wasm_encoder::{
    CodeSection, ExportSection, Function, FunctionSection, ImportSection, IndirectNameMap,
    Instruction, Module, NameMap, NameSection, SectionId,
};

type Result<T> = std::result::Result<T, Error<PostprocessError>>;

/// Re-encodes a module according to a [`Plan`].
pub struct Rewriter<'p> {
    plan: &'p Plan,
    function_section_done: bool,
    code_section_done: bool,
    /// How many sign-extension operators were lowered.
    pub sign_ext_lowered: usize,
}

impl<'p> Rewriter<'p> {
    /// A rewriter applying `plan`.
    pub fn new(plan: &'p Plan) -> Self {
        Rewriter {
            plan,
            function_section_done: false,
            code_section_done: false,
            sign_ext_lowered: 0,
        }
    }

    /// Re-encodes `wasm`.
    pub fn run(&mut self, wasm: &[u8]) -> std::result::Result<Vec<u8>, PostprocessError> {
        let mut module = Module::new();
        match self.parse_core_module(&mut module, wasmparser::Parser::new(0), wasm) {
            Ok(()) => Ok(module.finish()),
            Err(Error::UserError(error)) => Err(error),
            Err(Error::ParseError(error)) => Err(PostprocessError::Malformed(error)),
            Err(other) => Err(PostprocessError::Reencode(other.to_string())),
        }
    }

    fn add_trap_types(&mut self, functions: &mut FunctionSection) {
        for &type_index in &self.plan.trap_types {
            functions.function(type_index);
        }
        self.function_section_done = true;
    }

    fn add_trap_bodies(&mut self, code: &mut CodeSection) {
        for _ in &self.plan.trap_types {
            let mut body = Function::new([]);
            body.instruction(&Instruction::Unreachable)
                .instruction(&Instruction::End);
            code.function(&body);
        }
        self.code_section_done = true;
    }

    /// Remaps and re-sorts a name map keyed by function index, leaving out dropped functions.
    fn function_names(&self, map: wasmparser::NameMap<'_>) -> Result<NameMap> {
        let mut entries = Vec::new();
        for naming in map {
            let naming = naming?;
            if let Some(index) = self.plan.function_index(naming.index) {
                entries.push((index, naming.name));
            }
        }
        entries.sort_by_key(|&(index, _)| index);
        let mut sorted = NameMap::new();
        for (index, name) in entries {
            sorted.append(index, name);
        }
        Ok(sorted)
    }

    /// [`Self::function_names`] for maps of maps (local and label names).
    fn function_indirect_names(
        &self,
        map: wasmparser::IndirectNameMap<'_>,
    ) -> Result<IndirectNameMap> {
        let mut entries = Vec::new();
        for naming in map {
            let naming = naming?;
            if let Some(index) = self.plan.function_index(naming.index) {
                entries.push((index, utils::name_map(naming.names, Ok)?));
            }
        }
        entries.sort_by_key(|(index, _)| *index);
        let mut sorted = IndirectNameMap::new();
        for (index, names) in &entries {
            sorted.append(*index, names);
        }
        Ok(sorted)
    }
}

/// The position of a section in a module's binary layout.
fn order(id: SectionId) -> u8 {
    match id {
        SectionId::Custom => 0,
        SectionId::Type => 1,
        SectionId::Import => 2,
        SectionId::Function => 3,
        SectionId::Table => 4,
        SectionId::Memory => 5,
        SectionId::Tag => 6,
        SectionId::Global => 7,
        SectionId::Export => 8,
        SectionId::Start => 9,
        SectionId::Element => 10,
        SectionId::DataCount => 11,
        SectionId::Code => 12,
        SectionId::Data => 13,
    }
}

/// Whether the slot of section `id` is behind us once the next section is `before` (`None`: the end).
fn passed(id: SectionId, before: Option<SectionId>) -> bool {
    before.is_none_or(|next| order(next) > order(id))
}

fn dropped_function(index: u32) -> Error<PostprocessError> {
    Error::UserError(PostprocessError::Invalid(format!(
        "reference to dropped function {index}"
    )))
}

impl Reencode for Rewriter<'_> {
    type Error = PostprocessError;

    fn function_index(&mut self, func: u32) -> Result<u32> {
        self.plan
            .function_index(func)
            .ok_or_else(|| dropped_function(func))
    }

    fn start_section(&mut self, start: u32) -> Result<u32> {
        self.function_index(start)
    }

    fn parse_import_section(
        &mut self,
        imports: &mut ImportSection,
        section: wasmparser::ImportSectionReader<'_>,
    ) -> Result<()> {
        let mut function_imports = self.plan.keep_import.iter();
        for import in section.into_imports() {
            let import = import?;
            let keep = match import.ty {
                wasmparser::TypeRef::Func(_) => function_imports.next().copied().unwrap_or(false),
                _ if is_wasm_bindgen_import(import.module) => {
                    return Err(Error::UserError(PostprocessError::NonFunctionImport {
                        module: import.module.to_owned(),
                        name: import.name.to_owned(),
                    }))
                }
                _ => true,
            };
            if keep {
                imports.import(import.module, import.name, self.entity_type(import.ty)?);
            }
        }
        Ok(())
    }

    fn parse_function_section(
        &mut self,
        functions: &mut FunctionSection,
        section: wasmparser::FunctionSectionReader<'_>,
    ) -> Result<()> {
        self.add_trap_types(functions);
        for (type_index, &keep) in section.into_iter().zip(&self.plan.keep_defined) {
            let type_index = type_index?;
            if keep {
                functions.function(self.type_index(type_index)?);
            }
        }
        Ok(())
    }

    fn parse_code_section(
        &mut self,
        code: &mut CodeSection,
        section: wasmparser::CodeSectionReader<'_>,
    ) -> Result<()> {
        self.add_trap_bodies(code);
        for (body, &keep) in section.into_iter().zip(&self.plan.keep_defined) {
            let body = body?;
            if keep {
                self.parse_function_body(code, body)?;
            }
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<()> {
        let mut function = self.new_function_with_parsed_locals(&func)?;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let operator = reader.read()?;
            if let Some(lowered) = sign_ext::lower(&operator) {
                self.sign_ext_lowered += 1;
                for instruction in &lowered {
                    function.instruction(instruction);
                }
            } else {
                function.instruction(&self.instruction(operator)?);
            }
        }
        code.function(&function);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<()> {
        for export in section {
            let export = export?;
            if KEPT_EXPORTS.contains(&export.name) {
                self.parse_export(exports, export)?;
            }
        }
        Ok(())
    }

    fn parse_custom_section(
        &mut self,
        module: &mut Module,
        section: wasmparser::CustomSectionReader<'_>,
    ) -> Result<()> {
        // Only the name section is worth keeping (for backtraces); wasm-bindgen's metadata, `producers`
        // and `target_features` go.
        if let wasmparser::KnownCustom::Name(names) = section.as_known() {
            module.section(&self.custom_name_section(names)?);
        }
        Ok(())
    }

    fn parse_custom_name_subsection(
        &mut self,
        names: &mut NameSection,
        section: wasmparser::Name<'_>,
    ) -> Result<()> {
        match section {
            wasmparser::Name::Function(map) => names.functions(&self.function_names(map)?),
            wasmparser::Name::Local(map) => names.locals(&self.function_indirect_names(map)?),
            wasmparser::Name::Label(map) => names.labels(&self.function_indirect_names(map)?),
            other => utils::parse_custom_name_subsection(self, names, other)?,
        }
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<()> {
        // A module with trapping functions but no function or code section of its own still needs
        // those sections: emit them at their place.
        if self.plan.trap_types.is_empty() {
            return Ok(());
        }
        if !self.function_section_done && passed(SectionId::Function, before) {
            let mut functions = FunctionSection::new();
            self.add_trap_types(&mut functions);
            module.section(&functions);
        }
        if !self.code_section_done && passed(SectionId::Code, before) {
            let mut code = CodeSection::new();
            self.add_trap_bodies(&mut code);
            module.section(&code);
        }
        Ok(())
    }
}
