//! The engine: one wasmi engine per consensus configuration, module preparation (validate,
//! instrument, compile) and a module cache keyed by code CID bytes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use wasmparser::{Parser, Payload, Validator};

use crate::disk_cache::DiskCache;
use crate::error::LoadError;
use crate::features::wasmi_config;
use crate::instrument::{instrument_with, Instrumenter};
use crate::rules::{GasRules, WasmPrices};

/// Memory and table limits of the reference's engine. `None`: no limit beyond wasm32's own.
///
/// The engine enforces those that apply when a module is loaded (a module whose *minimum*
/// memory or table exceeds them, or that defines more tables, is rejected, as the reference's
/// pooling allocator refuses to compile it). Growth beyond them at run time, and the total
/// along a call stack, are the embedder's (the kernel's) to enforce with a store limiter: in
/// the reference a refused `memory.grow` / `table.grow` returns -1 (after its gas is charged),
/// and an instantiation whose initial memory and table do not fit ends the call with exit
/// code 4 (`SYS_ILLEGAL_INSTRUCTION`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EngineLimits {
    /// Bytes of linear memory one instance may have (the reference's
    /// `max_inst_memory_bytes`; a multiple of 64 KiB).
    pub max_instance_memory_bytes: Option<u64>,
    /// Elements of one instance's table.
    pub max_table_elements: Option<u32>,
    /// Tables one module may define.
    pub max_defined_tables: Option<u32>,
    /// Bytes of memory all the instances along one message's call stack may hold together:
    /// linear memories plus 8 bytes per table element, counted from instantiation (the
    /// reference's `max_memory_bytes`; enforced by the kernel).
    pub max_call_stack_memory_bytes: Option<u64>,
}

impl EngineLimits {
    /// No limits beyond wasm32's own (ref-fvm v2).
    pub const NONE: EngineLimits = EngineLimits {
        max_instance_memory_bytes: None,
        max_table_elements: None,
        max_defined_tables: None,
        max_call_stack_memory_bytes: None,
    };
    /// ref-fvm v3's network defaults (nv18 onward): 512 MiB per instance, 20,000 table
    /// elements, one defined table, 2 GiB per call stack.
    pub const V3: EngineLimits = EngineLimits {
        max_instance_memory_bytes: Some(512 << 20),
        max_table_elements: Some(20_000),
        max_defined_tables: Some(1),
        max_call_stack_memory_bytes: Some(2 << 30),
    };
}

/// The consensus-relevant engine parameters (from the network configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EngineConfig {
    /// The stack limiter's maximum (2048 on mainnet).
    pub max_wasm_stack: u32,
    /// The wasm execution prices.
    pub wasm_prices: WasmPrices,
    /// The instrumentation (and accepted feature set) reproduced.
    pub instrumenter: Instrumenter,
    /// Memory and table limits.
    pub limits: EngineLimits,
}

impl EngineConfig {
    /// The configuration of network version 15.
    pub const NV15: EngineConfig = EngineConfig {
        max_wasm_stack: 2048,
        wasm_prices: WasmPrices::NV15,
        instrumenter: Instrumenter::V0_2,
        limits: EngineLimits::NONE,
    };
    /// The configuration of network versions 16 (Skyr) and 17 (Shark).
    pub const NV16: EngineConfig = EngineConfig {
        max_wasm_stack: 2048,
        wasm_prices: WasmPrices::SKYR,
        instrumenter: Instrumenter::V0_2,
        limits: EngineLimits::NONE,
    };
    /// The configuration of network versions 18 (Hygge) to 20 (ref-fvm v3.14.1): FIP-0057
    /// prices, fvm-wasm-instrument 0.4.0, 512 MiB per instance, 2 GiB per call stack.
    pub const NV18: EngineConfig = EngineConfig {
        max_wasm_stack: 2048,
        wasm_prices: WasmPrices::HYGGE,
        instrumenter: Instrumenter::V0_4,
        limits: EngineLimits::V3,
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
    instrumenter: Instrumenter,
    limits: EngineLimits,
    stack_limit: u32,
    rules: Box<dyn GasRules + Send + Sync>,
    /// One slot per code key. A thread preparing a module holds its slot's lock, so a second
    /// thread asking for the same code waits for that result instead of compiling it again
    /// (wasmi keeps a compiled module's code in the engine, so a duplicate costs memory).
    cache: Mutex<BTreeMap<Vec<u8>, Slot>>,
    disk: Mutex<Option<DiskCache>>,
}

/// A cache entry: empty until a preparation of its code succeeds.
type Slot = Arc<Mutex<Option<Module>>>;

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
        Engine::build(
            config.instrumenter,
            config.max_wasm_stack,
            config.wasm_prices,
            Some(config),
        )
    }

    /// An engine with custom gas rules and the 0.2.0 instrumentation (tests and tools).
    pub fn with_rules(max_wasm_stack: u32, rules: impl GasRules + Send + Sync + 'static) -> Engine {
        Engine::build(Instrumenter::V0_2, max_wasm_stack, rules, None)
    }

    /// An engine with custom gas rules and the given instrumentation, without memory limits
    /// (tests and tools).
    pub fn with_instrumenter(
        instrumenter: Instrumenter,
        max_wasm_stack: u32,
        rules: impl GasRules + Send + Sync + 'static,
    ) -> Engine {
        Engine::build(instrumenter, max_wasm_stack, rules, None)
    }

    fn build(
        instrumenter: Instrumenter,
        max_wasm_stack: u32,
        rules: impl GasRules + Send + Sync + 'static,
        config: Option<EngineConfig>,
    ) -> Engine {
        Engine(Arc::new(Inner {
            wasmi: wasmi::Engine::new(&wasmi_config(instrumenter)),
            config,
            instrumenter,
            limits: config.map_or(EngineLimits::NONE, |c| c.limits),
            stack_limit: max_wasm_stack,
            rules: Box::new(rules),
            cache: Mutex::new(BTreeMap::new()),
            disk: Mutex::new(None),
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

    /// The instrumentation this engine reproduces.
    pub fn instrumenter(&self) -> Instrumenter {
        self.0.instrumenter
    }

    /// The memory and table limits (none for custom rules).
    pub fn limits(&self) -> EngineLimits {
        self.0.limits
    }

    /// Keeps prepared modules in `cache` across processes (or stops, with `None`). Only an
    /// engine built with a network configuration ([`Engine::new`]) uses it: custom rules
    /// cannot be named in a key.
    pub fn set_disk_cache(&self, cache: Option<DiskCache>) {
        *self.0.disk.lock().unwrap_or_else(|p| p.into_inner()) = cache;
    }

    /// The on-disk cache in use, if any.
    pub fn disk_cache(&self) -> Option<DiskCache> {
        let disk = self.0.disk.lock().unwrap_or_else(|p| p.into_inner());
        disk.clone().filter(|_| self.0.config.is_some())
    }

    /// Validates, instruments and compiles `wasm`, or returns the module already prepared
    /// under `code_key` (the code CID's bytes) in this process, or takes the instrumented
    /// binary from the on-disk cache. Failures are not cached. Concurrent calls for one key
    /// prepare it once: the others wait for that result.
    pub fn prepare(&self, code_key: &[u8], wasm: &[u8]) -> Result<Module, LoadError> {
        let slot = {
            let mut cache = self.0.cache.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(cache.entry(code_key.to_vec()).or_default())
        };
        // Held while preparing: other threads wanting this code wait here. A panic cannot
        // poison it half-written (the slot is only ever set to a finished module).
        let mut prepared = slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(module) = prepared.as_ref() {
            return Ok(module.clone());
        }
        match self.prepare_fresh(wasm) {
            Ok(module) => {
                *prepared = Some(module.clone());
                Ok(module)
            }
            Err(error) => {
                drop(prepared);
                self.forget_failed(code_key, &slot);
                Err(error)
            }
        }
    }

    /// Prepares `wasm` with the on-disk cache if there is one, else afresh.
    fn prepare_fresh(&self, wasm: &[u8]) -> Result<Module, LoadError> {
        let (Some(config), Some(disk)) = (self.0.config, self.disk_cache()) else {
            return self.prepare_uncached(wasm);
        };
        let from_disk = disk
            .load(&config, wasm)
            .and_then(|bytes| compile(&self.0.wasmi, &bytes).ok());
        if let Some(module) = from_disk {
            return Ok(Module { module });
        }
        let bytes = self.instrument_for_engine(wasm)?;
        let module = compile(&self.0.wasmi, &bytes)?;
        disk.store(&config, wasm, &bytes);
        Ok(Module { module })
    }

    /// Drops the cache entry of a failed preparation (failures are not cached), unless another
    /// thread has filled or replaced it meanwhile.
    fn forget_failed(&self, code_key: &[u8], slot: &Slot) {
        let mut cache = self.0.cache.lock().unwrap_or_else(|p| p.into_inner());
        let unfilled = cache.get(code_key).is_some_and(|current| {
            Arc::ptr_eq(current, slot) && current.try_lock().is_ok_and(|module| module.is_none())
        });
        if unfilled {
            cache.remove(code_key);
        }
    }

    /// The module prepared under `code_key`, if any. Does not wait for a preparation under way.
    pub fn cached(&self, code_key: &[u8]) -> Option<Module> {
        let slot = {
            let cache = self.0.cache.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(cache.get(code_key)?)
        };
        let module = match slot.try_lock() {
            Ok(module) => module.clone(),
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().clone(),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        module
    }

    /// Validates, instruments and compiles `wasm` without touching either cache.
    pub fn prepare_uncached(&self, wasm: &[u8]) -> Result<Module, LoadError> {
        let instrumented = self.instrument_for_engine(wasm)?;
        let module = compile(&self.0.wasmi, &instrumented)?;
        Ok(Module { module })
    }

    /// The binary this engine compiles for `wasm`: validated and instrumented. (Growth limits
    /// are the store's: [`crate::CallStackMemory`].)
    fn instrument_for_engine(&self, wasm: &[u8]) -> Result<Vec<u8>, LoadError> {
        self.instrument(wasm)
    }

    /// Validates and instruments `wasm`, returning the instrumented binary.
    pub fn instrument(&self, wasm: &[u8]) -> Result<Vec<u8>, LoadError> {
        let instrumenter = self.0.instrumenter;
        Validator::new_with_features(instrumenter.wasm_features())
            .validate_all(wasm)
            .map_err(|e| LoadError::Invalid(e.to_string()))?;
        check_limits(wasm, &self.0.limits)?;
        Ok(instrument_with(
            instrumenter,
            wasm,
            self.0.rules.as_ref(),
            self.0.stack_limit,
        )?)
    }

    /// A new store holding `data`.
    pub fn new_store<T>(&self, data: T) -> wasmi::Store<T> {
        wasmi::Store::new(&self.0.wasmi, data)
    }
}

/// Refuses a (valid) module whose defined memory or tables cannot fit `limits` even at their
/// minimum size, as the reference's pooling allocator refuses to compile it. (Imported ones
/// are not the module's own; linking them fails later.)
fn check_limits(wasm: &[u8], limits: &EngineLimits) -> Result<(), LoadError> {
    if *limits == EngineLimits::NONE {
        return Ok(());
    }
    let refuse = |what: String| Err(LoadError::Limits(what));
    let mut tables = Vec::new();
    let mut memories = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| LoadError::Invalid(e.to_string()))? {
            Payload::TableSection(reader) => {
                for t in reader {
                    tables.push(t.map_err(|e| LoadError::Invalid(e.to_string()))?.ty);
                }
            }
            Payload::MemorySection(reader) => {
                for m in reader {
                    memories.push(m.map_err(|e| LoadError::Invalid(e.to_string()))?);
                }
            }
            _ => {}
        }
    }
    if let Some(max) = limits.max_defined_tables {
        if tables.len() as u64 > u64::from(max) {
            return refuse(format!(
                "{} tables defined, at most {max} allowed",
                tables.len()
            ));
        }
    }
    if let Some(max) = limits.max_table_elements {
        if let Some(t) = tables.iter().find(|t| t.initial > u64::from(max)) {
            return refuse(format!(
                "a table of {} elements, at most {max} allowed",
                t.initial
            ));
        }
    }
    if let Some(max) = limits.max_instance_memory_bytes {
        for m in &memories {
            let bytes = m.initial.saturating_mul(65_536);
            if bytes > max {
                return refuse(format!(
                    "an initial memory of {bytes} bytes, at most {max} allowed"
                ));
            }
        }
    }
    Ok(())
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
