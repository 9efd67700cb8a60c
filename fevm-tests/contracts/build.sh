#!/usr/bin/env bash
# Compiles the test contracts: installs the pinned solc (npm, package-lock.json) and writes
# build/<Name>.bin. Pass --check to verify the committed build/ instead.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node compile.js "$@"
