//! The wasm feature set ref-fvm v2.3 accepts: wasm MVP (with mutable globals) plus bulk
//! memory. wasmtime there also accepts sign-extension and saturating float-to-int, but the
//! reference's instrumentation parser (parity-wasm 0.42 without those features) rejects them,
//! so in effect they are refused too.

use wasmparser::WasmFeatures;

/// The features modules are validated with before instrumentation.
pub fn wasm_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL | WasmFeatures::BULK_MEMORY | WasmFeatures::FLOATS
}

/// Maximum wasmi call depth: the stack limiter allows at most 1024 instrumented frames (each
/// costs at least 2 of 2048 units), and a thunk adds one more wasmi frame per counted frame.
pub(crate) const MAX_RECURSION_DEPTH: usize = 8 * 1024;
/// Maximum wasmi value stack, in bytes: never reached before the stack limiter fires
/// (parameters are not counted by the limiter: 1024 frames x 1000 params x 16 bytes < this).
pub(crate) const MAX_VALUE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// A wasmi configuration with the same features, eager compilation, no fuel and native limits
/// above the instrumented ones.
pub(crate) fn wasmi_config() -> wasmi::Config {
    let mut c = wasmi::Config::default();
    c.wasm_mutable_global(true)
        .wasm_bulk_memory(true)
        .floats(true)
        .wasm_sign_extension(false)
        .wasm_saturating_float_to_int(false)
        .wasm_multi_value(false)
        .wasm_multi_memory(false)
        .wasm_reference_types(false)
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
