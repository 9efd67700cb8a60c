//! Running actor code: one wasmi store per invocation, holding a kernel that borrows the call
//! manager; nested sends recurse through the `send` host function.

use cid::Cid;
use fvmi_interp::wasmi::Linker;
use fvmi_interp::GAS_GLOBAL_EXPORT;
use fvmi_ipld::Blockstore;
use fvmi_syscalls::{
    abort_from_exec_error, charge_for_exec, link_syscalls, update_gas_available, Abort, ActorId,
    ExecutionError, ExitMapping, FatalError, InvocationData, Result,
};
use fvmi_types::TokenAmount;

use super::{CallManager, InvocationResult};
use crate::kernel::{Block, BlockRegistry, DefaultKernel, NO_DATA_BLOCK_ID};

fn fatal(message: String) -> Abort {
    Abort::Fatal(FatalError(message))
}

impl<'m, B: Blockstore> CallManager<'m, B> {
    /// Invokes `method` of actor `to` (code `code`) with `params`.
    pub(super) fn invoke(
        &mut self,
        from: ActorId,
        to: ActorId,
        code: Cid,
        method: u64,
        params: Option<Block>,
        value: &TokenAmount,
    ) -> Result<InvocationResult> {
        let mut blocks = BlockRegistry::new();
        let params_id = match params {
            Some(block) => blocks.put(block)?,
            None => NO_DATA_BLOCK_ID,
        };
        self.invocation_count += 1;
        let engine = self.machine.engine().clone();
        let module = self.machine.module(&code);

        let kernel = DefaultKernel::new(self, blocks, from, to, method, value.clone());
        let mut store = engine.new_store(InvocationData::new(kernel));
        let outcome: core::result::Result<u32, Abort> = (|| {
            let module = module.map_err(|e| fatal(e.to_string()))?;
            let mut linker = Linker::new(engine.wasmi_engine());
            link_syscalls(&mut linker).map_err(|e| fatal(format!("linking syscalls: {e}")))?;
            let instance = engine
                .instantiate(&mut store, &linker, &module)
                .map_err(|e| fatal(format!("instantiating actor: {e}")))?;
            let gas = instance
                .instance()
                .get_global(&store, GAS_GLOBAL_EXPORT)
                .ok_or_else(|| fatal("actor has no gas global".into()))?;
            store.data_mut().set_memory(instance.memory());
            store.data_mut().set_gas_global(gas);
            update_gas_available(&mut store)?;
            let result = instance.invoke::<_, Abort>(&mut store, params_id);
            charge_for_exec(&mut store)?;
            result.map_err(abort_from_exec_error)
        })();
        let blocks = store.into_data().kernel.into_blocks();

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
            Ok(ret) => Ok(InvocationResult::Return(ret)),
            Err(Abort::Exit(code, _)) => Ok(InvocationResult::Failure(
                ExitMapping::Abort(code).exit_code(),
            )),
            Err(Abort::OutOfGas) => Err(ExecutionError::OutOfGas),
            Err(Abort::Fatal(e)) => Err(ExecutionError::Fatal(e)),
        }
    }
}
