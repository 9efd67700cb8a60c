//! Module preparation (validation, gas and stack instrumentation, the memory cap, compilation:
//! `Engine::prepare_uncached`, what the machine runs on every actor's code) on raw bytes, for
//! each engine configuration. An error or a module, never a panic; instrumented output is itself
//! valid wasm that prepares again.
#![no_main]

use fvmi_interp::{Engine, EngineConfig};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engines() -> &'static [Engine; 3] {
    static ENGINES: OnceLock<[Engine; 3]> = OnceLock::new();
    ENGINES.get_or_init(|| {
        [
            Engine::new(EngineConfig::NV15),
            Engine::new(EngineConfig::NV16),
            Engine::new(EngineConfig::NV18),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    for engine in engines() {
        let prepared = engine.prepare_uncached(data);
        if let Ok(instrumented) = engine.instrument(data) {
            assert!(
                prepared.is_ok() || engine.limits().max_instance_memory_bytes.is_some(),
                "an instrumented module compiles"
            );
            fvmi_interp::wasmparser::Validator::new_with_features(
                engine.instrumenter().wasm_features(),
            )
            .validate_all(&instrumented)
            .expect("instrumented output is valid wasm");
        }
    }
});
