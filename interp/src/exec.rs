//! Instantiating prepared modules, calling `invoke`, accessing the injected globals and
//! classifying how a call ended. The injected globals are looked up here, once per instance;
//! everything else reaches them through [`ActorInstance`].

use wasmi::errors::HostError;
use wasmi::errors::{ErrorKind, InstantiationError};
use wasmi::{
    AsContext, AsContextMut, Global, Instance, Linker, Memory, Mutability, Store, TrapCode,
    TypedFunc, Val, ValType,
};

use crate::engine::{Engine, Module};
use crate::error::{ExecError, GasGlobalError, InstantiateError};
use crate::instrument::{GAS_GLOBAL_EXPORT, STACK_HEIGHT_EXPORT};

/// The name of the actor entry point export: `invoke(params: u32) -> u32`.
pub const INVOKE_EXPORT: &str = "invoke";
/// The name of the actor's memory export.
pub const MEMORY_EXPORT: &str = "memory";

/// An instantiated actor module with its entry point, memory and injected globals resolved.
#[derive(Debug, Clone)]
pub struct ActorInstance {
    instance: Instance,
    memory: Memory,
    invoke: TypedFunc<u32, u32>,
    gas: Global,
    height: Global,
    stack_limit: u32,
}

impl Engine {
    /// Instantiates `module` in `store`, resolving imports with `linker` (which must define
    /// every import; anything else fails), runs its start function, and resolves the
    /// `memory` and `invoke` exports and the injected globals (a mutable i64 gas global and an
    /// i32 stack height, as the instrumentation defines them). The gas global starts at 0.
    pub fn instantiate<T>(
        &self,
        store: &mut Store<T>,
        linker: &Linker<T>,
        module: &Module,
    ) -> Result<ActorInstance, InstantiateError> {
        let instance = linker
            .instantiate_and_start(&mut *store, module.wasmi_module())
            .map_err(|e| match e.kind() {
                ErrorKind::Instantiation(
                    InstantiationError::FailedToInstantiateMemory(_)
                    | InstantiationError::FailedToInstantiateTable(_),
                )
                | ErrorKind::Memory(_)
                | ErrorKind::Table(_) => InstantiateError::Limits(e.to_string()),
                ErrorKind::Linker(_) | ErrorKind::Instantiation(_) => {
                    InstantiateError::Link(e.to_string())
                }
                _ => InstantiateError::Start(e.to_string()),
            })?;
        let memory = instance
            .get_memory(&*store, MEMORY_EXPORT)
            .ok_or(InstantiateError::MissingExport(MEMORY_EXPORT))?;
        let invoke = instance
            .get_typed_func::<u32, u32>(&*store, INVOKE_EXPORT)
            .map_err(|_| InstantiateError::MissingExport(INVOKE_EXPORT))?;
        let global = |name: &'static str, content: ValType| {
            instance
                .get_global(&*store, name)
                .filter(|global| {
                    let ty = global.ty(&*store);
                    ty.content() == content && ty.mutability() == Mutability::Var
                })
                .ok_or(InstantiateError::MissingExport(name))
        };
        let gas = global(GAS_GLOBAL_EXPORT, ValType::I64)?;
        let height = global(STACK_HEIGHT_EXPORT, ValType::I32)?;
        Ok(ActorInstance {
            instance,
            memory,
            invoke,
            gas,
            height,
            stack_limit: self.stack_limit(),
        })
    }
}

impl ActorInstance {
    /// The wasmi instance.
    pub fn instance(&self) -> Instance {
        self.instance
    }

    /// The exported memory.
    pub fn memory(&self) -> Memory {
        self.memory
    }

    /// Calls `invoke(params)`. Errors are classified with [`ActorInstance::classify`]; a call
    /// that returns with the gas global negative ran out of gas too (most metered blocks do
    /// not check the gas, so the code may run past the block where it went negative: see the
    /// crate README).
    pub fn invoke<T, E: HostError>(
        &self,
        store: &mut Store<T>,
        params: u32,
    ) -> Result<u32, ExecError<E>> {
        match self.invoke.call(&mut *store, params) {
            Ok(_) if self.gas_remaining(&*store) < 0 => Err(ExecError::OutOfGas),
            Ok(value) => Ok(value),
            Err(e) => Err(self.classify(&*store, e)),
        }
    }

    /// The remaining gas in the gas global.
    pub fn gas_remaining(&self, ctx: impl AsContext) -> i64 {
        self.gas.get(ctx).i64().unwrap_or(0)
    }

    /// Sets the remaining gas in the gas global.
    pub fn set_gas_remaining(
        &self,
        ctx: impl AsContextMut,
        gas: i64,
    ) -> Result<(), GasGlobalError> {
        self.gas.set(ctx, Val::I64(gas)).map_err(|_| GasGlobalError)
    }

    /// The stack limiter's current height.
    pub fn stack_height(&self, ctx: impl AsContext) -> u32 {
        self.height.get(ctx).i32().unwrap_or(0) as u32
    }

    /// Classifies an error returned by a call into this instance. Precedence: a host error
    /// of type `E`; a negative gas global (out of gas); an `unreachable` trap with the stack
    /// height above the limit (stack overflow); wasmi's own stack limits; other traps.
    pub fn classify<E: HostError>(&self, ctx: impl AsContext, error: wasmi::Error) -> ExecError<E> {
        let gas = self.gas_remaining(&ctx);
        let height = self.stack_height(&ctx);
        classify_error(error, gas, height, self.stack_limit)
    }
}

fn classify_error<E: HostError>(
    error: wasmi::Error,
    gas: i64,
    height: u32,
    stack_limit: u32,
) -> ExecError<E> {
    if error.kind().as_host().is_some() {
        let message = error.to_string();
        return match error.downcast::<E>() {
            Some(host) => ExecError::Host(host),
            None => ExecError::Other(message),
        };
    }
    if gas < 0 {
        return ExecError::OutOfGas;
    }
    match error.as_trap_code() {
        Some(TrapCode::UnreachableCodeReached) if height > stack_limit => ExecError::StackOverflow,
        Some(TrapCode::StackOverflow) => ExecError::ResourceLimit(error.to_string()),
        Some(code) => ExecError::Trap { code },
        None => ExecError::Other(error.to_string()),
    }
}
