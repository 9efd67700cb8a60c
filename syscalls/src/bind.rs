//! The glue between wasmi host calls and the kernel: the store data, running an actor's entry
//! point, gas synchronisation between the instrumented gas global and the kernel's tracker (here
//! only), and the calling convention (out-pointer first, error number returned).

use std::panic::AssertUnwindSafe;

use fvmi_interp::{ActorInstance, Engine, InstantiateError, Module};
use fvmi_types::{ErrorNumber, ExitCode};
use wasmi::{AsContextMut, Caller, Linker, Store};

use crate::abi::AbiValue;
use crate::abort::{abort_from_exec_error, Abort};
use crate::error::{ExecutionError, FatalError, Result};
use crate::kernel::Kernel;
use crate::memory::GuestMemory;

/// The data of the wasmi store an actor runs in.
pub struct InvocationData<K> {
    /// The kernel serving this invocation.
    pub kernel: K,
    /// The running instance (its memory and gas global), attached by [`invoke_actor`].
    instance: Option<ActorInstance>,
    last_milligas_available: i64,
}

impl<K> InvocationData<K> {
    /// Store data for a kernel; [`invoke_actor`] attaches the instance.
    pub fn new(kernel: K) -> Self {
        Self {
            kernel,
            instance: None,
            last_milligas_available: 0,
        }
    }

    /// The attached instance; a syscall before [`invoke_actor`] (from a start function) is fatal.
    fn instance(&self, missing: &str) -> core::result::Result<ActorInstance, Abort> {
        self.instance
            .clone()
            .ok_or_else(|| Abort::Fatal(FatalError::new(missing)))
    }
}

/// Runs `invoke(params)` of `module`, linked against `linker`, in `store`: instantiates it,
/// gives wasm the kernel's available gas, calls it, charges the kernel for the wasm executed,
/// and turns every way the call can fail into an [`Abort`].
pub fn invoke_actor<K: Kernel>(
    engine: &Engine,
    store: &mut Store<InvocationData<K>>,
    linker: &Linker<InvocationData<K>>,
    module: &Module,
    params: u32,
) -> core::result::Result<u32, Abort> {
    let instance = engine
        .instantiate(&mut *store, linker, module)
        .map_err(|e| match e {
            // The reference (v3) ends the call with an illegal-instruction exit when its
            // limiter refuses the new instance's memory or table.
            InstantiateError::Limits(_) => Abort::Exit(
                ExitCode::SYS_ILLEGAL_INSTRUCTION,
                format!("failed to instantiate module: {e}"),
            ),
            e => Abort::Fatal(FatalError(format!("instantiating actor: {e}"))),
        })?;
    store.data_mut().instance = Some(instance.clone());
    update_gas_available(&mut *store)?;
    let result = instance.invoke::<_, Abort>(&mut *store, params);
    charge_for_exec(&mut *store)?;
    result.map_err(abort_from_exec_error)
}

/// What a syscall implementation sees: the kernel and the caller's memory.
pub struct SyscallContext<'a, K> {
    /// The kernel.
    pub kernel: &'a mut K,
    /// The calling actor's memory.
    pub memory: GuestMemory<'a>,
}

/// The first network version whose addresses include delegated (f4) ones.
const FIRST_DELEGATED_ADDRESS_VERSION: u32 = 18;

impl<K: Kernel> SyscallContext<'_, K> {
    /// Reads an address from the actor's memory. Delegated (f4) addresses only exist from
    /// network version 18: before it their bytes are as invalid as any unknown protocol
    /// (`IllegalArgument`), as in the reference of that era.
    pub fn read_address(&self, offset: u32, len: u32) -> crate::error::Result<fvmi_types::Address> {
        let address = self.memory.read_address(offset, len)?;
        if address.protocol() == fvmi_types::Protocol::Delegated
            && self.kernel.network_version() < FIRST_DELEGATED_ADDRESS_VERSION
        {
            return Err(crate::error::ExecutionError::syscall(
                fvmi_types::ErrorNumber::IllegalArgument,
                "delegated addresses do not exist at this network version",
            ));
        }
        Ok(address)
    }
}

/// Writes the kernel's available gas into the gas global (before running or resuming wasm).
fn update_gas_available<K: Kernel>(
    mut ctx: impl AsContextMut<Data = InvocationData<K>>,
) -> core::result::Result<(), Abort> {
    let mut ctx = ctx.as_context_mut();
    let available = ctx.data().kernel.gas_available_milligas();
    let instance = ctx.data().instance("no gas global attached")?;
    instance
        .set_gas_remaining(&mut ctx, available)
        .map_err(|e| Abort::Fatal(FatalError(format!("cannot set gas global: {e}"))))?;
    ctx.data_mut().last_milligas_available = available;
    Ok(())
}

/// Charges the kernel for the wasm executed since the last synchronisation (when wasm yields to a
/// syscall or returns).
fn charge_for_exec<K: Kernel>(
    mut ctx: impl AsContextMut<Data = InvocationData<K>>,
) -> core::result::Result<(), Abort> {
    let mut ctx = ctx.as_context_mut();
    let available = ctx
        .data()
        .instance("no gas global attached")?
        .gas_remaining(&ctx);
    let data = ctx.data_mut();
    let used = data.last_milligas_available.saturating_sub(available);
    data.last_milligas_available = available;
    data.kernel
        .charge_milligas("wasm_exec", used)
        .map_err(Abort::from_error_as_fatal)
}

/// Splits a kernel result into the value, the error number for the actor, or an abort.
fn classify<V>(result: Result<V>) -> core::result::Result<core::result::Result<V, u32>, Abort> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(ExecutionError::Syscall(e)) => Ok(Err(e.number as u32)),
        Err(ExecutionError::OutOfGas) => Err(Abort::OutOfGas),
        Err(ExecutionError::Fatal(e)) => Err(Abort::Fatal(e)),
    }
}

/// How a syscall body finished (before the epilogue).
pub(crate) enum Finish {
    /// The kernel ran: return this error number (0 = success) after resynchronising gas.
    Ran(u32),
    /// The arguments were rejected before the kernel was reached: return this error number and
    /// leave the gas global untouched (as the reference does).
    Rejected(u32),
}

/// Runs a syscall that returns a value through the out-pointer `ret`.
pub fn run_with_ret<K: Kernel, V: AbiValue>(
    caller: &mut Caller<'_, InvocationData<K>>,
    ret: u32,
    syscall: impl FnOnce(&mut SyscallContext<'_, K>) -> Result<V>,
) -> core::result::Result<u32, wasmi::Error> {
    enter(caller, |ctx| {
        if ret as usize > ctx.memory.len() || ctx.memory.len() - (ret as usize) < V::SIZE {
            return Ok(Finish::Rejected(ErrorNumber::IllegalArgument as u32));
        }
        Ok(match classify(syscall(ctx))? {
            Ok(value) => {
                if let Ok(slot) = ctx.memory.slice_mut(ret, V::SIZE as u32) {
                    value.write_to(slot);
                }
                Finish::Ran(0)
            }
            Err(number) => Finish::Ran(number),
        })
    })
}

/// Runs a syscall without a return value.
pub fn run<K: Kernel>(
    caller: &mut Caller<'_, InvocationData<K>>,
    syscall: impl FnOnce(&mut SyscallContext<'_, K>) -> Result<()>,
) -> core::result::Result<u32, wasmi::Error> {
    enter(caller, |ctx| {
        Ok(match classify(syscall(ctx))? {
            Ok(()) => Finish::Ran(0),
            Err(number) => Finish::Ran(number),
        })
    })
}

/// The common prologue/epilogue: charge wasm execution and the syscall's flat price, run the
/// body, and resynchronise the gas global.
///
/// Charging the wasm execution must stay the first thing every import does: most metered blocks
/// do not check the gas (fvmi-interp's README), so an import can be reached with the gas global
/// already negative, and this charge is what fails it with out of gas, as the reference's
/// instrumentation would have done earlier.
pub(crate) fn enter<K: Kernel>(
    caller: &mut Caller<'_, InvocationData<K>>,
    body: impl FnOnce(&mut SyscallContext<'_, K>) -> core::result::Result<Finish, Abort>,
) -> core::result::Result<u32, wasmi::Error> {
    charge_for_exec(&mut *caller).map_err(Abort::into_trap)?;
    let memory = caller
        .data()
        .instance("no memory attached")
        .map_err(Abort::into_trap)?
        .memory();
    let (bytes, data) = memory.data_and_store_mut(&mut *caller);
    data.kernel
        .charge_syscall()
        .map_err(|e| Abort::from_error_as_fatal(e).into_trap())?;
    let mut ctx = SyscallContext {
        kernel: &mut data.kernel,
        memory: GuestMemory::new(bytes),
    };
    // A panic must not cross wasmi's frames (it cannot unwind through them and would abort the
    // process): a panicking syscall becomes a fatal error that ends the message.
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| body(&mut ctx)))
        .unwrap_or_else(|panic| Err(Abort::Fatal(FatalError(panic_message(&*panic)))));
    match outcome.map_err(Abort::into_trap)? {
        Finish::Rejected(number) => Ok(number),
        Finish::Ran(number) => {
            update_gas_available(&mut *caller).map_err(Abort::into_trap)?;
            Ok(number)
        }
    }
}

/// The text of a caught panic, for the fatal error it becomes.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    let detail = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string payload".to_string());
    format!("syscall panicked: {detail}")
}

#[cfg(test)]
mod tests {
    use super::panic_message;

    #[test]
    fn panic_payloads_become_readable_messages() {
        let caught = std::panic::catch_unwind(|| panic!("boom {}", 7)).unwrap_err();
        assert_eq!(panic_message(&*caught), "syscall panicked: boom 7");
        let caught = std::panic::catch_unwind(|| std::panic::panic_any(5u8)).unwrap_err();
        assert_eq!(
            panic_message(&*caught),
            "syscall panicked: non-string payload"
        );
    }
}
