//! The engine: one wasmi engine per consensus configuration, module preparation (validate,
//! instrument, compile) and a module cache keyed by code CID bytes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use wasmparser::Validator;

use crate::error::LoadError;
use crate::features::{wasm_features, wasmi_config};
use crate::instrument::instrument;
use crate::rules::{GasRules, WasmPrices};

/// The consensus-relevant engine parameters (from the network configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EngineConfig {
    /// The stack limiter's maximum (2048 on mainnet).
    pub max_wasm_stack: u32,
    /// The wasm execution prices.
    pub wasm_prices: WasmPrices,
}

impl EngineConfig {
    /// The configuration of network version 15.
    pub const NV15: EngineConfig = EngineConfig {
        max_wasm_stack: 2048,
        wasm_prices: WasmPrices::NV15,
    };
    /// The configuration of network version 16 (Skyr).
    pub const NV16: EngineConfig = EngineConfig {
        max_wasm_stack: 2048,
        wasm_prices: WasmPrices::SKYR,
    };
}

/// A module that passed validation, instrumentation and compilation with an [`Engine`].
#[derive(Debug, Clone)]
pub struct Module {
    module: wasmi::Module,
}

impl Module {
    /// The compiled wasmi module.
    pub fn wasmi_module(&self) -> &wasmi::Module {
        &self.module
    }
}

struct Inner {
    wasmi: wasmi::Engine,
    config: Option<EngineConfig>,
    stack_limit: u32,
    rules: Box<dyn GasRules + Send + Sync>,
    cache: Mutex<BTreeMap<Vec<u8>, Module>>,
}

/// A caching wasmi engine. Cheap to clone (shared).
#[derive(Clone)]
pub struct Engine(Arc<Inner>);

impl core::fmt::Debug for Engine {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Engine")
            .field("stack_limit", &self.0.stack_limit)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine with the network's configuration.
    pub fn new(config: EngineConfig) -> Engine {
        Engine::build(config.max_wasm_stack, config.wasm_prices, Some(config))
    }

    /// An engine with custom gas rules (tests and tools).
    pub fn with_rules(max_wasm_stack: u32, rules: impl GasRules + Send + Sync + 'static) -> Engine {
        Engine::build(max_wasm_stack, rules, None)
    }

    fn build(
        max_wasm_stack: u32,
        rules: impl GasRules + Send + Sync + 'static,
        config: Option<EngineConfig>,
    ) -> Engine {
        Engine(Arc::new(Inner {
            wasmi: wasmi::Engine::new(&wasmi_config()),
            config,
            stack_limit: max_wasm_stack,
            rules: Box::new(rules),
            cache: Mutex::new(BTreeMap::new()),
        }))
    }

    /// The network configuration this engine was built with (`None` for custom rules).
    pub fn config(&self) -> Option<EngineConfig> {
        self.0.config
    }

    /// The underlying wasmi engine (for creating linkers and stores).
    pub fn wasmi_engine(&self) -> &wasmi::Engine {
        &self.0.wasmi
    }

    /// The stack limiter's maximum.
    pub fn stack_limit(&self) -> u32 {
        self.0.stack_limit
    }

    /// Validates, instruments and compiles `wasm`, or returns the module already prepared
    /// under `code_key` (the code CID's bytes). Failures are not cached.
    pub fn prepare(&self, code_key: &[u8], wasm: &[u8]) -> Result<Module, LoadError> {
        if let Some(module) = self.cached(code_key) {
            return Ok(module);
        }
        let module = self.prepare_uncached(wasm)?;
        let mut cache = self.0.cache.lock().unwrap_or_else(|p| p.into_inner());
        Ok(cache.entry(code_key.to_vec()).or_insert(module).clone())
    }

    /// The module prepared under `code_key`, if any.
    pub fn cached(&self, code_key: &[u8]) -> Option<Module> {
        let cache = self.0.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.get(code_key).cloned()
    }

    /// Validates, instruments and compiles `wasm` without touching the cache.
    pub fn prepare_uncached(&self, wasm: &[u8]) -> Result<Module, LoadError> {
        let instrumented = self.instrument(wasm)?;
        let module = compile(&self.0.wasmi, &instrumented)?;
        Ok(Module { module })
    }

    /// Validates and instruments `wasm`, returning the instrumented binary.
    pub fn instrument(&self, wasm: &[u8]) -> Result<Vec<u8>, LoadError> {
        Validator::new_with_features(wasm_features())
            .validate_all(wasm)
            .map_err(|e| LoadError::Invalid(e.to_string()))?;
        Ok(instrument(wasm, self.0.rules.as_ref(), self.0.stack_limit)?)
    }

    /// A new store holding `data`.
    pub fn new_store<T>(&self, data: T) -> wasmi::Store<T> {
        wasmi::Store::new(&self.0.wasmi, data)
    }
}

/// Compiles with wasmi. wasmi 2.0.0's translator has reachable `unreachable!()`s on some valid
/// modules; such a panic is turned into a load error instead of taking the process down.
pub(crate) fn compile(engine: &wasmi::Engine, wasm: &[u8]) -> Result<wasmi::Module, LoadError> {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        wasmi::Module::new(engine, wasm)
    }));
    match attempt {
        Ok(Ok(module)) => Ok(module),
        Ok(Err(e)) => Err(LoadError::Compile(e.to_string())),
        Err(_) => Err(LoadError::Compile("wasmi panicked while compiling".into())),
    }
}
