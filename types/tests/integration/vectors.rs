//! Every message of the nv15 mainnet test vectors must decode and re-encode byte for byte.

use std::path::Path;

use base64::Engine;
use fvmi_types::Message;

use crate::{from_cbor, to_cbor};

const VECTORS: &str = "/work/shared/test-vectors/0006-ohsnap-01";

fn json_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn mainnet_messages_round_trip() {
    let mut files = Vec::new();
    json_files(Path::new(VECTORS), &mut files);
    if files.is_empty() {
        eprintln!("skipping: no vectors under {VECTORS}");
        return;
    }
    let mut messages = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        let Some(list) = json["apply_messages"].as_array() else {
            continue;
        };
        for entry in list {
            let encoded = base64::engine::general_purpose::STANDARD
                .decode(entry["bytes"].as_str().expect("bytes field"))
                .expect("base64");
            let message: Message =
                from_cbor(&encoded).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(to_cbor(&message), encoded, "{}", file.display());
            messages += 1;
        }
    }
    assert!(messages > 300, "only {messages} messages found");
}
