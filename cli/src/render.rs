//! Renders DAG-CBOR blocks as JSON for people: CIDs as `{"/": "..."}`, bytes as `{"bytes": base64}`.

use base64::Engine as _;
use ipld_core::ipld::Ipld;
use serde_json::{json, Map, Value};

/// Decodes a DAG-CBOR block into a JSON value, or says why it cannot.
pub fn dag_cbor_to_json(bytes: &[u8]) -> Result<Value, String> {
    let ipld: Ipld = serde_ipld_dagcbor::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(ipld_to_json(&ipld))
}

/// Converts an IPLD value into JSON.
pub fn ipld_to_json(ipld: &Ipld) -> Value {
    match ipld {
        Ipld::Null => Value::Null,
        Ipld::Bool(b) => Value::Bool(*b),
        // Integers beyond JSON's safe range keep their exact digits as strings.
        Ipld::Integer(i) => match i64::try_from(*i) {
            Ok(v) if v.unsigned_abs() < (1u64 << 53) => json!(v),
            _ => Value::String(i.to_string()),
        },
        Ipld::Float(f) => json!(f),
        Ipld::String(s) => Value::String(s.clone()),
        Ipld::Bytes(b) => json!({ "bytes": base64::engine::general_purpose::STANDARD.encode(b) }),
        Ipld::List(items) => Value::Array(items.iter().map(ipld_to_json).collect()),
        Ipld::Map(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), ipld_to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        Ipld::Link(cid) => json!({ "/": cid.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_nested_values() {
        // [1, h'0102', {"a": null}]
        let bytes = [0x83, 0x01, 0x42, 0x01, 0x02, 0xa1, 0x61, 0x61, 0xf6];
        let v = dag_cbor_to_json(&bytes).unwrap();
        assert_eq!(v, json!([1, {"bytes": "AQI="}, {"a": null}]));
    }

    #[test]
    fn rejects_truncated_cbor() {
        assert!(dag_cbor_to_json(&[0x83, 0x01]).is_err());
    }
}
