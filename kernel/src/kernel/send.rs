//! [`SendOps`] for the default kernel.

use fvmi_ipld::Blockstore;
use fvmi_syscalls::{BlockId, BlockStat, ExecutionError, Result, SendOps, SendOutcome, SendResult};
use fvmi_types::{Address, ErrorNumber, TokenAmount};

use super::{DefaultKernel, NO_DATA_BLOCK_ID};
use crate::gas::Gas;

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
        if !result.exit_code.is_success() {
            return Ok(SendOutcome::Abort(result.exit_code.value()));
        }
        Ok(match result.value {
            None => SendOutcome::Return(NO_DATA_BLOCK_ID, BlockStat { codec: 0, size: 0 }),
            Some(block) => {
                let stat = block.stat();
                let id = self.blocks.put(block).map_err(|e| {
                    ExecutionError::fatal(format!("failed to store a valid return value: {e}"))
                })?;
                SendOutcome::Return(id, stat)
            }
        })
    }

    fn send_with_limit(
        &mut self,
        recipient: &Address,
        method: u64,
        params: BlockId,
        value: u128,
        gas_limit: Option<u64>,
        read_only: bool,
    ) -> Result<SendResult> {
        let from = self.receiver;
        let read_only = self.read_only || read_only;
        if read_only && value != 0 {
            return Err(ExecutionError::syscall(
                ErrorNumber::ReadOnly,
                "cannot transfer value in read-only mode",
            ));
        }
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
        let gas_limit = gas_limit.map(|limit| Gas::new(i64::try_from(limit).unwrap_or(i64::MAX)));
        let result = self.call_manager.send_v3(
            from, recipient, method, params, &value, gas_limit, read_only,
        )?;
        let block = match result.value {
            None => None,
            Some(block) => {
                let stat = block.stat();
                let id = self.blocks.put(block).map_err(|e| {
                    ExecutionError::fatal(format!("failed to store a valid return value: {e}"))
                })?;
                Some((id, stat))
            }
        };
        Ok(SendResult {
            exit_code: result.exit_code.value(),
            block,
        })
    }
}
