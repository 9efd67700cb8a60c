//! Integration tests for fvmi-types: known answers from the reference, real mainnet messages,
//! and property tests.

mod address;
mod cbor;
mod delegated;
mod properties;
mod vectors;

/// Encodes with the DAG-CBOR codec the VM uses.
pub fn to_cbor<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_ipld_dagcbor::to_vec(value).expect("encoding succeeds")
}

/// Decodes with the DAG-CBOR codec the VM uses.
pub fn from_cbor<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    serde_ipld_dagcbor::from_slice(bytes).map_err(|e| e.to_string())
}

/// Parses lower-case hex (test helper).
pub fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("valid hex"))
        .collect()
}
