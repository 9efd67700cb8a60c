#!/usr/bin/env bash
# Runs one of the examples (`seed`, `replay`) with the same flags as `cargo fuzz build -O -s none`,
# so it reuses that build (the examples link libFuzzer's coverage runtime through the library).
# Usage: ./run-example.sh NAME [ARGS...]
set -euo pipefail
cd "$(dirname "$0")"
example="$1"
shift
host="$(rustc -vV | sed -n 's/^host: //p')"
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing \
-Cllvm-args=-simplifycfg-branch-fold-threshold=0 -Cllvm-args=-sanitizer-coverage-stack-depth \
-Ccodegen-units=1" \
    cargo run --quiet --target "$host" --release --config 'profile.release.debug="line-tables-only"' \
    --example "$example" -- "$@"
