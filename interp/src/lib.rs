//! The fvmi invocation container: wasmi engine, module validation, gas and stack
//! instrumentation, module cache.
//!
//! See this crate's README.md for its place in fvmi.

mod disk_cache;
mod encode;
mod engine;
mod error;
mod exec;
mod features;
mod instrument;
mod limiter;
mod rules;

pub use disk_cache::DiskCache;
pub use engine::{Engine, EngineConfig, EngineLimits, Module};
pub use error::{ExecError, GasGlobalError, InstantiateError, LoadError};
pub use exec::{ActorInstance, INVOKE_EXPORT, MEMORY_EXPORT};
pub use features::wasm_features;
pub use instrument::{
    instrument, instrument_with, InstrumentError, Instrumenter, GAS_GLOBAL_EXPORT,
    STACK_HEIGHT_EXPORT,
};
pub use limiter::CallStackMemory;
pub use rules::{GasRules, LinearPrices, MemoryGrowCost, WasmPrices};
pub use wasmi;
pub use wasmparser;
