#!/usr/bin/env bash
# CI step "web": the VM builds for wasm32, and the page replays vectors in a real browser.
# Installs what it needs: the wasm32 target, wasm-bindgen-cli (the version Cargo.lock pins;
# kept if already installed), Debian's chromium if missing, the test's npm packages.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$(date +%s)
export FVMI_VECTORS="${FVMI_VECTORS:-$(pwd)/../shared/test-vectors}"
export FVMI_BUNDLES="${FVMI_BUNDLES:-$(pwd)/../shared/bundles}"
export CARGO_TERM_COLOR=never

rustup target add wasm32-unknown-unknown

echo "== web: the VM crates build for wasm32-unknown-unknown"
cargo build --release --target wasm32-unknown-unknown \
  -p fvmi-types -p fvmi-ipld -p fvmi-state -p fvmi-interp -p fvmi-syscalls \
  -p fvmi-kernel -p fvmi-conformance
echo "web: fvmi-types, -ipld, -state, -interp, -syscalls, -kernel, -conformance built for wasm32"

bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" != "$bindgen" ]; then
  echo "== web: installing wasm-bindgen-cli $bindgen"
  cargo install wasm-bindgen-cli --version "$bindgen" --locked
fi
echo "web: wasm-bindgen-cli $bindgen"

if ! command -v chromium >/dev/null 2>&1; then
  echo "== web: installing chromium"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
echo "web: $(chromium --version 2>/dev/null | head -n 1)"

echo "== web: npm ci (web/test)"
(cd web/test && npm ci --no-audit --no-fund)

echo "== web: build the page"
bash web/build.sh

echo "== web: the page in chromium"
(cd web/test && node --test browser.test.mjs)
echo "== web step took $(( $(date +%s) - start )) s"
