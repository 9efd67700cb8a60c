//! The runner's error type: everything that stops a vector from being run or judged.

use crate::backend::BackendError;

/// Why a vector could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum VectorError {
    /// Reading the file failed.
    #[error("reading the vector: {0}")]
    Io(#[from] std::io::Error),
    /// The JSON (or a base64 / CID field in it) is malformed.
    #[error("malformed vector JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The file is larger than the runner accepts.
    #[error("vector file too large: {0} bytes")]
    FileTooLarge(u64),
    /// The vector's class is not `message`.
    #[error("unsupported vector class {0:?}")]
    UnsupportedClass(String),
    /// The number of expected receipts differs from the number of messages.
    #[error("{messages} messages but {receipts} expected receipts")]
    ReceiptCount {
        /// Messages in `apply_messages`.
        messages: usize,
        /// Receipts in `postconditions.receipts`.
        receipts: usize,
    },
    /// The gzipped CAR could not be decompressed.
    #[error("decompressing the CAR: {0}")]
    Gzip(std::io::Error),
    /// The decompressed CAR exceeds the size limit.
    #[error("decompressed CAR larger than {0} bytes")]
    CarTooLarge(u64),
    /// The CAR could not be loaded into a blockstore.
    #[error("loading the CAR: {0}")]
    Car(String),
    /// The CAR's roots do not include a state root the vector names.
    #[error("the CAR's roots do not include the {which} state root {cid}")]
    MissingRoot {
        /// `pre` or `post`.
        which: &'static str,
        /// The missing root.
        cid: cid::Cid,
    },
    /// The executor failed fatally (not an on-chain failure).
    #[error("executor failure: {0}")]
    Executor(#[from] BackendError),
}
