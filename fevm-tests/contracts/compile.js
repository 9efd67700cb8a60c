#!/usr/bin/env node
// Compiles src/*.sol with the solc npm package pinned in package.json (0.8.19, EVM version
// "paris": no PUSH0, which the builtin-actors v10 EVM does not know) and writes, for each
// contract, build/<Name>.bin: the creation code (initcode) as one line of hex. The tests embed
// these files; nothing at test time needs node.
//
//   node compile.js          # (re)write build/
//   node compile.js --check  # recompile and fail if build/ differs
//
// build/solc.json records the compiler version, the settings and each contract's method
// identifiers, for humans.
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const EXPECTED_VERSION = "0.8.19+commit.7dd6d404.Emscripten.clang";
const SETTINGS = {
  evmVersion: "paris",
  optimizer: { enabled: true, runs: 200 },
  // No metadata hash: the creation code is then a function of the sources alone.
  metadata: { bytecodeHash: "none", appendCBOR: false },
  outputSelection: { "*": { "*": ["evm.bytecode.object", "evm.methodIdentifiers"] } },
};

const here = __dirname;
const srcDir = path.join(here, "src");
const buildDir = path.join(here, "build");
const check = process.argv.includes("--check");

if (solc.version() !== EXPECTED_VERSION) {
  console.error(`solc ${solc.version()} found, ${EXPECTED_VERSION} expected (run npm ci)`);
  process.exit(1);
}

const sources = {};
for (const file of fs.readdirSync(srcDir).filter((f) => f.endsWith(".sol")).sort()) {
  sources[file] = { content: fs.readFileSync(path.join(srcDir, file), "utf8") };
}
const output = JSON.parse(
  solc.compile(JSON.stringify({ language: "Solidity", sources, settings: SETTINGS }))
);
let failed = false;
for (const e of output.errors || []) {
  if (e.severity === "error") failed = true;
  console.error(e.formattedMessage);
}
if (failed) process.exit(1);

const files = {};
const summary = { solc: solc.version(), settings: SETTINGS, contracts: {} };
for (const file of Object.keys(output.contracts).sort()) {
  for (const name of Object.keys(output.contracts[file]).sort()) {
    const evm = output.contracts[file][name].evm;
    if (evm.bytecode.object.length === 0) continue; // interfaces
    files[`${name}.bin`] = evm.bytecode.object + "\n";
    summary.contracts[name] = { source: `src/${file}`, methodIdentifiers: evm.methodIdentifiers };
  }
}
files["solc.json"] = JSON.stringify(summary, null, 2) + "\n";

let stale = [];
if (!check) fs.mkdirSync(buildDir, { recursive: true });
for (const [name, text] of Object.entries(files)) {
  const target = path.join(buildDir, name);
  if (check) {
    if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== text) stale.push(name);
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote build/${name}`);
  }
}
if (check) {
  if (stale.length) {
    console.error(`build/ is stale: ${stale.join(", ")} (run node compile.js)`);
    process.exit(1);
  }
  console.log("build/ matches the sources");
}
