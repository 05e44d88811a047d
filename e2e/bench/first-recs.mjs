// Time from opening the app to the first recommendations, on the demo with a warm cache, in headless
// Chromium: the first visit chooses the demo and a pick (and fills the HTTP and service-worker caches);
// then five reloads each record, from the navigation's start, when the first track card appears
// (the sound-alike list, computed on the page) and when the worker's list (listeners like you, the
// community's factors read in the worker) replaces it, and the layout shift while it does. The anchor, in the same loads: the
// page's first contentful paint.
// Prints one JSON line. Usage: node bench/first-recs.mjs (the built app must be in ../dist).
import { launchChromium, serveDist } from "./setup.mjs";

const PORT = 8085;
const RUNS = 5;
const { base, server } = await serveDist(PORT);
const browser = await launchChromium();
const context = await browser.newContext();
await context.addInitScript(() => {
  window.__marks = {};
  // Layout shifts while the lists load (cumulative layout shift, without those right after input).
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  const mark = (name) => { window.__marks[name] ??= performance.now(); };
  new MutationObserver(() => {
    if (document.querySelector(".recommendations .track-card")) mark("first_card");
    if (document.body?.textContent?.includes("Including what listeners like you play")) mark("worker_list");
  }).observe(document, { childList: true, subtree: true, characterData: true });
});
const page = await context.newPage();
await page.goto(base);
await page.getByRole("button", { name: "Try the demo" }).click();
await page.getByLabel("Search for artists or songs you like").fill("Norah Jones");
await page.getByRole("button", { name: /^Artist\s*Norah Jones$/ }).click();
await page.getByText("Including what listeners like you play").waitFor({ timeout: 60_000 });

const runs = [];
for (let i = 0; i < RUNS; i++) {
  await page.reload();
  await page.waitForFunction(() => window.__marks.first_card && window.__marks.worker_list, null, { timeout: 60_000 });
  const marks = await page.evaluate(() => ({
    ...window.__marks,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    cls: window.__shift,
  }));
  runs.push(marks);
}
const median = (key) => {
  const values = runs.map((r) => r[key]).sort((a, b) => a - b);
  return Math.round(values[Math.floor(values.length / 2)]);
};
const result = {
  bench: "first-recommendations",
  runs: RUNS,
  first_card_ms: median("first_card"),
  worker_list_ms: median("worker_list"),
  anchor_fcp_ms: median("fcp"),
  first_card_vs_fcp: +(median("first_card") / median("fcp")).toFixed(2),
  first_card_vs_target_2s: +(median("first_card") / 2000).toFixed(2),
  layout_shift_max: +Math.max(...runs.map((r) => r.cls)).toFixed(3),
  all: runs.map((r) => ({ first_card: Math.round(r.first_card), worker_list: Math.round(r.worker_list), fcp: Math.round(r.fcp) })),
};
console.log(JSON.stringify(result));
await browser.close();
server.kill();
