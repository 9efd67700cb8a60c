//! [`SendOps`] for the default kernel.

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{BlockId, BlockStat, ExecutionError, Result, SendOps, SendOutcome};
use fvmi_types::{Address, ErrorNumber, TokenAmount};

use super::{DefaultKernel, NO_DATA_BLOCK_ID};
use crate::call_manager::InvocationResult;

impl<B: Blockstore> SendOps for DefaultKernel<'_, '_, B> {
    fn send(
        &mut self,
        recipient: &Address,
        method: u64,
        params: BlockId,
        value: u128,
    ) -> Result<SendOutcome> {
        let from = self.receiver;
        let params = if params == NO_DATA_BLOCK_ID {
            None
        } else {
            Some(self.blocks.get(params)?.clone())
        };
        if self.blocks.is_full() {
            return Err(ExecutionError::syscall(
                ErrorNumber::LimitExceeded,
                "cannot store return block",
            ));
        }
        let value = TokenAmount::from_atto(value);
        let result = self
            .call_manager
            .with_transaction(|cm| cm.send(from, recipient, method, params, &value))?;
        Ok(match result {
            InvocationResult::Return(None) => {
                SendOutcome::Return(NO_DATA_BLOCK_ID, BlockStat { codec: 0, size: 0 })
            }
            InvocationResult::Return(Some(block)) => {
                let stat = block.stat();
                let id = self.blocks.put(block).map_err(|e| {
                    ExecutionError::fatal(format!("failed to store a valid return value: {e}"))
                })?;
                SendOutcome::Return(id, stat)
            }
            InvocationResult::Failure(code) => SendOutcome::Abort(code.value()),
        })
    }
}
