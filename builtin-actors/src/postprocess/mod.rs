//! Post-processing of the actor modules into what network version 15 accepts.
//!
//! Current Rust leaves things in the actor modules that the nv15 FVM rejects:
//! - imports from wasm-bindgen (`__wbindgen_placeholder__` and friends, pulled in by `getrandom`'s `js`
//!   feature) with hundreds of `__wbindgen_describe_*` exports that keep them alive. Only the
//!   [`KEPT_EXPORTS`] stay; functions that cannot run any more are dropped (`reach.rs`); a wasm-bindgen
//!   import that is still reachable (`__wbindgen_throw`) becomes a defined function of the same type that
//!   traps (`plan.rs`);
//! - sign-extension operators from the precompiled standard library: each becomes an equivalent shift pair
//!   (`sign_ext.rs`).
//!
//! Custom sections other than `name` are dropped. The result must then validate under [`NV15_FEATURES`]
//! and import only [`ABI_V1_IMPORTS`].
//!
//! This module depends on nothing but `wasmparser`, `wasm-encoder` and `thiserror`: the build script of
//! this crate includes it with `#[path]`.

mod abi;
mod plan;
mod reach;
mod rewrite;
mod sign_ext;

pub use abi::{
    check_abi_v1_imports, imports, is_abi_v1_import, validate_nv15, ABI_V1_IMPORTS, NV15_FEATURES,
};
pub use reach::KEPT_EXPORTS;

/// Why a module could not be post-processed.
#[derive(Debug, thiserror::Error)]
pub enum PostprocessError {
    /// The input is not well-formed wasm.
    #[error("malformed wasm: {0}")]
    Malformed(#[from] wasmparser::BinaryReaderError),
    /// The module could not be re-encoded.
    #[error("cannot re-encode: {0}")]
    Reencode(String),
    /// A wasm-bindgen import that is not a function (only functions can be replaced).
    #[error("cannot replace the non-function import {module}.{name}")]
    NonFunctionImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// An import that is not one of the ABI v1 host functions.
    #[error("import {module}.{name} is not an ABI v1 host function")]
    ForeignImport {
        /// Import module.
        module: String,
        /// Import name.
        name: String,
    },
    /// The module does not validate under the nv15 feature set.
    #[error("invalid under the nv15 feature set: {0}")]
    Invalid(String),
}

/// What [`postprocess`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostprocessReport {
    /// `module.name` of each import replaced by a trapping function, in declaration order.
    pub replaced_imports: Vec<String>,
    /// How many functions (imports or defined) were dropped as unreachable.
    pub dropped_functions: usize,
    /// How many sign-extension operators were lowered into shift pairs.
    pub sign_ext_lowered: usize,
}

/// Post-processes an actor module: keeps only the [`KEPT_EXPORTS`], drops unreachable functions, replaces
/// the reachable wasm-bindgen imports by trapping functions and lowers sign-extension operators; then checks that the result validates under [`NV15_FEATURES`] and
/// imports only [`ABI_V1_IMPORTS`].
pub fn postprocess(wasm: &[u8]) -> Result<(Vec<u8>, PostprocessReport), PostprocessError> {
    let output = rewrite_only(wasm)?;
    validate_nv15(&output.0)?;
    check_abi_v1_imports(&output.0)?;
    Ok(output)
}

/// The rewriting part of [`postprocess`], without its final checks.
pub fn rewrite_only(wasm: &[u8]) -> Result<(Vec<u8>, PostprocessReport), PostprocessError> {
    let plan = plan::Plan::of(wasm)?;
    let mut rewriter = rewrite::Rewriter::new(&plan);
    let output = rewriter.run(wasm)?;
    let report = PostprocessReport {
        replaced_imports: plan.trapped.clone(),
        dropped_functions: plan.dropped,
        sign_ext_lowered: rewriter.sign_ext_lowered,
    };
    Ok((output, report))
}

#[cfg(test)]
mod tests;
