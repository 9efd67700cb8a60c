//! fvmi's own executor as a test-vector backend, used when `fvmi-conformance` offers none.

use fvmi_conformance::{
    Execution, MachineSetup, MessageInput, ObservedReceipt, ReplayingRandomness, VectorBackend,
};
use fvmi_ipld::MemoryBlockstore;
use fvmi_kernel::{ApplyFailure, ApplyKind};
use fvmi_types::{Message, NetworkVersion, TokenAmount};

use crate::vm::{self, ChainParams, CliExterns};

/// Runs vector messages on `fvmi-kernel`'s executor.
#[derive(Debug, Clone, Copy, Default)]
pub struct KernelBackend;

impl VectorBackend for KernelBackend {
    fn execute(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<Execution, String> {
        let network_version = match setup.network_version {
            15 => NetworkVersion::V15,
            16 => NetworkVersion::V16,
            17 => NetworkVersion::V17,
            other => return Err(format!("network version {other} is not supported")),
        };
        let chain = ChainParams {
            epoch: setup.epoch,
            network_version,
            base_fee: TokenAmount::from_atto(setup.base_fee),
            circ_supply: TokenAmount::from_atto(setup.circ_supply),
        };
        let externs = CliExterns::replaying(randomness);
        let mut executor = vm::executor(store, setup.state_root, &chain, externs)
            .map_err(|e| format!("cannot build the machine: {e:#}"))?;
        let mut receipts = Vec::with_capacity(messages.len());
        for (index, input) in messages.iter().enumerate() {
            let message: Message = fvmi_ipld::cbor::from_slice(input.bytes)
                .map_err(|e| format!("message {index} does not decode: {e}"))?;
            let kind = ApplyKind::Explicit {
                raw_length: input.raw_length,
            };
            let ret = executor
                .apply_message(&message, kind)
                .map_err(|e| format!("message {index}: {e}"))?;
            receipts.push(ObservedReceipt {
                exit_code: ret.msg_receipt.exit_code.value(),
                return_data: ret.msg_receipt.return_data.bytes().to_vec(),
                gas_used: ret.msg_receipt.gas_used,
                failure_info: ret.failure_info.map(|failure| match failure {
                    ApplyFailure::PreValidation(why) => format!("pre-validation: {why}"),
                    ApplyFailure::MessageFailed(why) => why,
                }),
            });
        }
        let (post_root, store) =
            vm::finish(executor).map_err(|e| format!("flush failed: {e:#}"))?;
        Ok(Execution {
            receipts,
            post_root,
            store,
        })
    }
}
