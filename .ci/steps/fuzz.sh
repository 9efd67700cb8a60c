#!/usr/bin/env bash
# CI step: builds every cargo-fuzz target of fuzz/ and runs each for a short while on its
# committed seed corpus; any crash, timeout or out-of-memory report fails the step.
#
# The targets build with the repository's pinned toolchain and `--sanitizer none`: libFuzzer's
# coverage instrumentation needs no nightly, and a nightly build would also rebuild the builtin
# actors bundle (a nested wasm32 build) with a toolchain that lacks the wasm32 target. See
# fuzz/README.md for long runs and for AddressSanitizer builds.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)

# A fixed seed and a fixed number of runs make the smoke run repeatable (the same inputs on every
# machine; the time limit is only a backstop). Exploration is for long runs (fuzz/README.md).
runs="${FVMI_FUZZ_RUNS:-5000}"
seconds="${FVMI_FUZZ_SECONDS:-60}"
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup target add wasm32-unknown-unknown
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
echo "== fuzz: $(cargo fuzz --version), $(rustc --version)"

# The workspace's own target dir by default: the fuzz build (for an explicit --target) then
# reuses the nested wasm build of the builtin actors instead of redoing it.
export CARGO_TARGET_DIR="${FVMI_FUZZ_TARGET_DIR:-$(pwd)/target}"
# syscall_actor_v3 runs on an nv18 chain built around the v10 mainnet bundle, read at run time.
export FVMI_BUNDLES="${FVMI_BUNDLES:-$(cd .. && pwd)/shared/bundles}"
if [ ! -f "$FVMI_BUNDLES/builtin-actors-v10-mainnet.car" ]; then
    echo "== fuzz: $FVMI_BUNDLES/builtin-actors-v10-mainnet.car is missing (syscall_actor_v3 needs it)"
    exit 1
fi
echo "== fuzz: bundles from $FVMI_BUNDLES"
cd fuzz
echo "== fuzz: building the targets"
cargo fuzz build -O -s none
targets=$(cargo fuzz list)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in $targets; do
    echo "== fuzz: $target, $runs runs (seed 1) on corpus/$target"
    mkdir -p "$scratch/$target" "corpus/$target"
    # New inputs go to the scratch directory; the committed corpus is only read.
    log="$scratch/$target.log"
    if ! cargo fuzz run -O -s none "$target" "$scratch/$target" "corpus/$target" -- \
        -seed=1 -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 \
        >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "== fuzz: $target FAILED; the input is in fuzz/artifacts/$target"
        exit 1
    fi
    grep -E "DONE|stat::number_of_executed_units|stat::peak_rss_mb" "$log" || true
done
echo "== fuzz took $(( $(date +%s) - start )) s"
