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

/// The total FIL supply in attoFIL (2e9 FIL), the circulating supply when a vector omits it.
pub const TOTAL_FILECOIN: u128 = 2_000_000_000 * 1_000_000_000_000_000_000;

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
    /// The length the message is charged for on chain (see [`chain_length`]).
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

/// Extra bytes counted for a secp256k1-signed message: a 65-byte signature, its type byte and
/// 3 bytes of CBOR framing (the reference runner's rule for explicit messages).
pub const SECP_SIGNATURE_OVERHEAD: usize = 65 + 4;

/// The address protocol byte of secp256k1 addresses.
const SECP256K1_PROTOCOL: u8 = 1;

/// The on-chain length of a message: its encoded bytes, plus the signature overhead if the
/// sender is a secp256k1 address (BLS messages are aggregated and counted unsigned).
///
/// Bytes that do not decode far enough to find the sender count as unsigned; the executor will
/// reject such a message on its own.
pub fn chain_length(message: &[u8]) -> usize {
    let signed = sender_protocol(message) == Some(SECP256K1_PROTOCOL);
    message.len() + if signed { SECP_SIGNATURE_OVERHEAD } else { 0 }
}

/// The protocol byte of the `from` address of a CBOR message
/// `[version, to, from, nonce, value, gas_limit, fee_cap, premium, method, params]`.
fn sender_protocol(message: &[u8]) -> Option<u8> {
    let mut reader = CborPeek { bytes: message };
    let (major, len) = reader.header()?;
    if major != 4 || len != 10 {
        return None;
    }
    let (version_major, _) = reader.header()?;
    if version_major != 0 {
        return None;
    }
    reader.byte_string()?; // to
    reader.byte_string()?.first().copied()
}

/// A minimal reader for the CBOR heads at the start of a message.
struct CborPeek<'a> {
    bytes: &'a [u8],
}

impl<'a> CborPeek<'a> {
    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(count)?;
        self.bytes = rest;
        Some(head)
    }

    /// A major type and its argument.
    fn header(&mut self) -> Option<(u8, u64)> {
        let first = *self.take(1)?.first()?;
        let (major, info) = (first >> 5, first & 0x1f);
        let width = match info {
            0..=23 => return Some((major, u64::from(info))),
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return None,
        };
        let argument = self
            .take(width)?
            .iter()
            .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
        Some((major, argument))
    }

    fn byte_string(&mut self) -> Option<&'a [u8]> {
        let (major, len) = self.header()?;
        if major != 2 {
            return None;
        }
        self.take(usize::try_from(len).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_codec::decode_base64;

    #[test]
    fn counts_the_signature_only_for_secp_senders() {
        // A mainnet message from an f1 (secp256k1) address.
        let secp = decode_base64(
            "igBEALeuNVUBLB8CgMBHimaMHTSoUUbwHf8vlOoZCjxAGgB6St5GAAEqBfIARAABhVkCVIRDAKEVQBBMgUoAd0MiF+aDYAAA",
        )
        .unwrap();
        assert_eq!(sender_protocol(&secp), Some(1));
        assert_eq!(chain_length(&secp), secp.len() + 69);
        // The same shape from an ID sender (protocol 0).
        let id_sender = [0x8a, 0x00, 0x42, 0x00, 0x01, 0x42, 0x00, 0x02];
        assert_eq!(sender_protocol(&id_sender), Some(0));
        assert_eq!(chain_length(&id_sender), id_sender.len());
    }

    proptest::proptest! {
        /// Any bytes give a length of at least the input and never panic.
        #[test]
        fn chain_length_is_total(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let length = chain_length(&bytes);
            proptest::prop_assert!(length == bytes.len() || length == bytes.len() + SECP_SIGNATURE_OVERHEAD);
        }
    }

    #[test]
    fn garbage_counts_as_unsigned() {
        for bytes in [
            &[][..],
            &[0x8a],
            &[0x8a, 0x00, 0x5b, 0xff],
            &[0x81, 0x00],
            &[0xff; 4],
        ] {
            assert_eq!(chain_length(bytes), bytes.len());
        }
    }
}
