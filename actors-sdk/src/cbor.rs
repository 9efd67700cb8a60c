//! DAG-CBOR encoding of parameters, return values and state (no_std, via serde).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Multicodec of DAG-CBOR.
pub const DAG_CBOR: u64 = fvmi_types::DAG_CBOR;

/// A value could not be encoded or decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cbor {direction} failed: {message}")]
pub struct EncodingError {
    direction: &'static str,
    message: String,
}

/// Encodes `value` as DAG-CBOR.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, EncodingError> {
    serde_ipld_dagcbor::to_vec(value).map_err(|e| EncodingError {
        direction: "encoding",
        message: e.to_string(),
    })
}

/// Decodes DAG-CBOR `bytes` (the whole input must be one value).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, EncodingError> {
    serde_ipld_dagcbor::from_slice(bytes).map_err(|e| EncodingError {
        direction: "decoding",
        message: e.to_string(),
    })
}

/// Encodes `value` as [`fvmi_types::RawBytes`] (e.g. send parameters, return values).
pub fn to_raw_bytes<T: Serialize + ?Sized>(
    value: &T,
) -> Result<fvmi_types::RawBytes, EncodingError> {
    to_vec(value).map(fvmi_types::RawBytes::new)
}
