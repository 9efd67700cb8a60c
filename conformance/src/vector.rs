//! The message test-vector schema (class `message`) as it is stored in JSON.
//!
//! Only the fields the runner uses are typed; unknown fields are ignored so that newer
//! corpora still parse. Every decoding failure (JSON, base64, CID) is a typed error.

use std::collections::BTreeMap;
use std::path::Path;

use cid::Cid;
use serde::Deserialize;

use crate::error::VectorError;
use crate::json_codec::{base64_bytes, cid_link, cid_links};
use crate::randomness::RecordedRandomness;

/// The largest vector file the runner will read (the biggest mainnet vector is a few MiB).
pub const MAX_VECTOR_FILE_BYTES: u64 = 256 << 20;

/// One message test vector.
#[derive(Debug, Clone, Deserialize)]
pub struct MessageVector {
    /// The vector class; only `message` is supported.
    pub class: String,
    /// Free-form selector flags (e.g. `requires:consensus_fault_extern`), used for skipping.
    #[serde(default)]
    pub selector: BTreeMap<String, String>,
    /// Provenance metadata.
    #[serde(rename = "_meta", default)]
    pub meta: Option<Metadata>,
    /// The gzipped CAR holding the pre- and post-state blocks.
    #[serde(deserialize_with = "base64_bytes")]
    pub car: Vec<u8>,
    /// The state and chain parameters before the messages.
    pub preconditions: Preconditions,
    /// The messages to apply, in order.
    pub apply_messages: Vec<ApplyMessage>,
    /// The expected receipts and post-state root.
    pub postconditions: Postconditions,
    /// Randomness recorded when the vector was extracted, replayed to the actors.
    #[serde(default)]
    pub randomness: Vec<RecordedRandomness>,
}

/// Provenance metadata of a vector.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    /// The vector's identifier.
    pub id: String,
    /// Where the vector came from (network, message, tipsets, extracting tool).
    #[serde(default)]
    pub gen: Vec<GenerationSource>,
}

/// One provenance entry of [`Metadata::gen`].
#[derive(Debug, Clone, Deserialize)]
pub struct GenerationSource {
    /// What the vector was generated from.
    #[serde(default)]
    pub source: String,
    /// The version of that source, if recorded.
    #[serde(default)]
    pub version: String,
}

/// The starting point of a vector.
#[derive(Debug, Clone, Deserialize)]
pub struct Preconditions {
    /// The network versions and epochs to run the messages at (one run per variant).
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// The pre-state root.
    pub state_tree: StateTreeRoot,
    /// The base fee in attoFIL; absent means the reference default of 100.
    #[serde(default)]
    pub basefee: Option<u128>,
    /// The circulating supply in attoFIL; absent means the total FIL supply.
    #[serde(default)]
    pub circ_supply: Option<u128>,
}

/// A network version and epoch at which the vector is run.
#[derive(Debug, Clone, Deserialize)]
pub struct Variant {
    /// The variant's name (e.g. `ohsnap`).
    pub id: String,
    /// The chain epoch.
    pub epoch: i64,
    /// The network version number.
    pub nv: u32,
}

/// A state-tree root as stored in a vector.
#[derive(Debug, Clone, Deserialize)]
pub struct StateTreeRoot {
    /// The root CID of the state tree.
    #[serde(deserialize_with = "cid_link")]
    pub root_cid: Cid,
}

/// One message to apply.
#[derive(Debug, Clone, Deserialize)]
pub struct ApplyMessage {
    /// The DAG-CBOR encoded unsigned message.
    #[serde(deserialize_with = "base64_bytes")]
    pub bytes: Vec<u8>,
    /// An epoch offset; recorded by some generators but ignored by the reference runner.
    #[serde(default)]
    pub epoch_offset: Option<i64>,
}

/// The expected outcome of a vector.
#[derive(Debug, Clone, Deserialize)]
pub struct Postconditions {
    /// The expected post-state root.
    pub state_tree: StateTreeRoot,
    /// One expected receipt per applied message.
    pub receipts: Vec<ExpectedReceipt>,
    /// Receipt AMT roots per tipset (not checked by the message runner).
    #[serde(default, deserialize_with = "cid_links")]
    pub receipts_roots: Vec<Cid>,
}

/// An expected message receipt.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExpectedReceipt {
    /// The exit code.
    pub exit_code: u32,
    /// The return bytes.
    #[serde(rename = "return", deserialize_with = "base64_bytes")]
    pub return_data: Vec<u8>,
    /// The gas used.
    pub gas_used: i64,
}

impl MessageVector {
    /// Parses a vector from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, VectorError> {
        let vector: MessageVector = serde_json::from_str(text)?;
        if vector.class != "message" {
            return Err(VectorError::UnsupportedClass(vector.class));
        }
        if vector.postconditions.receipts.len() != vector.apply_messages.len() {
            return Err(VectorError::ReceiptCount {
                messages: vector.apply_messages.len(),
                receipts: vector.postconditions.receipts.len(),
            });
        }
        Ok(vector)
    }

    /// Reads and parses a vector file (at most [`MAX_VECTOR_FILE_BYTES`]).
    pub fn from_file(path: &Path) -> Result<Self, VectorError> {
        let size = std::fs::metadata(path)?.len();
        if size > MAX_VECTOR_FILE_BYTES {
            return Err(VectorError::FileTooLarge(size));
        }
        let text = std::fs::read_to_string(path)?;
        Self::from_json(&text)
    }

    /// The vector's identifier from its metadata, if any.
    pub fn id(&self) -> Option<&str> {
        self.meta.as_ref().map(|meta| meta.id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const MINIMAL: &str = r#"{
        "class": "message",
        "selector": {"min_protocol_version": "ohsnap"},
        "_meta": {"id": "probe", "gen": [{"source": "network:mainnet"}]},
        "car": "",
        "preconditions": {
            "variants": [{"id": "ohsnap", "epoch": 1616199, "nv": 15}],
            "state_tree": {"root_cid": {"/": "bafy2bzaceb7hway4floaaqbxnq27v3kojwbolww7ulgczxugbj22rrkepfavm"}},
            "basefee": 83073206,
            "circ_supply": 258739504977344124900531186
        },
        "apply_messages": [{"bytes": "igBE"}],
        "postconditions": {
            "state_tree": {"root_cid": {"/": "bafy2bzacea3mjhqvarb67pvtwvee6im6k3yw44nlzi3bh533h4mgee4edm3ha"}},
            "receipts": [{"exit_code": 16, "return": "", "gas_used": 6809447}]
        },
        "randomness": [{"on": ["beacon", 9, 1620567, "AAE="], "ret": "LoIEs3BW5amGDNTHBh0tRL6vk2NcasNS8C+xb6j3rcU="}]
    }"#;

    #[test]
    fn parses_a_minimal_vector_with_a_big_circulating_supply() {
        let vector = MessageVector::from_json(MINIMAL).unwrap();
        assert_eq!(vector.id(), Some("probe"));
        assert_eq!(
            vector.preconditions.circ_supply,
            Some(258_739_504_977_344_124_900_531_186)
        );
        assert_eq!(vector.preconditions.variants[0].nv, 15);
        assert_eq!(vector.apply_messages[0].bytes, vec![0x8a, 0x00, 0x44]);
        assert_eq!(vector.postconditions.receipts[0].exit_code, 16);
        assert_eq!(
            vector.randomness[0]
                .on
                .drawn
                .as_ref()
                .map(|d| d.entropy.clone()),
            Some(vec![0, 1])
        );
    }

    #[test]
    fn rejects_other_classes_and_malformed_input() {
        let other = MINIMAL.replace("\"message\"", "\"tipset\"");
        assert!(matches!(
            MessageVector::from_json(&other),
            Err(VectorError::UnsupportedClass(_))
        ));
        assert!(MessageVector::from_json("{").is_err());
        assert!(MessageVector::from_json(&MINIMAL.replace("igBE", "i@BE")).is_err());
        let truncated = MINIMAL.replace("\"beacon\", 9,", "\"beacon\",");
        assert!(MessageVector::from_json(&truncated).is_err());
    }

    #[test]
    fn rejects_a_receipt_count_mismatch() {
        let extra = MINIMAL.replace(
            r#"[{"bytes": "igBE"}]"#,
            r#"[{"bytes": "igBE"}, {"bytes": "igBE"}]"#,
        );
        assert!(matches!(
            MessageVector::from_json(&extra),
            Err(VectorError::ReceiptCount { .. })
        ));
    }
}

#[cfg(test)]
mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Arbitrary text, and single-byte corruptions of a valid vector, never panic the parser.
        #[test]
        fn malformed_json_is_an_error_not_a_panic(
            text in ".{0,200}",
            position in 0usize..2000,
            byte in any::<u8>(),
        ) {
            let _ = MessageVector::from_json(&text);
            let mut corrupted = tests::MINIMAL.as_bytes().to_vec();
            let index = position % corrupted.len();
            corrupted[index] = byte;
            if let Ok(text) = std::str::from_utf8(&corrupted) {
                let _ = MessageVector::from_json(text);
            }
        }
    }
}
