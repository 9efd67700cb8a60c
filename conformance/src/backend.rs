//! The seam between the runner and a VM: what a vector asks of an executor.
//!
//! The runner prepares everything that comes from the vector (the pre-state blockstore, chain
//! parameters, replayed randomness, each message with its chain length) and judges the result;
//! a [`VectorBackend`] only applies messages and flushes the state.

use cid::Cid;
use fvmi_ipld::blockstore::MemoryBlockstore;
use fvmi_ipld::cbor::CborError;
use fvmi_kernel::{ExecEvent, ExecutorError, MachineError, NetworkError};

use crate::randomness::ReplayingRandomness;

/// The base fee used when a vector does not record one (attoFIL), as in the reference runner.
pub const DEFAULT_BASE_FEE: u128 = 100;

/// The chain parameters a vector variant fixes for its messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineSetup {
    /// The network version.
    pub network_version: u32,
    /// The epoch every message is applied at (`epoch_offset` is ignored, as in the reference).
    pub epoch: i64,
    /// The base fee in attoFIL.
    pub base_fee: u128,
    /// The circulating supply in attoFIL, reported to actors as-is.
    pub circ_supply: u128,
    /// The pre-state root.
    pub state_root: Cid,
    /// The root of the builtin-actor bundle (already in the store) that the state runs. The
    /// machine is told it at network version 15, whose state does not name its actors; later
    /// versions read the manifest from the state, as the chain does.
    pub builtin_actors: Option<Cid>,
    /// Record each message's execution trace (never changes gas or receipts).
    pub tracing: bool,
}

/// One message to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageInput<'a> {
    /// The DAG-CBOR encoded unsigned message.
    pub bytes: &'a [u8],
    /// The length the message is charged for on chain (see [`fvmi_kernel::chain_length`]).
    pub raw_length: usize,
}

/// A receipt as produced by the executor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedReceipt {
    /// The exit code.
    pub exit_code: u32,
    /// The return bytes.
    pub return_data: Vec<u8>,
    /// The gas used.
    pub gas_used: i64,
    /// The executor's description of a failure, if any (for diagnostics only).
    pub failure_info: Option<String>,
}

/// What a backend returns after applying a vector's messages.
#[derive(Debug)]
pub struct Execution {
    /// One receipt per message, in order.
    pub receipts: Vec<ObservedReceipt>,
    /// The state root after flushing.
    pub post_root: Cid,
    /// The blockstore holding both the pre-state and everything the messages wrote.
    pub store: MemoryBlockstore,
}

/// A fatal failure of a backend (a bug or a broken store), not an on-chain failure.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The vector names a network version fvmi does not know.
    #[error("unknown network version {0}")]
    UnknownNetworkVersion(u32),
    /// fvmi does not support the network version.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The engine or the machine could not be built.
    #[error("building the machine: {0}")]
    Machine(#[from] MachineError),
    /// A message does not decode.
    #[error("message {index} does not decode: {source}")]
    Decode {
        /// The message's position in the vector.
        index: usize,
        /// The decoding error.
        #[source]
        source: CborError,
    },
    /// The executor failed fatally applying a message.
    #[error("message {index}: {source}")]
    Apply {
        /// The message's position in the vector.
        index: usize,
        /// The executor's error.
        #[source]
        source: ExecutorError,
    },
    /// Flushing the state after the messages failed.
    #[error("flushing: {0}")]
    Flush(#[source] ExecutorError),
    /// The machine kept a handle on the blockstore, so the post-state cannot be taken back.
    #[error("the machine kept a handle on the blockstore")]
    StoreStillShared,
    /// A failure of another backend, as text.
    #[error("{0}")]
    Other(String),
}

/// Executes a vector variant's messages on some VM.
pub trait VectorBackend: Send + Sync {
    /// Applies `messages` in order (explicit messages: no signature checks, gas charged to the
    /// sender) on the state `setup.state_root` held in `store`, with `randomness` answering
    /// the chain and beacon randomness requests, and flushes the state.
    ///
    /// An `Err` is a fatal executor failure (a bug or a broken store), not an on-chain failure.
    fn execute(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<Execution, BackendError>;

    /// Like [`VectorBackend::execute`], also returning one execution trace per message when
    /// `setup.tracing` is on. Backends that cannot trace keep this default: no traces.
    fn execute_traced(
        &self,
        store: MemoryBlockstore,
        setup: &MachineSetup,
        randomness: ReplayingRandomness,
        messages: &[MessageInput<'_>],
    ) -> Result<(Execution, Vec<Vec<ExecEvent>>), BackendError> {
        self.execute(store, setup, randomness, messages)
            .map(|execution| (execution, Vec::new()))
    }
}
