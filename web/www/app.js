// The page's logic: load the fvmi wasm module, take bundle and vector files (picked, dropped,
// or named by URL with ?bundle=URL&vector=URL, repeatable), replay each vector and show its
// receipts, gas, verdicts and call trees.
import init, { Replayer, probeNestedSends } from "./pkg/fvmi_web.js";

const statusLine = document.getElementById("status");
const results = document.getElementById("results");
const bundleList = document.getElementById("bundles");
let replayer = null;

function setStatus(text) {
  statusLine.textContent = text;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function verdictBadge(word) {
  return el("span", { class: `verdict ${word}` }, word);
}

// Gives the browser a frame to paint the status before a long synchronous replay.
function nextFrame() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function showBundles() {
  const sources = JSON.parse(replayer.bundleSources());
  bundleList.textContent = `bundles: ${sources.join(", ")}`;
}

function addBundle(name, bytes) {
  const root = replayer.addBundle(name, bytes);
  showBundles();
  return root;
}

function wholeGas(milligas) {
  return Math.ceil(milligas / 1000);
}

function callList(calls) {
  const list = el("ul", { class: "calls" });
  for (const call of calls) {
    const exit = call.exit_code === null ? "unfinished" : `exit ${call.exit_code}`;
    const error = call.error ? ` (${call.error})` : "";
    const value = call.value === "0" ? "" : ` value ${call.value}`;
    const item = el(
      "li",
      {},
      `f0${call.from} → ${call.to} method ${call.method}${value}: ${exit}, gas ${wholeGas(call.milligas)}${error}`
    );
    if (call.calls.length > 0) item.append(callList(call.calls));
    list.append(item);
  }
  return list;
}

function countCalls(calls) {
  return calls.reduce((sum, call) => sum + 1 + countCalls(call.calls), 0);
}

function messageRows(variant) {
  const table = el(
    "table",
    {},
    el("tr", {},
      el("th", {}, "#"), el("th", {}, "exit (expected / actual)"),
      el("th", {}, "gas used (expected / actual)"), el("th", {}, "return (expected / actual)"),
      el("th", {}, "verdict"), el("th", {}, "call tree"))
  );
  for (const message of variant.messages) {
    const word = message.passed ? "pass" : "fail";
    const tree = message.call_tree;
    const details = el(
      "details",
      {},
      el("summary", {}, `${countCalls(tree.calls)} calls, ${wholeGas(tree.outside_milligas)} gas outside calls`),
      callList(tree.calls)
    );
    const returns = `${message.expected.return_hex || "—"} / ${message.actual.return_hex || "—"}`;
    table.append(
      el("tr", { class: "message", "data-verdict": word },
        el("td", { class: "num" }, message.index),
        el("td", { class: "num" }, `${message.expected.exit_code} / ${message.actual.exit_code}`),
        el("td", { class: "num" }, `${message.expected.gas_used} / ${message.actual.gas_used}`),
        el("td", { class: "hex" }, returns),
        el("td", {}, verdictBadge(word),
          message.failure_info ? el("div", { class: "reason" }, message.failure_info) : ""),
        el("td", {}, details))
    );
  }
  return table;
}

function showReport(report, millis) {
  const card = el("section", { class: "vector", "data-verdict": report.verdict.status, "data-name": report.name });
  card.append(
    el("h2", {}, verdictBadge(report.verdict.status), " ", report.id),
    el("div", {}, `${report.name} — replayed in ${millis.toFixed(0)} ms`)
  );
  if (report.verdict.reason) card.append(el("div", { class: "reason" }, report.verdict.reason));
  for (const variant of report.variants) {
    const root = variant.actual_root ?? "—";
    card.append(
      el("h3", {}, `variant ${variant.variant}: nv${variant.network_version}, epoch ${variant.epoch} `,
        verdictBadge(variant.verdict.status)),
      el("div", { class: "root", "data-verdict": variant.root },
        "state root ", verdictBadge(variant.root), ` expected ${variant.expected_root}, actual ${root}`)
    );
    if (variant.verdict.reason) card.append(el("div", { class: "reason" }, variant.verdict.reason));
    card.append(messageRows(variant));
  }
  results.append(card);
}

function showError(name, error) {
  results.append(
    el("section", { class: "vector", "data-verdict": "error", "data-name": name },
      el("h2", {}, verdictBadge("failed"), " ", name),
      el("div", { class: "reason" }, String(error)))
  );
}

async function replayText(name, text) {
  setStatus(`replaying ${name}…`);
  await nextFrame();
  const started = performance.now();
  try {
    const report = JSON.parse(replayer.replay(name, text));
    showReport(report, performance.now() - started);
    setStatus(`replayed ${name}`);
    return report;
  } catch (error) {
    showError(name, error);
    setStatus(`${name}: ${error}`);
    throw error;
  }
}

// Bundles first (a vector may need them), then vectors in the order given.
async function takeFiles(files) {
  const list = Array.from(files);
  for (const file of list.filter((f) => f.name.endsWith(".car"))) {
    addBundle(file.name, new Uint8Array(await file.arrayBuffer()));
  }
  for (const file of list.filter((f) => !f.name.endsWith(".car"))) {
    await replayText(file.name, await file.text()).catch(() => {});
  }
}

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

// ?bundle=URL and ?vector=URL (repeatable): fetched and taken as if picked.
async function takeUrls() {
  const params = new URLSearchParams(location.search);
  for (const url of params.getAll("bundle")) {
    setStatus(`loading bundle ${url}…`);
    addBundle(url.split("/").pop(), await fetchBytes(url));
  }
  for (const url of params.getAll("vector")) {
    const text = new TextDecoder().decode(await fetchBytes(url));
    await replayText(url.split("/").pop(), text).catch(() => {});
  }
}

function wireInputs() {
  document.getElementById("bundle-files").addEventListener("change", (event) => takeFiles(event.target.files));
  document.getElementById("vector-files").addEventListener("change", (event) => takeFiles(event.target.files));
  const drop = document.getElementById("drop");
  document.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  document.addEventListener("dragleave", () => drop.classList.remove("over"));
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    takeFiles(event.dataTransfer.files);
  });
}

async function main() {
  await init();
  replayer = new Replayer();
  showBundles();
  wireInputs();
  // For scripts and tests: the same entry points the inputs use.
  window.fvmi = { replayText, addBundle, probeNestedSends: (n) => JSON.parse(probeNestedSends(n)) };
  setStatus("ready");
  await takeUrls();
  setStatus(params().size > 0 ? "done" : "ready");
  document.body.dataset.state = "done";
}

function params() {
  return new URLSearchParams(location.search);
}

main().catch((error) => {
  setStatus(`error: ${error}`);
  document.body.dataset.state = "error";
});
