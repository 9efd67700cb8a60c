// The page in a real browser: Debian's chromium, driven by playwright-core, loads web/www from a
// local server, replays the first vector of the nv15, nv17 and nv18 corpora (chosen by scanning
// FVMI_VECTORS at run time) with the bundles of FVMI_BUNDLES, checks every verdict the page shows,
// measures how deep nested sends go in the browser, and writes a screenshot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const www = join(repo, "web", "www");
const vectors = resolve(process.env.FVMI_VECTORS ?? join(repo, "../shared/test-vectors"));
const bundles = resolve(process.env.FVMI_BUNDLES ?? join(repo, "../shared/bundles"));
const targetDir = resolve(process.env.CARGO_TARGET_DIR ?? join(repo, "target"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const WANTED_VERSIONS = [15, 17, 18];
const PAGE_TIMEOUT_MS = 15 * 60 * 1000;

// Every .json file under `dir`, in code-point order of their paths.
function jsonFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...jsonFiles(path));
    else if (entry.name.endsWith(".json")) found.push(path);
  }
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// The first vector file of each corpus directory, keyed by its network version; the first
// directory (in name order) wins for a version.
function chooseVectors() {
  const chosen = new Map();
  const corpora = readdirSync(vectors, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const corpus of corpora) {
    const first = jsonFiles(join(vectors, corpus))[0];
    if (!first) continue;
    const nv = JSON.parse(readFileSync(first, "utf8")).preconditions?.variants?.[0]?.nv;
    if (WANTED_VERSIONS.includes(nv) && !chosen.has(nv)) chosen.set(nv, first);
  }
  return chosen;
}

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Opens chromium on a fresh profile; closed (and the profile removed) after the test `t`.
async function launch(t) {
  const profile = mkdtempSync(join(tmpdir(), "fvmi-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context.pages()[0] ?? (await context.newPage());
}

test("the page replays nv15, nv17 and nv18 vectors in chromium, all passing", async (t) => {
  assert.ok(existsSync(join(www, "pkg", "fvmi_web_bg.wasm")), "build the page first: bash web/build.sh");
  const chosen = chooseVectors();
  assert.deepEqual([...chosen.keys()].sort((a, b) => a - b), WANTED_VERSIONS, `vectors under ${vectors}`);
  const bundleFiles = readdirSync(bundles).filter((name) => name.endsWith(".car")).sort();
  assert.ok(bundleFiles.length >= 2, `the v9 and v10 bundles under ${bundles}`);

  const { server, base } = await serve({ "/": www, "/data/vectors/": vectors, "/data/bundles/": bundles });
  t.after(() => server.close());
  const page = await launch(t);
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));

  const query = new URLSearchParams();
  for (const name of bundleFiles) query.append("bundle", `/data/bundles/${name}`);
  const names = [];
  for (const nv of WANTED_VERSIONS) {
    const file = relative(vectors, chosen.get(nv));
    names.push(file.split("/").pop());
    query.append("vector", `/data/vectors/${file}`);
    console.log(`nv${nv}: ${file}`);
  }
  const started = Date.now();
  await page.goto(`${base}/?${query}`);
  await page.waitForSelector("body[data-state]", { timeout: PAGE_TIMEOUT_MS });
  console.log(`page loaded the VM, the bundles and replayed ${names.length} vectors in ${Date.now() - started} ms`);
  assert.equal(await page.getAttribute("body", "data-state"), "done", await page.textContent("#status"));

  const cards = await page.$$eval("section.vector", (sections) =>
    sections.map((section) => ({
      name: section.dataset.name,
      verdict: section.dataset.verdict,
      messages: [...section.querySelectorAll("tr.message")].map((row) => row.dataset.verdict),
      roots: [...section.querySelectorAll("div.root")].map((root) => root.dataset.verdict),
      calls: section.querySelectorAll("ul.calls li").length,
      text: section.querySelector("h2").textContent,
    }))
  );
  assert.deepEqual(cards.map((card) => card.name), names);
  for (const card of cards) {
    console.log(`${card.name}: ${card.verdict}, messages ${card.messages.join(" ")}, roots ${card.roots.join(" ")}, ${card.calls} calls`);
    assert.equal(card.verdict, "passed", card.text);
    assert.ok(card.messages.length > 0 && card.messages.every((verdict) => verdict === "pass"), card.name);
    assert.ok(card.roots.length > 0 && card.roots.every((verdict) => verdict === "match"), card.name);
    assert.ok(card.calls >= card.messages.length, `${card.name}: a call tree per message`);
  }
  assert.deepEqual(consoleErrors, []);

  await page.$$eval("details", (all) => all.forEach((details) => (details.open = true)));
  const screenshot = join(targetDir, "web-screenshot.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  assert.ok(statSync(screenshot).size > 0);
  console.log(`screenshot: ${screenshot}`);
});

// Nested sends recurse natively through the call manager and wasmi, on the page's own stack,
// which chromium ends between 350 and 400 nested sends. The kernel's wasm32 guard
// (WASM32_MAX_CALL_FRAMES, 256 frames: the message's call plus 255 sends) must stop a deeper
// chain with a fatal error (exit 10, SYS_ASSERTION_FAILED, with the reason) instead of crashing,
// and the page must keep working after it.
test("nested sends in chromium: shallow chains return, deep ones fail cleanly", async (t) => {
  const { server, base } = await serve({ "/": www });
  t.after(() => server.close());
  const page = await launch(t);
  await page.goto(`${base}/`);
  await page.waitForSelector("body[data-state]", { timeout: PAGE_TIMEOUT_MS });
  const cases = [[1, 0], [100, 0], [255, 0], [256, 10], [1024, 10], [1025, 10], [200, 0]];
  for (const [depth, exitCode] of cases) {
    const started = Date.now();
    const report = await page.evaluate((n) => window.fvmi.probeNestedSends(n), depth);
    const failure = report.failure ? ` (${report.failure})` : "";
    console.log(`nested sends ${depth}: exit ${report.exit_code}, gas ${report.gas_used}, ${Date.now() - started} ms${failure}`);
    assert.equal(report.exit_code, exitCode, `depth ${depth}${failure}`);
    if (exitCode === 10) assert.match(report.failure, /call frames on wasm32/);
  }
});
