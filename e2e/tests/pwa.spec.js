// The installable offline app: the manifest has what installing needs, the service worker controls the
// page, and after a first visit the app works with the network gone, from the demo and from a history.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { pickArtist, startDemo } from "./demo-page.js";
import { importFiles, waitForImported } from "./import-page.js";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes) {
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

async function controlled(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

test("the manifest has what installing needs", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const response = await request.get(`/${href}`);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = await response.json();
  expect(manifest).toMatchObject({ name: expect.any(String), short_name: "Attune", display: "standalone",
    start_url: "./", scope: "./", theme_color: "#1d7a52", background_color: expect.any(String) });
  const icons = new Map();
  for (const icon of manifest.icons) {
    const image = await request.get(`/${icon.src}`);
    expect(image.ok()).toBe(true);
    const [w, h] = pngSize(await image.body());
    expect(`${w}x${h}`).toBe(icon.sizes);
    icons.set(`${icon.purpose} ${icon.sizes}`, true);
  }
  for (const needed of ["any 192x192", "any 512x512", "maskable 512x512"]) expect(icons.has(needed)).toBe(true);
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#1d7a52");
});

test("after a first visit the demo works offline, with the worker's picks", async ({ page, context }) => {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator(".offline-badge")).toHaveText("Offline");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20);
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "../artifacts/screenshots/offline-demo.png", fullPage: true });
  await context.setOffline(false);
  await expect(page.locator(".offline-badge")).toHaveCount(0);
});

test("an imported history still gives recommendations offline", async ({ page, context }) => {
  const history = JSON.stringify(["Radiohead", "Coldplay", "Daft Punk", "Muse", "The Killers"].flatMap((artist, a) =>
    [0, 1, 2].map((i) => ({ endTime: `2024-03-0${a + 1} 1${i}:00`, artistName: artist, trackName: `Song ${i}`, msPlayed: 200000 }))));
  await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(history) }]);
  await waitForImported(page);
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText("From your listening history")).toBeVisible();
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await page.goto("/library");
  await expect(page.getByLabel("Your library", { exact: true }).locator("[data-field=music_plays]")).toHaveAttribute("data-value", "15");
});

test("a visit to another page of the build never becomes the offline app", async ({ page, context }) => {
  // The service worker once stored every navigation's answer as the app shell: a visit to embed.html (or
  // a 404 page) left the offline app showing that page instead.
  await page.goto("/");
  await controlled(page);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/embed.html?search=Daft%20Punk&count=3");
  await expect(page.locator("attune-similar li")).toHaveCount(3, { timeout: 30_000 });
  await context.setOffline(true);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  await page.goto("/embed.html?search=Daft%20Punk&count=3");
  await expect(page.locator("attune-similar li")).toHaveCount(3, { timeout: 30_000 });
  await context.setOffline(false);
});

test("a new build is offered with a reload prompt, and its worker replaces the old cache", async ({ page }) => {
  const sw = new URL("../../dist/sw.js", import.meta.url);
  const original = fs.readFileSync(sw, "utf8");
  const oldVersion = original.match(/const VERSION = "(\w+)"/)[1];
  await page.goto("/");
  await controlled(page);
  try {
    // The next build: the same files under a new version, as scripts/post-build.sh would write it.
    fs.writeFileSync(sw, original.replace(oldVersion, "nextbuild000000"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect(page.getByText("A new version of Attune is ready.")).toBeVisible({ timeout: 15_000 });
    await page.getByRole("button", { name: "Reload" }).click();
    await page.waitForFunction(async () => (await caches.keys()).join() === "attune-nextbuild000000");
    await expect(page.getByText("A new version of Attune is ready.")).toHaveCount(0);
  } finally {
    fs.writeFileSync(sw, original);
  }
});

test.describe("the offline mix", () => {
  // page.route stands in for the failure here; a service worker's own fetches would bypass it.
  test.use({ serviceWorkers: "block" });

  test("the last list is kept and shown at once when fresh recommendations cannot be made", async ({ page }) => {
    const history = JSON.stringify(["Radiohead", "Coldplay", "Daft Punk"].flatMap((artist, a) =>
      [0, 1].map((i) => ({ endTime: `2024-03-0${a + 1} 1${i}:00`, artistName: artist, trackName: `Song ${i}`, msPlayed: 200000 }))));
    await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(history) }]);
    await waitForImported(page);
    await page.goto("/");
    const titles = page.locator(".recommendations .track-title");
    await expect(titles).toHaveCount(20, { timeout: 30_000 });
    const fresh = await titles.allTextContents();
    // Next visit, the recommender cannot start (its data will not load): the kept mix still shows.
    await page.route("**/community/lastfm-2k.factors", (route) => route.abort());
    await page.reload();
    await expect(page.locator("[data-field=offline-mix]")).toContainText("kept on this device");
    await expect(titles).toHaveText(fresh);
  });
});
