//! Hostile actors (the `adversarial/actors/*.wat` bodies of the `fvmi-adversarial` crate: loops,
//! deep recursion, memory growth, huge and deep blocks, bad pointers, deep sends…) deployed in
//! the genesis state as non-builtin actors, so the random messages call them on both VMs.
//!
//! Each body is wrapped as that crate does: `(module <prelude> <common.wat> <body>)` with
//! `prelude_v1.wat` (ABI v1, network versions 15 to 17) or `prelude_v3.wat` (ABI v3, nv18). Its
//! code CID is the raw BLAKE2b-256 CID of the wasm and the wasm block is in the store. fvmi
//! prepares such code from the blockstore on first use; the reference fvm 2.x only runs code its
//! engine has loaded, so the embedder preloads these modules into the reference's engine before
//! building the machine (fvm 3.x would load them from the store; they are preloaded there too).

use std::path::Path;

use anyhow::{bail, Context as _};
use cid::Cid;
use fvmi_ipld::cbor::RAW;

/// The first actor ID hostile actors are installed at (the bodies address themselves as f01000).
pub const FIRST_ID: u64 = 1000;
/// The ID the init actor hands out next once hostile actors are installed (so that no created
/// actor takes one of their IDs).
pub const NEXT_ID_AFTER: u64 = 2000;
/// Each hostile actor's balance, attoFIL.
pub const BALANCE: u64 = 1_000_000;
/// The method the generator calls them with.
pub const METHOD: u64 = 2;
/// Exit codes the `exit_code` body is instantiated with. 0 included: an actor aborting with
/// exit code 0 fails the whole message in both VMs (no receipt; "actor failed with status OK").
const EXIT_CODES: [u32; 4] = [0, 16, 32, u32::MAX];

/// A hostile actor ready to deploy.
#[derive(Debug, Clone)]
pub struct Hostile {
    /// Its body's name.
    pub name: String,
    /// The raw BLAKE2b-256 CID of its wasm.
    pub code: Cid,
    /// Its wasm module.
    pub wasm: Vec<u8>,
}

/// Compiles every body in `dir` for ABI v1 (nv15 to nv17) or ABI v3 (nv18). `infinite_loop` is
/// left out at network version 15, where instructions are free and it would never end.
pub fn load(dir: &Path, nv: u32) -> anyhow::Result<Vec<Hostile>> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))
    };
    let prelude = read(if nv >= 18 {
        "prelude_v3.wat"
    } else {
        "prelude_v1.wat"
    })?;
    let common = read("common.wat")?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".wat").map(str::to_owned))
        .filter(|name| !name.starts_with("prelude_") && name != "common")
        .collect();
    names.sort();
    let mut hostiles = Vec::new();
    for name in names {
        if name == "infinite_loop" && nv == 15 {
            continue;
        }
        let body = read(&format!("{name}.wat"))?;
        let variants: Vec<(String, String)> = if name == "exit_code" {
            EXIT_CODES
                .iter()
                .map(|code| {
                    let text = body.replace("CODE", &(*code as i32).to_string());
                    (format!("exit_code_{code}"), text)
                })
                .collect()
        } else {
            vec![(name.clone(), body)]
        };
        for (name, body) in variants {
            let text = format!("(module\n{prelude}\n{common}\n{body}\n)\n");
            let wasm = wat::parse_str(&text).with_context(|| format!("compiling {name}"))?;
            hostiles.push(Hostile {
                code: fvmi_ipld::cbor::cid_of(RAW, &wasm),
                name,
                wasm,
            });
        }
    }
    if hostiles.is_empty() {
        bail!("no hostile actor bodies in {}", dir.display());
    }
    Ok(hostiles)
}
