//! Running actor code: one wasmi store per invocation, holding a kernel that borrows the call
//! manager; nested sends recurse through the `send` host function.

use cid::Cid;
use fvmi_interp::wasmi::Linker;
use fvmi_interp::EngineLimits;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{
    invoke_actor, link_syscalls, link_syscalls_v3, Abort, ActorId, ExecutionError, ExitMapping,
    FatalError, InvocationData, Result,
};
use fvmi_types::TokenAmount;

use super::{CallManager, InvocationResult};
use crate::kernel::{Block, BlockRegistry, DefaultKernel, CODECS_V3, NO_DATA_BLOCK_ID};

fn fatal(message: String) -> Abort {
    Abort::Fatal(FatalError(message))
}

impl<'m, B: Blockstore> CallManager<'m, B> {
    /// Invokes `method` of actor `to` (code `code`) with `params`; `read_only` (nv18 on) forbids
    /// state changes to the callee and everything it calls.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn invoke(
        &mut self,
        from: ActorId,
        to: ActorId,
        code: Cid,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
        read_only: bool,
    ) -> Result<InvocationResult> {
        let v3 = self.is_v3();
        let mut blocks = if v3 {
            BlockRegistry::with_codecs(CODECS_V3)
        } else {
            BlockRegistry::new()
        };
        let params_id = match params {
            Some(block) => blocks.put(block)?,
            None => NO_DATA_BLOCK_ID,
        };
        self.invocation_count += 1;
        let engine = self.machine.engine().clone();
        let module = self.machine.module(&code);
        if let (Ok(module), Some(prices)) = (&module, self.machine.profile().hygge) {
            let bytes = i64::try_from(initial_memory_bytes(module)).unwrap_or(i64::MAX);
            let cost = prices.wasm_rules().memory_fill_per_byte_cost * bytes;
            let charge =
                crate::gas::GasCharge::new("wasm_memory_init", cost, crate::gas::Gas::ZERO);
            self.charge_gas(charge)?;
        }

        let kernel = DefaultKernel::new(self, blocks, from, to, method, value.clone(), read_only);
        let mut store = engine.new_store(InvocationData::new(kernel));
        if engine.limits() != EngineLimits::NONE {
            store.limiter(|data| data.kernel.memory_limiter());
        }
        let outcome: core::result::Result<u32, Abort> = (|| {
            let module = module.map_err(|e| fatal(e.to_string()))?;
            let mut linker = Linker::new(engine.wasmi_engine());
            let linked = if v3 {
                link_syscalls_v3(&mut linker)
            } else {
                link_syscalls(&mut linker)
            };
            linked.map_err(|e| fatal(format!("linking syscalls: {e}")))?;
            invoke_actor(&engine, &mut store, &linker, &module, params_id)
        })();
        let blocks = store.into_data().kernel.into_blocks();

        // ABI v3's `vm::exit` hands over a block of this invocation's registry, whatever the code.
        let outcome = match outcome {
            Err(Abort::ExitWithBlock(code, _, NO_DATA_BLOCK_ID)) => {
                return Ok(InvocationResult::failure(code));
            }
            Err(Abort::ExitWithBlock(code, message, id)) => {
                let block = blocks.get(id).cloned().map_err(|_| {
                    ExecutionError::fatal(format!(
                        "actor exited with code {code:?} and a missing return block {id}: {message}"
                    ))
                })?;
                return Ok(InvocationResult {
                    exit_code: code,
                    value: Some(block),
                });
            }
            other => other,
        };
        let outcome = outcome.and_then(|ret_id| {
            if ret_id == NO_DATA_BLOCK_ID {
                return Ok(None);
            }
            blocks.get(ret_id).cloned().map(Some).map_err(|_| {
                Abort::Exit(
                    ExitMapping::MissingReturn.exit_code(),
                    "returned block does not exist".into(),
                )
            })
        });
        match outcome {
            Ok(ret) => Ok(InvocationResult::ok(ret)),
            Err(Abort::Exit(code, _)) => {
                let code = ExitMapping::Abort(code).exit_code();
                if code.is_success() && !v3 && self.call_stack_depth == 1 {
                    self.top_level_aborted_with_ok = true;
                }
                Ok(InvocationResult::failure(code))
            }
            Err(Abort::ExitWithBlock(code, ..)) => Ok(InvocationResult::failure(code)),
            Err(Abort::OutOfGas) => Err(ExecutionError::OutOfGas),
            Err(Abort::Fatal(e)) => Err(ExecutionError::Fatal(e)),
        }
    }
}

/// The initial size of a module's exported memory, in bytes (0 when it exports none).
fn initial_memory_bytes(module: &fvmi_interp::Module) -> u64 {
    match module.wasmi_module().get_export(fvmi_interp::MEMORY_EXPORT) {
        Some(fvmi_interp::wasmi::ExternType::Memory(memory)) => {
            memory.minimum().saturating_mul(WASM_PAGE_SIZE)
        }
        _ => 0,
    }
}

/// The size of a wasm page.
const WASM_PAGE_SIZE: u64 = 65_536;
