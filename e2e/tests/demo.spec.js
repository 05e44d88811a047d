import { test, expect } from "@playwright/test";
import { catalogTitles } from "./catalog.js";
import { recordRequests } from "./privacy.js";
import { pickArtist, startDemo } from "./demo-page.js";

// Some of these tests serve damaged assets with page.route, which a service worker's own fetches would
// bypass; the offline app has its own tests (pwa.spec.js).
test.use({ serviceWorkers: "block" });

test("a first visit offers three ways in", async ({ page }) => {
  await page.goto("/");
  for (const way of ["Try the demo", "Import your Spotify data", "Connect Spotify"]) {
    await expect(page.getByRole("heading", { name: way })).toBeVisible();
  }
  await page.getByRole("link", { name: "Import your Spotify data" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import your Spotify data");
  await expect(page.getByText("Drop your Spotify export here")).toBeVisible();
});

test("the demo recommends catalog tracks for the picked seeds, with reasons", async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await startDemo(page);
  await pickArtist(page, "Billie Eilish");
  await pickArtist(page, "Daft Punk");

  const picks = page.getByRole("list", { name: "Your picks" }).getByRole("listitem");
  await expect(picks).toHaveText([/Billie Eilish/, /Daft Punk/]);

  const titles = page.locator(".recommendations .track-title");
  await expect(titles).toHaveCount(20);
  // The worker trains on the device, then its list (listeners like you + sound-alikes) replaces the first.
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(titles).toHaveCount(20);
  const known = catalogTitles();
  for (const title of await titles.allTextContents()) {
    expect(known.has(title), `"${title}" is a catalog track`).toBe(true);
  }
  const reasons = page.locator(".recommendations .why li");
  await expect(reasons.filter({ hasText: /^close to (Billie Eilish|Daft Punk)$/ }).first()).toBeVisible();

  await page.screenshot({ path: "../artifacts/screenshots/demo-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: "../artifacts/screenshots/demo-phone.png", fullPage: true });

  // The choice of the demo and the picks survive a reload.
  const before = await titles.allTextContents();
  await page.reload();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(titles).toHaveCount(20);
  await expect(titles).toHaveText(before);

  // Removing a pick changes the list.
  await page.getByRole("button", { name: /^Remove Daft Punk/ }).click();
  await expect(picks).toHaveCount(1);
  await expect(titles).toHaveCount(20);
  await expect(titles).not.toHaveText(before);

  expect(requests.foreign(baseURL), "no request leaves the page's origin").toEqual([]);
});

test("every section has a page and deep links work", async ({ page }) => {
  await page.goto("/mixes");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mixes");
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Insights" }).click();
  await expect(page).toHaveURL(/\/insights$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Insights");
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Privacy" })).toBeVisible();
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("a damaged catalog gives a clear message", async ({ page }) => {
  await page.route("**/catalog/catalog.txt", (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "attune-catalog 1\nfeatures nonsense\n" }));
  await startDemo(page);
  await expect(page.getByRole("alert")).toContainText("music catalog is damaged");
});

test("listeners like you: the model trained in a worker explains its picks", async ({ page, baseURL }) => {
  const requests = recordRequests(page);
  await startDemo(page);
  // The content list is there at once; the worker reports its training while the page stays usable.
  await pickArtist(page, "Radiohead");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20);
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });

  const collaborative = page.locator(".recommendations .why li").filter({ hasText: /^listeners of Radiohead also play / });
  await expect(collaborative.first()).toBeVisible();
  const known = catalogTitles();
  for (const title of await page.locator(".recommendations .track-title").allTextContents()) {
    expect(known.has(title), `"${title}" is a catalog track`).toBe(true);
  }
  await page.screenshot({ path: "../artifacts/screenshots/demo-listeners-like-you.png", fullPage: true });

  // The familiar-vs-discover knob re-ranks the list.
  const titles = page.locator(".recommendations .track-title");
  const familiar = await titles.allTextContents();
  await page.getByRole("slider", { name: "From familiar to discover" }).fill("1");
  await expect(titles).not.toHaveText(familiar);
  await expect(titles).toHaveCount(20);
  expect(requests.foreign(baseURL), "no request leaves the page's origin").toEqual([]);
});

test("a damaged community file leaves the sound-alike list and says why", async ({ page }) => {
  await page.route("**/community/lastfm-2k.txt", (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "not a community file" }));
  await startDemo(page);
  await pickArtist(page, "Radiohead");
  await expect(page.getByRole("alert")).toContainText("listener community data is damaged");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20);
});

test("the trained model is kept for the next visit, and a damaged one is trained again", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const titles = page.locator(".recommendations .track-title");
  await expect(titles).toHaveCount(20);
  const trained = await titles.allTextContents();
  const kept = () =>
    page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open("attune");
      open.onsuccess = () => {
        const get = open.result.transaction("models").objectStore("models").get("community");
        get.onsuccess = () => { open.result.close(); resolve(get.result ? get.result.byteLength : 0); };
      };
    }));
  await expect.poll(kept).toBeGreaterThan(100_000);
  // The next visit reuses it: the same list.
  await page.reload();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(titles).toHaveText(trained);
  // Damaged bytes are not trusted: the worker trains again and the list is the same.
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open("attune");
    open.onsuccess = () => {
      const tx = open.result.transaction("models", "readwrite");
      tx.objectStore("models").put(new Uint8Array([1, 2, 3, 4]), "community");
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  await page.reload();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(titles).toHaveText(trained);
  await expect.poll(kept).toBeGreaterThan(100_000);
});
