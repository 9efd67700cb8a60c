#!/usr/bin/env bash
# Builds `fvmi` with profile-guided optimisation (PGO):
#   1. an instrumented build of fvmi-cli (`-Cprofile-generate`);
#   2. a training run: `fvmi vectors --jobs 1 --no-module-cache` over the training corpora;
#   3. `llvm-profdata merge` (rustup's `llvm-tools` component, matching the pinned rustc);
#   4. the optimised build (`-Cprofile-use`).
# Only the compiler's code layout and inlining change: the same sources, the same results
# (CI runs the PGO binary over the conformance corpora).
#
# Training corpora: FVMI_PGO_TRAIN, directories under FVMI_VECTORS (default ../shared/test-vectors),
# default "specs_actors_v7 0001-shark-01 0002-hygge-01": every engine generation (nv15, nv16-17,
# nv18) and all three bundles, but not the ohsnap corpus the nv15 benchmark measures.
#
# Output: $FVMI_PGO_DIR (default target/pgo)/x86_64-unknown-linux-gnu/release/fvmi; the profile
# stays in $FVMI_PGO_DIR/profile/merged.profdata. The host triple is given explicitly so that
# the flags reach fvmi's own code only, not build scripts (the nested wasm32 build of the v7
# actors clears RUSTFLAGS itself).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
vectors="${FVMI_VECTORS:-$repo/../shared/test-vectors}"
export FVMI_BUNDLES="${FVMI_BUNDLES:-$repo/../shared/bundles}"
out="${FVMI_PGO_DIR:-$repo/target/pgo}"
train="${FVMI_PGO_TRAIN:-specs_actors_v7 0001-shark-01 0002-hygge-01}"
host="$(rustc -vV | sed -n 's/^host: //p')"
sysroot="$(rustc --print sysroot)"
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    rustup component add llvm-tools
fi

profile="$out/profile"
rm -rf "$profile"
mkdir -p "$profile/raw"

echo "== pgo: instrumented build"
RUSTFLAGS="-Cprofile-generate=$profile/raw" CARGO_TARGET_DIR="$out/gen" \
    cargo build --release --locked --target "$host" -p fvmi-cli
gen_bin="$out/gen/$host/release/fvmi"

echo "== pgo: training run ($train)"
dirs=()
for corpus in $train; do
    if [ ! -d "$vectors/$corpus" ]; then
        echo "pgo: training corpus $vectors/$corpus not found (set FVMI_VECTORS or FVMI_PGO_TRAIN)" >&2
        exit 1
    fi
    dirs+=("$vectors/$corpus")
done
# The training run's verdicts are not the point here (CI checks the optimised binary), but a
# failure would mean the instrumented build is broken: stop.
# The instrumented build loses the sibling calls wasmi's dispatch relies on (each executed
# instruction then nests a native frame), so the training run needs an unbounded main stack.
(
    ulimit -s unlimited
    LLVM_PROFILE_FILE="$profile/raw/fvmi-%p-%m.profraw" \
        "$gen_bin" vectors --jobs 1 --no-module-cache "${dirs[@]}" | tail -n 1
)

echo "== pgo: merging $(find "$profile/raw" -name '*.profraw' | wc -l) raw profiles"
"$profdata" merge -o "$profile/merged.profdata" "$profile/raw"

echo "== pgo: optimised build"
RUSTFLAGS="-Cprofile-use=$profile/merged.profdata" CARGO_TARGET_DIR="$out" \
    cargo build --release --locked --target "$host" -p fvmi-cli
echo "pgo: built $out/$host/release/fvmi"
