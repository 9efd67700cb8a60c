//! Field codecs for the test-vector JSON: base64 byte strings and `{"/": "<cid>"}` links.

use base64::Engine as _;
use cid::Cid;
use serde::{Deserialize, Deserializer};

/// Decodes a standard (padded) base64 string; an empty string is an empty byte vector.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(text)
}

/// `#[serde(deserialize_with)]` helper for a base64 string field.
pub(crate) fn base64_bytes<'de, D>(deserializer: D) -> Result<Vec<u8>, D::Error>
where
    D: Deserializer<'de>,
{
    let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
    decode_base64(&text).map_err(serde::de::Error::custom)
}

/// The JSON shape of a CID link: `{"/": "bafy..."}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CidLink {
    #[serde(rename = "/")]
    text: String,
}

/// `#[serde(deserialize_with)]` helper for a `{"/": "<cid>"}` link.
pub(crate) fn cid_link<'de, D>(deserializer: D) -> Result<Cid, D::Error>
where
    D: Deserializer<'de>,
{
    let link = CidLink::deserialize(deserializer)?;
    Cid::try_from(link.text.as_str()).map_err(serde::de::Error::custom)
}

/// `#[serde(deserialize_with)]` helper for a list of `{"/": "<cid>"}` links.
pub(crate) fn cid_links<'de, D>(deserializer: D) -> Result<Vec<Cid>, D::Error>
where
    D: Deserializer<'de>,
{
    let links = Vec::<CidLink>::deserialize(deserializer)?;
    links
        .iter()
        .map(|link| Cid::try_from(link.text.as_str()).map_err(serde::de::Error::custom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(deserialize_with = "base64_bytes")]
        bytes: Vec<u8>,
        #[serde(deserialize_with = "cid_link")]
        link: Cid,
    }

    #[test]
    fn decodes_base64_and_links() {
        let probe: Probe = serde_json::from_str(
            r#"{"bytes":"hBkJ6/QAQA==","link":{"/":"bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm"}}"#,
        )
        .unwrap();
        assert_eq!(probe.bytes, vec![0x84, 0x19, 0x09, 0xeb, 0xf4, 0x00, 0x40]);
        assert_eq!(
            probe.link.to_string(),
            "bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm"
        );
    }

    #[test]
    fn rejects_bad_base64_and_bad_cids() {
        let bad_b64 = r#"{"bytes":"!!","link":{"/":"bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm"}}"#;
        assert!(serde_json::from_str::<Probe>(bad_b64).is_err());
        let bad_cid = r#"{"bytes":"","link":{"/":"not-a-cid"}}"#;
        assert!(serde_json::from_str::<Probe>(bad_cid).is_err());
    }
}
