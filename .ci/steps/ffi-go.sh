#!/usr/bin/env bash
# CI step for the C ABI (ffi/) and its Go binding (go/fvmi/): installs Go if missing, builds the
# fvmi-ffi library in release, checks that ffi/include/fvmi.h matches the crate and compiles as
# C, then runs go vet and go test (which replays nv15, nv17 and nv18 test vectors through the
# C ABI from Go).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)

export FVMI_VECTORS="${FVMI_VECTORS:-$(pwd)/../shared/test-vectors}"
export FVMI_BUNDLES="${FVMI_BUNDLES:-$(pwd)/../shared/bundles}"
export CARGO_TERM_COLOR=never
target="${CARGO_TARGET_DIR:-$(pwd)/target}"

if ! command -v go >/dev/null 2>&1; then
    echo "== installing Go (Debian's golang package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq golang >/dev/null
fi
echo "== $(go version)"

# --workspace with the test targets resolves features exactly as the workspace's
# `cargo test --release --workspace` does, so after (or before) that step nothing is built twice;
# --lib puts the libraries, libfvmi_ffi.a among them, in $target/release.
echo "== build fvmi-ffi (release, workspace features): $target/release/libfvmi_ffi.a"
cargo build --release --workspace --lib --tests

echo "== header: ffi/include/fvmi.h matches cbindgen's output and compiles as C and C++"
cargo test --release --workspace --test ffi header
cc -fsyntax-only -Wall -Wextra -Werror -pedantic -std=c11 -x c ffi/include/fvmi.h
c++ -fsyntax-only -Wall -Wextra -Werror -x c++ ffi/include/fvmi.h

echo "== go vet and go test in go/fvmi (vectors from $FVMI_VECTORS)"
cd go/fvmi
export CGO_LDFLAGS="-L$target/release"
# Go's build cache does not notice a changed libfvmi_ffi.a: build with a fresh cache each run.
GOCACHE=$(mktemp -d)
export GOCACHE
trap 'rm -rf "$GOCACHE"' EXIT
go vet ./...
log=$(mktemp)
if ! go test -count=1 -v ./... >"$log" 2>&1; then
    cat "$log"
    rm -f "$log"
    exit 1
fi
# What ran: every test and vector with its verdict, then go test's closing line.
grep -E '^\s*--- |^(ok|PASS)' "$log"
rm -f "$log"
echo "== ffi-go took $(( $(date +%s) - start )) s"
