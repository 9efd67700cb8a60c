#!/usr/bin/env bash
# Differential testing against the reference VM: builds `diffref/` (fvm 2.11.3 from crates.io,
# nv15-17) and `diffref/v3/` (fvm 3.14.1, nv18), both outside the default workspace (they compile
# wasmtime and the proofs stack) and sharing `diffref/core`; checks their formatting and lints,
# then applies CI-sized runs of seeded random messages to fvmi and to the reference at network
# versions 15, 16, 17 and 18, comparing every receipt and state root.
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
manifest3=diffref/v3/Cargo.toml
messages="${DIFFREF_CI_MESSAGES:-1500}"
seed="${DIFFREF_SEED:-20261130}"

echo "== diffref: fmt"
cargo fmt --manifest-path "$manifest" -- --check
cargo fmt --manifest-path "$manifest3" -- --check
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
echo "== diffref: core unit tests"
# The whole workspace: testing `core` alone resolves other features and rebuilds its dependencies.
cargo test --release --locked --manifest-path "$manifest" --workspace
echo "== diffref: clippy"
cargo clippy --release --locked --manifest-path "$manifest" --workspace --all-targets -- -D warnings

echo "== diffref3 (nv18, fvm 3.14.1): build"
build_start=$(date +%s)
cargo build --release --locked --manifest-path "$manifest3"
echo "== diffref3: build took $(( $(date +%s) - build_start )) s"
echo "== diffref3: $messages messages at nv18, seed $seed"
run_start=$(date +%s)
"$CARGO_TARGET_DIR/release/fvmi-diffref3" --ci --messages "$messages" --seed "$seed"
echo "== diffref3: run took $(( $(date +%s) - run_start )) s"
echo "== diffref3: $hostile messages at nv18 with the hostile actors of adversarial/actors deployed"
"$CARGO_TARGET_DIR/release/fvmi-diffref3" --ci --messages "$hostile" --seed "$seed" --adversarial
echo "== diffref3: clippy"
cargo clippy --release --locked --manifest-path "$manifest3" --all-targets -- -D warnings
echo "== diffref step took $(( $(date +%s) - start )) s"
