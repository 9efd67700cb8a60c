//! Builds the builtin actors v7.5.1 for wasm32 with the nested cargo project in `bundle/`, post-processes
//! each module to the nv15 feature set (`src/postprocess`) and writes the results to `OUT_DIR/<name>.wasm`.
//!
//! The nested build has its own target directory next to the workspace's build directories
//! (`<target>/builtin-actors-bundle`), shared by every profile and by `cargo clippy` and `cargo test`, so
//! cargo's own caching makes a second run a no-op.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

#[allow(dead_code, unused_imports)]
#[path = "src/postprocess/mod.rs"]
mod postprocess;

#[allow(dead_code)]
#[path = "src/nested.rs"]
mod nested;

/// `(crate suffix, manifest name)` of each actor, in actor type order (System = 1 ... VerifiedRegistry = 11).
const ACTORS: [(&str, &str); 11] = [
    ("system", "system"),
    ("init", "init"),
    ("cron", "cron"),
    ("account", "account"),
    ("power", "storagepower"),
    ("miner", "storageminer"),
    ("market", "storagemarket"),
    ("paych", "paymentchannel"),
    ("multisig", "multisig"),
    ("reward", "reward"),
    ("verifreg", "verifiedregistry"),
];

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?);
    let cargo = std::env::var_os("CARGO").ok_or("CARGO unset")?;
    for watched in [
        "build.rs",
        "src/postprocess",
        "src/nested.rs",
        "bundle/Cargo.toml",
        "bundle/Cargo.lock",
        "bundle/.cargo",
        "bundle/src",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }

    let bundle = manifest_dir.join("bundle");
    let target_dir = nested::nested_target_dir(&out_dir, "builtin-actors-bundle");
    let packages: Vec<String> = ACTORS
        .iter()
        .map(|(crate_suffix, _)| format!("fil_actor_{crate_suffix}"))
        .collect();
    let started = Instant::now();
    if nested::build_wasm_packages(&cargo, &bundle, &target_dir, &packages)? {
        println!(
            "cargo:warning=built the builtin actors v7.5.1 for wasm32 in {} s (in {})",
            started.elapsed().as_secs(),
            target_dir.display()
        );
    }

    let built = target_dir.join("wasm32-unknown-unknown").join("wasm");
    for (crate_suffix, name) in ACTORS {
        let input = built.join(format!("fil_actor_{crate_suffix}.wasm"));
        let wasm = std::fs::read(&input)
            .map_err(|error| format!("reading {}: {error}", input.display()))?;
        let (output, _report) = postprocess::postprocess(&wasm)
            .map_err(|error| format!("post-processing {name}: {error}"))?;
        nested::write_if_changed(&out_dir.join(format!("{name}.wasm")), &output)?;
    }
    Ok(())
}
