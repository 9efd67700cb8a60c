//! Builds the builtin actors v7.5.1 for wasm32 with the nested cargo project in `bundle/`, post-processes
//! each module to the nv15 feature set (`src/postprocess`) and writes the results to `OUT_DIR/<name>.wasm`.
//!
//! The nested build has its own target directory next to the workspace's build directories
//! (`<target>/builtin-actors-bundle`), shared by every profile and by `cargo clippy` and `cargo test`, so
//! cargo's own caching makes a second run a no-op.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[allow(dead_code, unused_imports)]
#[path = "src/postprocess/mod.rs"]
mod postprocess;

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

/// Environment variables of the outer build that must not leak into the nested one.
const REMOVED_VARIABLES: [&str; 13] = [
    "RUSTFLAGS",
    "RUSTDOCFLAGS",
    "RUSTC_WORKSPACE_WRAPPER",
    "RUSTC_LINKER",
    "RUSTDOC",
    "OUT_DIR",
    "TARGET",
    "HOST",
    "NUM_JOBS",
    "OPT_LEVEL",
    "DEBUG",
    "PROFILE",
    "CARGO",
];

/// `CARGO_*` variables the nested cargo keeps: where the registry lives, network and terminal settings,
/// and the jobserver of the outer build (so that the nested build shares its parallelism limit).
const KEPT_CARGO_PREFIXES: [&str; 7] = [
    "CARGO_HOME",
    "CARGO_MAKEFLAGS",
    "CARGO_NET_",
    "CARGO_HTTP_",
    "CARGO_REGISTRIES_",
    "CARGO_REGISTRY_",
    "CARGO_TERM_",
];

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR unset")?);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR unset")?);
    let cargo = std::env::var_os("CARGO").ok_or("CARGO unset")?;
    for watched in [
        "build.rs",
        "src/postprocess",
        "bundle/Cargo.toml",
        "bundle/Cargo.lock",
        "bundle/.cargo",
        "bundle/src",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }

    let bundle = manifest_dir.join("bundle");
    let target_dir = nested_target_dir(&out_dir);
    build_actors(&cargo, &bundle, &target_dir)?;

    let built = target_dir.join("wasm32-unknown-unknown").join("wasm");
    for (crate_suffix, name) in ACTORS {
        let input = built.join(format!("fil_actor_{crate_suffix}.wasm"));
        let wasm = std::fs::read(&input)
            .map_err(|error| format!("reading {}: {error}", input.display()))?;
        let (output, _report) = postprocess::postprocess(&wasm)
            .map_err(|error| format!("post-processing {name}: {error}"))?;
        write_if_changed(&out_dir.join(format!("{name}.wasm")), &output)?;
    }
    Ok(())
}

/// `<target>/builtin-actors-bundle`, where `<target>` is found from `OUT_DIR`
/// (`<target>[/<triple>]/<profile>/build/<package>-<hash>/out`); `OUT_DIR/bundle` if the layout differs.
fn nested_target_dir(out_dir: &Path) -> PathBuf {
    let build = out_dir.ancestors().nth(2);
    let is_build_dir = build
        .and_then(Path::file_name)
        .is_some_and(|name| name == "build");
    match out_dir.ancestors().nth(4) {
        Some(target) if is_build_dir => target.join("builtin-actors-bundle"),
        _ => out_dir.join("bundle"),
    }
}

/// Runs the nested cargo build of the 11 actor crates.
fn build_actors(
    cargo: &std::ffi::OsStr,
    bundle: &Path,
    target_dir: &Path,
) -> Result<(), Box<dyn Error>> {
    let mut command = Command::new(cargo);
    command
        .current_dir(bundle)
        .arg("build")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(bundle.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm"]);
    for (crate_suffix, _) in ACTORS {
        command.arg("-p").arg(format!("fil_actor_{crate_suffix}"));
    }
    for variable in REMOVED_VARIABLES {
        command.env_remove(variable);
    }
    for (variable, _) in std::env::vars_os() {
        let Some(name) = variable.to_str() else {
            continue;
        };
        let kept = KEPT_CARGO_PREFIXES
            .iter()
            .any(|prefix| name.starts_with(prefix));
        if name.starts_with("CARGO_") && !kept {
            command.env_remove(&variable);
        }
    }

    let started = Instant::now();
    let output = command
        .output()
        .map_err(|error| format!("cannot run the nested cargo: {error}"))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        for line in log
            .lines()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            println!("cargo:warning={line}");
        }
        return Err(format!(
            "the nested build of the builtin actors failed ({})",
            output.status
        )
        .into());
    }
    if log
        .lines()
        .any(|line| line.trim_start().starts_with("Compiling"))
    {
        println!(
            "cargo:warning=built the builtin actors v7.5.1 for wasm32 in {} s (in {})",
            started.elapsed().as_secs(),
            target_dir.display()
        );
    }
    Ok(())
}

/// Writes `bytes` to `path` unless it already holds them (keeps the file's timestamp for cargo).
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes)
        .map_err(|error| format!("writing {}: {error}", path.display()).into())
}
