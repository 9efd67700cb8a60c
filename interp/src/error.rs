//! Errors of loading, instantiating and executing modules.

use thiserror::Error;

use crate::instrument::InstrumentError;

/// Why a module was rejected at load.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadError {
    /// Not a valid module under the accepted feature set.
    #[error("invalid module: {0}")]
    Invalid(String),
    /// Valid, but refused by the gas/stack instrumentation (as the reference refuses it).
    #[error("instrumentation failed: {0}")]
    Instrumentation(#[from] InstrumentError),
    /// The module's memory or tables cannot fit the engine's limits ([`EngineLimits`]).
    ///
    /// [`EngineLimits`]: crate::EngineLimits
    #[error("over the engine's limits: {0}")]
    Limits(String),
    /// wasmi refused the instrumented module.
    #[error("compilation failed: {0}")]
    Compile(String),
}

/// Why an instantiation failed.
#[derive(Debug, Error)]
pub enum InstantiateError {
    /// An import is not defined by the linker or has the wrong type.
    #[error("linking failed: {0}")]
    Link(String),
    /// The start function (or a segment initialisation) trapped.
    #[error("start trapped: {0}")]
    Start(String),
    /// The store's limiter refused the instance's initial memory or table (from nv18: the call
    /// stack's memory limit).
    #[error("memory limits: {0}")]
    Limits(String),
    /// A required export is missing or has the wrong type.
    #[error("missing or mistyped export {0:?}")]
    MissingExport(&'static str),
}

/// How a call into an instance ended when it did not return normally.
#[derive(Debug, Error)]
pub enum ExecError<E> {
    /// The gas global went negative (the charge at the start of a metered block failed).
    #[error("out of gas")]
    OutOfGas,
    /// The stack-height limiter trapped.
    #[error("stack overflow")]
    StackOverflow,
    /// Any other wasm trap (`unreachable`, out-of-bounds access, division by zero, ...).
    #[error("wasm trap: {code}")]
    Trap {
        /// The trap code.
        code: wasmi::TrapCode,
    },
    /// A host function failed with the typed host error `E`.
    #[error("host error: {0}")]
    Host(E),
    /// One of wasmi's own resource limits fired (should never happen before the
    /// instrumented limits).
    #[error("wasmi resource limit: {0}")]
    ResourceLimit(String),
    /// Anything else (e.g. a host error of another type).
    #[error("execution failed: {0}")]
    Other(String),
}

/// The injected gas global could not be read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("the instance has no usable gas global")]
pub struct GasGlobalError;

impl wasmi::errors::HostError for GasGlobalError {}
