//! Running a nested cargo build of wasm32 actors from a build script: the target directory next to
//! the workspace's build directories, the cleaned environment, and writing outputs without touching
//! unchanged files. Shared by this crate's build script (through `#[path]`) and by `fvmi-examples`.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// `CARGO_*` variables the nested cargo keeps: where the registry lives, network and terminal
/// settings, and the jobserver of the outer build (so both builds share one parallelism limit).
const KEPT_CARGO_PREFIXES: [&str; 7] = [
    "CARGO_HOME",
    "CARGO_MAKEFLAGS",
    "CARGO_NET_",
    "CARGO_HTTP_",
    "CARGO_REGISTRIES_",
    "CARGO_REGISTRY_",
    "CARGO_TERM_",
];

/// `<target>/<name>`, where `<target>` is found from a build script's `OUT_DIR`
/// (`<target>[/<triple>]/<profile>/build/<package>-<hash>/out`), so every profile and both
/// `cargo clippy` and `cargo test` share one nested build; `OUT_DIR/<name>` if the layout differs.
pub fn nested_target_dir(out_dir: &Path, name: &str) -> PathBuf {
    let is_build_dir = out_dir
        .ancestors()
        .nth(2)
        .and_then(Path::file_name)
        .is_some_and(|dir| dir == "build");
    match out_dir.ancestors().nth(4) {
        // A build for an explicit `--target` has one more level (`<target>/<triple>/...`); the
        // nested wasm build does not depend on it, so every target shares one copy.
        Some(target) if is_build_dir => {
            let triple = std::env::var_os("TARGET");
            match target.parent() {
                Some(parent) if triple.is_some() && target.file_name() == triple.as_deref() => {
                    parent.join(name)
                }
                _ => target.join(name),
            }
        }
        _ => out_dir.join(name),
    }
}

/// Builds `packages` of the cargo project at `project` for wasm32 (profile `wasm`, lock file
/// enforced) into `target_dir`, with the outer build's environment removed. Returns whether
/// anything was compiled; on failure the last lines of cargo's log are printed as build warnings.
pub fn build_wasm_packages(
    cargo: &OsStr,
    project: &Path,
    target_dir: &Path,
    packages: &[String],
) -> Result<bool, String> {
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
    for package in packages {
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
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && missing_wasm_target(&log) {
        return Err(MISSING_TARGET.to_owned());
    }
    if !output.status.success() {
        let lines: Vec<&str> = log.lines().collect();
        for line in &lines[lines.len().saturating_sub(40)..] {
            println!("cargo:warning={line}");
        }
        return Err(format!(
            "the nested build in {} failed ({})",
            project.display(),
            output.status
        ));
    }
    Ok(log
        .lines()
        .any(|line| line.trim_start().starts_with("Compiling")))
}

/// The one line printed when the toolchain lacks the wasm32 standard library.
pub const MISSING_TARGET: &str =
    "the wasm32-unknown-unknown target is not installed for the pinned \
     toolchain: run `rustup target add wasm32-unknown-unknown` and build again";

/// Whether a failed nested build's log says the wasm32 standard library is missing.
pub fn missing_wasm_target(log: &str) -> bool {
    log.contains("can't find crate for `core`")
        || log.contains("can't find crate for `std`")
        || log.contains("target may not be installed")
}

/// Writes `bytes` to `path` unless it already holds them (keeps the file's timestamp for cargo).
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(|error| format!("writing {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_a_missing_wasm_target() {
        let log = "error[E0463]: can't find crate for `core`\n  = note: the \
                   `wasm32-unknown-unknown` target may not be installed";
        assert!(missing_wasm_target(log));
        assert!(!missing_wasm_target(
            "error: could not compile `fil_actor_miner`"
        ));
    }

    #[test]
    fn nested_dir_sits_beside_the_profile_dirs() {
        let out = Path::new("/w/target/release/build/fvmi-x-123/out");
        assert_eq!(
            nested_target_dir(out, "bundle"),
            PathBuf::from("/w/target/bundle")
        );
        let odd = Path::new("/tmp/out");
        assert_eq!(
            nested_target_dir(odd, "bundle"),
            PathBuf::from("/tmp/out/bundle")
        );
    }
}
