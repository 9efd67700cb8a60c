//! Builds the example actors in `actors/` (a nested cargo project) for wasm32, runs each module
//! through the post-processing of `fvmi-builtin-actors` (sign-extension lowering, export pruning,
//! nv15 validation, ABI v1 import check) and writes the results to `OUT_DIR/<name>.wasm`.
//!
//! The nested build has its own target directory next to the workspace's build directories
//! (`<target>/examples-actors`), shared by every profile and by `cargo clippy` and `cargo test`,
//! so cargo's own caching makes a second run a no-op.

use std::error::Error;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `(package name, output name)` of each example actor.
const ACTORS: [(&str, &str); 2] = [
    ("fvmi-example-counter", "counter"),
    ("fvmi-example-token", "token"),
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

/// `CARGO_*` variables the nested cargo keeps: registry location, network and terminal settings,
/// and the outer build's jobserver (so both builds share one parallelism limit).
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
        "actors/Cargo.toml",
        "actors/Cargo.lock",
        "actors/.cargo",
        "actors/counter",
        "actors/token",
        // The actors compile the SDK and the types crate from source.
        "../actors-sdk/src",
        "../actors-sdk/Cargo.toml",
        "../types/src",
        "../types/Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }

    let project = manifest_dir.join("actors");
    let target_dir = nested_target_dir(&out_dir);
    build_actors(&cargo, &project, &target_dir)?;

    let built = target_dir.join("wasm32-unknown-unknown").join("wasm");
    for (package, name) in ACTORS {
        let input = built.join(format!("{}.wasm", package.replace('-', "_")));
        let wasm = std::fs::read(&input)
            .map_err(|error| format!("reading {}: {error}", input.display()))?;
        let (output, _report) = fvmi_builtin_actors::postprocess(&wasm)
            .map_err(|error| format!("post-processing {name}: {error}"))?;
        write_if_changed(&out_dir.join(format!("{name}.wasm")), &output)?;
    }
    Ok(())
}

/// `<target>/examples-actors`, where `<target>` is found from `OUT_DIR`
/// (`<target>[/<triple>]/<profile>/build/<package>-<hash>/out`); `OUT_DIR/actors` otherwise.
fn nested_target_dir(out_dir: &Path) -> PathBuf {
    let is_build_dir = out_dir
        .ancestors()
        .nth(2)
        .and_then(Path::file_name)
        .is_some_and(|name| name == "build");
    match out_dir.ancestors().nth(4) {
        Some(target) if is_build_dir => target.join("examples-actors"),
        _ => out_dir.join("actors"),
    }
}

/// Runs the nested cargo build of the example actors with a cleaned environment.
fn build_actors(cargo: &OsStr, project: &Path, target_dir: &Path) -> Result<(), Box<dyn Error>> {
    let mut command = Command::new(cargo);
    command
        .current_dir(project)
        .arg("build")
        .arg("--locked")
        .arg("--manifest-path")
        .arg(project.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir)
        .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm"]);
    for (package, _) in ACTORS {
        command.arg("-p").arg(package);
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

    let output = command
        .output()
        .map_err(|error| format!("cannot run the nested cargo: {error}"))?;
    if !output.status.success() {
        let log = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = log.lines().collect();
        for line in &lines[lines.len().saturating_sub(40)..] {
            println!("cargo:warning={line}");
        }
        return Err(format!(
            "the nested build of the example actors failed ({})",
            output.status
        )
        .into());
    }
    Ok(())
}

/// Writes `bytes` to `path` unless it already holds them (keeps the timestamp for cargo).
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), Box<dyn Error>> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes)
        .map_err(|error| format!("writing {}: {error}", path.display()).into())
}
