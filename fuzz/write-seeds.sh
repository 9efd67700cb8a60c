#!/usr/bin/env bash
# Rewrites the committed seed corpora (corpus/<target>/) with examples/seed.rs. The example is
# built with the same flags as `cargo fuzz build -O -s none` (run-example.sh), so it reuses that
# build.
set -euo pipefail
cd "$(dirname "$0")"
exec ./run-example.sh seed
