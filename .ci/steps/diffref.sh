#!/usr/bin/env bash
# Differential testing against the reference VM (fvm 2.11.3 from crates.io): builds the
# `diffref/` crate (outside the default workspace: it compiles wasmtime and the proofs stack),
# checks its formatting and lints, then applies a CI-sized run of seeded random messages to fvmi
# and to the reference at network versions 15, 16 and 17, comparing every receipt and state root.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)

rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup target add wasm32-unknown-unknown
rustup component add rustfmt clippy

export FVMI_BUNDLES="${FVMI_BUNDLES:-$(pwd)/../shared/bundles}"
export CARGO_TERM_COLOR=never
# Share the workspace's target dir: the nested wasm build of the v7 actors is reused.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(pwd)/target}"
manifest=diffref/Cargo.toml
messages="${DIFFREF_CI_MESSAGES:-1500}"
seed="${DIFFREF_SEED:-20261130}"

echo "== diffref: fmt"
cargo fmt --manifest-path "$manifest" -- --check
echo "== diffref: build (the lock pins core2 0.4.0, yanked on crates.io, so --locked is required)"
build_start=$(date +%s)
cargo build --release --locked --manifest-path "$manifest"
echo "== diffref: build took $(( $(date +%s) - build_start )) s"
echo "== diffref: $messages messages per network version (nv15, nv16, nv17), seed $seed"
run_start=$(date +%s)
"$CARGO_TARGET_DIR/release/fvmi-diffref" --ci --messages "$messages" --seed "$seed"
echo "== diffref: run took $(( $(date +%s) - run_start )) s"
hostile="${DIFFREF_CI_HOSTILE_MESSAGES:-600}"
echo "== diffref: $hostile messages per network version with the hostile actors of adversarial/actors deployed"
"$CARGO_TARGET_DIR/release/fvmi-diffref" --ci --messages "$hostile" --seed "$seed" --adversarial
echo "== diffref: clippy"
cargo clippy --release --locked --manifest-path "$manifest" --all-targets -- -D warnings
echo "== diffref step took $(( $(date +%s) - start )) s"
