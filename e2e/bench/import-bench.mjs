// Import benchmark in headless Chromium: ~100,000 extended-history events (the real export in
// ../shared/data repeated with shifted timestamps, 15 files) imported through the built app's page, with
// the main thread's long tasks recorded. The anchor, in the same browser and run: plain JavaScript that
// JSON.parses the same files and puts the parsed records into IndexedDB, one transaction per file, then
// reads them back with getAll (no validation, no deduplication, no indexes beyond the key).
// Prints one JSON line. Usage: node bench/import-bench.mjs (the built app must be in ../dist).
import { launchChromium, serveDist } from "./setup.mjs";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { missingData, repeatedExtended } from "../tests/exports.js";

const why = missingData();
if (why) {
  console.log(JSON.stringify({ bench: "import", skipped: why }));
  process.exit(0);
}
const COPIES = 15;
const PORT = 8082;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "attune-import-bench-"));
const events = repeatedExtended(COPIES);
const perFile = Math.ceil(events.length / COPIES);
const files = [];
for (let i = 0; i < COPIES; i++) {
  const file = path.join(dir, `Streaming_History_Audio_${2000 + i}.json`);
  fs.writeFileSync(file, JSON.stringify(events.slice(i * perFile, (i + 1) * perFile)));
  files.push(file);
}
const megabytes = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1e6;

const { base, server } = await serveDist(PORT);
const browser = await launchChromium();

async function attune() {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(`${base}/import`);
  await page.waitForSelector("[data-role=pick-files]", { state: "attached" });
  await page.evaluate(() => { window.__longTasks = []; });
  const started = Date.now();
  await page.locator("[data-role=pick-files]").setInputFiles(files);
  await page.getByRole("heading", { name: "Imported" }).waitFor({ timeout: 300_000 });
  const seconds = (Date.now() - started) / 1000;
  const stored = Number(await page.getByLabel("Your library", { exact: true }).locator("[data-field=music_plays]").getAttribute("data-value"));
  const readBackMs = Number(await page.locator(".import-report").getAttribute("data-read-back-ms"));
  const longTasks = await page.evaluate(() => window.__longTasks);
  // The observer's own check: a deliberate 150 ms block of the main thread must show up.
  const observed = await page.evaluate(async () => {
    // In a task of the page's own: work done inside a DevTools evaluation is not attributed.
    setTimeout(() => { const t = performance.now(); while (performance.now() - t < 150) {} }, 0);
    await new Promise((r) => setTimeout(r, 400));
    return Math.max(0, ...window.__longTasks);
  });
  await page.close();
  return { seconds, stored, readBackMs, longTaskMaxMs: Math.max(0, ...longTasks), longTasks: longTasks.length,
           observerCheckMs: Math.round(observed) };
}

async function plainJs() {
  const page = await browser.newPage();
  await page.goto(`${base}/import`);
  const texts = files.map((f) => fs.readFileSync(f, "utf8"));
  return page.evaluate(async (texts) => {
    const started = performance.now();
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("anchor", 1);
      open.onupgradeneeded = () => open.result.createObjectStore("plays", { autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const text of texts) {
      const tx = db.transaction("plays", "readwrite");
      for (const record of JSON.parse(text)) tx.objectStore("plays").put(record);
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
    }
    const written = performance.now();
    const all = await new Promise((resolve) => {
      const request = db.transaction("plays").objectStore("plays").getAll();
      request.onsuccess = () => resolve(request.result);
    });
    const read = performance.now();
    return { seconds: (written - started) / 1000, readBackMs: read - written, stored: all.length };
  }, texts);
}

try {
  const anchor = await plainJs();
  const ours = await attune();
  console.log(JSON.stringify({
    bench: "import", events: events.length, files: COPIES, megabytes: Number(megabytes.toFixed(1)),
    attune: ours, anchor_plain_js_indexeddb: anchor,
    import_vs_anchor: Number((ours.seconds / anchor.seconds).toFixed(2)),
    read_back_vs_anchor: Number((ours.readBackMs / anchor.readBackMs).toFixed(2)),
  }));
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
