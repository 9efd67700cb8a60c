//! The actor entry point: `invoke(params_block) -> return_block`.

use alloc::vec::Vec;

use fvmi_types::sys::{BlockId, Codec};
use fvmi_types::{ExitCode, RawBytes};
use serde::de::DeserializeOwned;

use crate::cbor::DAG_CBOR;
use crate::{cbor, ipld, message, vm, ActorError, ActorResult, MessageContext, NO_DATA_BLOCK_ID};

/// The invocation's parameters: a block's codec and bytes (empty when none were sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    codec: Codec,
    data: Vec<u8>,
}

impl Params {
    /// Parameters with the given codec and bytes (handy for calling handlers directly).
    pub fn new(codec: Codec, data: Vec<u8>) -> Params {
        Params { codec, data }
    }

    /// Loads the parameters block; [`NO_DATA_BLOCK_ID`] gives empty DAG-CBOR parameters.
    pub fn load(id: BlockId) -> crate::SyscallResult<Params> {
        if id == NO_DATA_BLOCK_ID {
            return Ok(Params::new(DAG_CBOR, Vec::new()));
        }
        let stat = ipld::stat(id)?;
        Ok(Params::new(stat.codec, ipld::get_block(id)?))
    }

    /// The codec.
    pub fn codec(&self) -> Codec {
        self.codec
    }

    /// The raw bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// True when no parameters were sent.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Decodes the parameters as DAG-CBOR; failures are `USR_SERIALIZATION`.
    pub fn decode<T: DeserializeOwned>(&self) -> ActorResult<T> {
        if self.codec != DAG_CBOR {
            return Err(ActorError::serialization("parameters are not DAG-CBOR"));
        }
        Ok(cbor::from_slice(&self.data)?)
    }
}

/// Runs `handler` for the invocation whose parameters are block `params_id` and returns the ID
/// of the return block (0 for none). An `Err` aborts with its exit code and message; so does a
/// failure to fetch the context or parameters (`USR_ASSERTION_FAILED`).
pub fn run<F>(params_id: BlockId, handler: F) -> BlockId
where
    F: FnOnce(&MessageContext, Params) -> ActorResult<Option<RawBytes>>,
{
    let outcome = message::context()
        .map_err(|e| ActorError::new(ExitCode::USR_ASSERTION_FAILED, e))
        .and_then(|context| {
            let params = Params::load(params_id)
                .map_err(|e| ActorError::new(ExitCode::USR_ASSERTION_FAILED, e))?;
            handler(&context, params)
        })
        .and_then(|value| match value {
            None => Ok(NO_DATA_BLOCK_ID),
            Some(bytes) => ipld::put_block(DAG_CBOR, &bytes)
                .map_err(|e| ActorError::new(ExitCode::USR_ASSERTION_FAILED, e)),
        });
    match outcome {
        Ok(id) => id,
        Err(error) => vm::abort(error.exit_code().value(), Some(error.message())),
    }
}

/// Exports `invoke`, the entry point the VM calls, dispatching to `$handler`, a
/// `fn(&MessageContext, Params) -> ActorResult<Option<RawBytes>>`.
#[macro_export]
macro_rules! invoke {
    ($handler:path) => {
        /// The actor entry point called by the VM.
        #[no_mangle]
        pub extern "C" fn invoke(params: u32) -> u32 {
            $crate::run(params, $handler)
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use fvmi_types::Address;

    #[test]
    fn params_decode_cbor_and_reject_other_codecs() {
        let bytes = cbor::to_vec(&(7u64, Address::new_id(3))).expect("encodes");
        let params = Params::new(DAG_CBOR, bytes.clone());
        assert_eq!(
            params.decode::<(u64, Address)>(),
            Ok((7, Address::new_id(3)))
        );
        let wrong_type = params.decode::<String>().expect_err("not a string");
        assert_eq!(wrong_type.exit_code(), ExitCode::USR_SERIALIZATION);
        let raw = Params::new(fvmi_types::IPLD_RAW, bytes);
        assert_eq!(
            raw.decode::<(u64, Address)>().map_err(|e| e.exit_code()),
            Err(ExitCode::USR_SERIALIZATION)
        );
    }

    #[test]
    fn empty_params_need_no_syscall() {
        let params = Params::load(NO_DATA_BLOCK_ID).expect("no syscall");
        assert!(params.is_empty());
        assert_eq!(params.codec(), DAG_CBOR);
    }

    use alloc::string::String;
}
