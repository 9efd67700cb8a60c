//! Prepared modules kept across processes: the instrumented binary of a module, stored in a
//! directory under a key derived from everything that decides it.
//!
//! - **Key**: BLAKE2b-256 of a format tag, the engine configuration, a fingerprint of this
//!   crate's own sources (so any change to validation or instrumentation misses every old
//!   entry) and the original wasm bytes. The key never trusts a code CID alone: fvmi's v7
//!   actors have named (identity) code CIDs that do not hash their bytes.
//! - **Entry**: a magic line, the BLAKE2b-256 of the payload, then the payload (the
//!   instrumented binary, after the memory cap). An entry is only ever written after the
//!   original module passed validation and instrumentation.
//! - **Loading** checks the magic and the checksum; wasmi validates the payload again when it
//!   compiles it. A corrupt or truncated entry is deleted and the module rebuilt; it is never
//!   trusted.
//! - **Writing** goes to a unique temporary file in the same directory, then an atomic rename:
//!   concurrent writers of one key each install a complete entry, and readers never see a
//!   partial one. Every I/O failure only means a miss: the cache can never fail a preparation.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::engine::EngineConfig;

const MAGIC: &[u8] = b"fvmi prepared module v1\n";
const HASH_LEN: usize = 32;

/// This crate's sources, hashed into every key.
const SOURCES: &[&[u8]] = &[
    include_bytes!("disk_cache.rs"),
    include_bytes!("encode.rs"),
    include_bytes!("engine.rs"),
    include_bytes!("features.rs"),
    include_bytes!("rules.rs"),
    include_bytes!("instrument/assemble.rs"),
    include_bytes!("instrument/body.rs"),
    include_bytes!("instrument/inline.rs"),
    include_bytes!("instrument/metering.rs"),
    include_bytes!("instrument/mod.rs"),
    include_bytes!("instrument/module.rs"),
    include_bytes!("instrument/ops.rs"),
    include_bytes!("instrument/stack_height.rs"),
];

/// A directory of prepared modules shared by processes (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskCache {
    dir: PathBuf,
}

fn hash(parts: &[&[u8]]) -> [u8; HASH_LEN] {
    let mut state = blake2b_simd::Params::new().hash_length(HASH_LEN).to_state();
    for part in parts {
        state.update(&(part.len() as u64).to_le_bytes());
        state.update(part);
    }
    let mut out = [0u8; HASH_LEN];
    out.copy_from_slice(state.finalize().as_bytes());
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl DiskCache {
    /// A cache in `dir` (created when the first entry is written).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the entry of `wasm` prepared under `config` lives.
    pub fn entry_path(&self, config: &EngineConfig, wasm: &[u8]) -> PathBuf {
        let config = format!("{config:?}");
        let mut parts: Vec<&[u8]> = vec![MAGIC, config.as_bytes()];
        parts.extend_from_slice(SOURCES);
        parts.push(wasm);
        self.dir.join(format!("{}.wasm", hex(&hash(&parts))))
    }

    /// The payload stored for `wasm` under `config`, if a sound entry exists; a corrupt entry
    /// is removed.
    pub(crate) fn load(&self, config: &EngineConfig, wasm: &[u8]) -> Option<Vec<u8>> {
        let path = self.entry_path(config, wasm);
        let bytes = std::fs::read(&path).ok()?;
        let sound = bytes.strip_prefix(MAGIC).and_then(|rest| {
            let (sum, payload) = rest.split_at_checked(HASH_LEN)?;
            (sum == hash(&[payload])).then_some(payload)
        });
        match sound {
            Some(payload) => Some(payload.to_vec()),
            None => {
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores `payload` as the entry of `wasm` under `config` (best effort).
    pub(crate) fn store(&self, config: &EngineConfig, wasm: &[u8], payload: &[u8]) {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = self.entry_path(config, wasm);
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let temp = self.dir.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut entry = Vec::with_capacity(MAGIC.len() + HASH_LEN + payload.len());
        entry.extend_from_slice(MAGIC);
        entry.extend_from_slice(&hash(&[payload]));
        entry.extend_from_slice(payload);
        if std::fs::write(&temp, &entry).is_err() || std::fs::rename(&temp, &path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}
