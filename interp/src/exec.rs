//! Instantiating prepared modules, calling `invoke`, accessing the injected globals and
//! classifying how a call ended.

use wasmi::errors::ErrorKind;
use wasmi::errors::HostError;
use wasmi::{
    AsContext, AsContextMut, Caller, Global, Instance, Linker, Memory, Store, TrapCode, TypedFunc,
    Val,
};

use crate::engine::{Engine, Module};
use crate::error::{ExecError, GasGlobalError, InstantiateError, MemoryAccessError};
use crate::instrument::{GAS_GLOBAL_EXPORT, STACK_HEIGHT_EXPORT};
use crate::memory::GuestMemory;

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
    /// `memory` and `invoke` exports. The gas global starts at 0.
    pub fn instantiate<T>(
        &self,
        store: &mut Store<T>,
        linker: &Linker<T>,
        module: &Module,
    ) -> Result<ActorInstance, InstantiateError> {
        let instance = linker
            .instantiate_and_start(&mut *store, module.wasmi_module())
            .map_err(|e| match e.kind() {
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
        let gas = instance
            .get_global(&*store, GAS_GLOBAL_EXPORT)
            .ok_or(InstantiateError::MissingExport(GAS_GLOBAL_EXPORT))?;
        let height = instance
            .get_global(&*store, STACK_HEIGHT_EXPORT)
            .ok_or(InstantiateError::MissingExport(STACK_HEIGHT_EXPORT))?;
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

    /// Calls `invoke(params)`. Errors are classified with [`ActorInstance::classify`].
    pub fn invoke<T, E: HostError>(
        &self,
        store: &mut Store<T>,
        params: u32,
    ) -> Result<u32, ExecError<E>> {
        self.invoke
            .call(&mut *store, params)
            .map_err(|e| self.classify(&*store, e))
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

    /// The guest memory together with the store's host state.
    pub fn memory_and_data<'a, T>(&self, store: &'a mut Store<T>) -> (GuestMemory<'a>, &'a mut T) {
        let (bytes, data) = self.memory.data_and_store_mut(store);
        (GuestMemory::new(bytes), data)
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

fn gas_global<T>(caller: &Caller<'_, T>) -> Result<Global, GasGlobalError> {
    caller
        .get_export(GAS_GLOBAL_EXPORT)
        .and_then(|e| e.into_global())
        .ok_or(GasGlobalError)
}

/// The remaining gas, read from inside a host function.
pub fn caller_gas_remaining<T>(caller: &Caller<'_, T>) -> Result<i64, GasGlobalError> {
    gas_global(caller)?.get(caller).i64().ok_or(GasGlobalError)
}

/// Sets the remaining gas from inside a host function.
pub fn set_caller_gas_remaining<T>(
    caller: &mut Caller<'_, T>,
    gas: i64,
) -> Result<(), GasGlobalError> {
    gas_global(caller)?
        .set(caller, Val::I64(gas))
        .map_err(|_| GasGlobalError)
}

/// The guest memory together with the host state, from inside a host function.
pub fn caller_memory_and_data<'a, T>(
    caller: &'a mut Caller<'_, T>,
) -> Result<(GuestMemory<'a>, &'a mut T), MemoryAccessError> {
    let memory = caller
        .get_export(MEMORY_EXPORT)
        .and_then(|e| e.into_memory())
        .ok_or(MemoryAccessError::NoMemory)?;
    let (bytes, data) = memory.data_and_store_mut(caller);
    Ok((GuestMemory::new(bytes), data))
}
