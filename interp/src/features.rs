//! The wasm feature sets the reference accepts, per instrumentation version, and the matching
//! wasmi configurations.
//!
//! - ref-fvm v2 (nv15–nv17, fvm-wasm-instrument 0.2.0): wasm MVP (with mutable globals) plus
//!   bulk memory. wasmtime there also accepts sign-extension and saturating float-to-int, but
//!   the instrumentation's parser (parity-wasm 0.42 without those features) rejects them, so
//!   in effect they are refused too.
//! - ref-fvm v3 (nv18 onward, fvm-wasm-instrument 0.4.0): wasmtime's wasm 2.0 defaults minus
//!   SIMD and multi-value, without GC types: MVP, mutable globals, bulk memory, sign-extension,
//!   saturating float-to-int and reference types restricted to `funcref` (`externref` needs
//!   the GC types wasmtime is built without). Typed `select`, `ref.null`, `ref.is_null` and
//!   `ref.func` pass validation but the instrumentation refuses them.

use wasmparser::WasmFeatures;

use crate::instrument::Instrumenter;

/// The features modules are validated with before the 0.2.0 instrumentation (nv15–nv17).
pub fn wasm_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL | WasmFeatures::BULK_MEMORY | WasmFeatures::FLOATS
}

impl Instrumenter {
    /// The features modules are validated with before this instrumentation.
    pub fn wasm_features(self) -> WasmFeatures {
        match self {
            Instrumenter::V0_2 => wasm_features(),
            Instrumenter::V0_4 => {
                wasm_features()
                    | WasmFeatures::SIGN_EXTENSION
                    | WasmFeatures::SATURATING_FLOAT_TO_INT
                    | WasmFeatures::REFERENCE_TYPES
            }
        }
    }
}

/// Maximum wasmi call depth: the stack limiter allows at most 1024 instrumented frames (each
/// costs at least 2 of 2048 units), and a thunk adds one more wasmi frame per counted frame.
pub(crate) const MAX_RECURSION_DEPTH: usize = 8 * 1024;
/// Maximum wasmi value stack, in bytes: never reached before the stack limiter fires. What
/// the limiter does not count per frame is at most 1,000 parameters and the 16 locals of
/// inlined leaves (`instrument::inline`): 8,192 frames x 1,016 values x 16 bytes (133 MB) <
/// this.
pub(crate) const MAX_VALUE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// A wasmi configuration with the features of `instrumenter`, eager compilation, no fuel and
/// native limits above the instrumented ones. (Lazy translation would cut a cold start by about a
/// fifth, but wasmi 2.0.0's translator can panic on some valid modules; eagerly, that is a load
/// error, lazily it would strike in the middle of a call and could leave the module's code map
/// half-translated for every later call.)
pub(crate) fn wasmi_config(instrumenter: Instrumenter) -> wasmi::Config {
    let v4 = instrumenter == Instrumenter::V0_4;
    let mut c = wasmi::Config::default();
    c.wasm_mutable_global(true)
        .wasm_bulk_memory(true)
        .floats(true)
        .wasm_sign_extension(v4)
        .wasm_saturating_float_to_int(v4)
        .wasm_reference_types(v4)
        .wasm_multi_value(false)
        .wasm_multi_memory(false)
        .wasm_tail_call(false)
        .wasm_extended_const(false)
        .wasm_custom_page_sizes(false)
        .wasm_wide_arithmetic(false)
        .consume_fuel(false)
        .ignore_custom_sections(true)
        .compilation_mode(wasmi::CompilationMode::Eager)
        .set_max_recursion_depth(MAX_RECURSION_DEPTH)
        .set_max_stack_height(MAX_VALUE_STACK_BYTES);
    c
}
