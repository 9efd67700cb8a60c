#!/usr/bin/env bash
# Builds the page's module: fvmi-web for wasm32, then wasm-bindgen (the CLI of exactly the
# version Cargo.lock pins) into web/www/pkg.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$(pwd)/target}"
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen-cli $want is needed (found: ${have:-none}): cargo install wasm-bindgen-cli --version $want --locked" >&2
  exit 1
fi
cargo build --release --target wasm32-unknown-unknown -p fvmi-web
wasm-bindgen --target web --no-typescript --out-dir web/www/pkg \
  "$target/wasm32-unknown-unknown/release/fvmi_web.wasm"
echo "built web/www/pkg ($(du -h web/www/pkg/fvmi_web_bg.wasm | cut -f1) of wasm)"
