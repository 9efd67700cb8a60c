//! Builds the example actors in `actors/` (a nested cargo project) for wasm32, runs each module
//! through the post-processing of `fvmi-builtin-actors` (sign-extension lowering, export pruning,
//! nv15 validation, ABI v1 import check) and writes the results to `OUT_DIR/<name>.wasm`.
//!
//! The nested build has its own target directory next to the workspace's build directories
//! (`<target>/examples-actors`), shared by every profile and by `cargo clippy` and `cargo test`,
//! so cargo's own caching makes a second run a no-op.

use std::error::Error;
use std::path::PathBuf;

use fvmi_builtin_actors::nested;

/// `(package name, output name)` of each example actor.
const ACTORS: [(&str, &str); 2] = [
    ("fvmi-example-counter", "counter"),
    ("fvmi-example-token", "token"),
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
    let target_dir = nested::nested_target_dir(&out_dir, "examples-actors");
    let packages: Vec<String> = ACTORS
        .iter()
        .map(|(package, _)| package.to_string())
        .collect();
    nested::build_wasm_packages(&cargo, &project, &target_dir, &packages)?;

    let built = target_dir.join("wasm32-unknown-unknown").join("wasm");
    for (package, name) in ACTORS {
        let input = built.join(format!("{}.wasm", package.replace('-', "_")));
        let wasm = std::fs::read(&input)
            .map_err(|error| format!("reading {}: {error}", input.display()))?;
        let (output, _report) = fvmi_builtin_actors::postprocess(&wasm)
            .map_err(|error| format!("post-processing {name}: {error}"))?;
        nested::write_if_changed(&out_dir.join(format!("{name}.wasm")), &output)?;
    }
    Ok(())
}
