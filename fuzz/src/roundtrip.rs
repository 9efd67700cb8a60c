//! The DAG-CBOR round trip: bytes that decode as `T` re-encode, and the re-encoding decodes to a
//! value that encodes to the very same bytes.

use fvmi_ipld::cbor;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes `bytes` as `T`; when that works, checks the round trip and returns the value.
///
/// Panics (a fuzz finding) if a decoded value cannot be re-encoded or its encoding does not
/// decode back to the same encoding.
pub fn check<T: Serialize + DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    let value: T = cbor::from_slice(bytes).ok()?;
    let encoded = cbor::to_vec(&value).expect("a decoded value re-encodes");
    let again: T = cbor::from_slice(&encoded).expect("a re-encoded value decodes");
    let encoded_again = cbor::to_vec(&again).expect("a decoded value re-encodes");
    assert_eq!(encoded, encoded_again, "the round trip is stable");
    Some(value)
}

/// As [`check`], and the value decoded from the re-encoding equals the first one.
pub fn check_eq<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    bytes: &[u8],
) -> Option<T> {
    let value: T = check(bytes)?;
    let encoded = cbor::to_vec(&value).expect("a decoded value re-encodes");
    let again: T = cbor::from_slice(&encoded).expect("a re-encoded value decodes");
    assert_eq!(
        value, again,
        "decode(encode(decode(bytes))) == decode(bytes)"
    );
    Some(value)
}
