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

test("listeners like you: the community model in a worker explains its picks", async ({ page, baseURL }) => {
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
  await page.route("**/community/lastfm-2k.factors", (route) =>
    route.fulfill({ status: 200, contentType: "text/plain", body: "not a community file" }));
  await startDemo(page);
  await pickArtist(page, "Radiohead");
  await expect(page.getByRole("alert")).toContainText("listener community data is damaged");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20);
});

test("the community arrives as factors, trained nowhere on the device: the same list on the next visit, and a copy damaged in transit is refused", async ({ page }) => {
  const community = [];
  page.on("request", (request) => {
    if (request.url().includes("/community/")) community.push(new URL(request.url()).pathname);
  });
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const titles = page.locator(".recommendations .track-title");
  await expect(titles).toHaveCount(20);
  const first = await titles.allTextContents();
  expect([...new Set(community)], "the factors, and no plays to train on").toEqual(["/community/lastfm-2k.factors"]);
  // A model an earlier version trained and kept is freed: nothing reads it any more.
  const keptCommunity = () =>
    page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open("attune");
      open.onsuccess = () => {
        const get = open.result.transaction("models").objectStore("models").get("community");
        get.onsuccess = () => { open.result.close(); resolve(get.result ? get.result.byteLength : 0); };
      };
    }));
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open("attune");
    open.onsuccess = () => {
      const tx = open.result.transaction("models", "readwrite");
      tx.objectStore("models").put(new Uint8Array(200_000), "community");
      tx.oncomplete = () => { open.result.close(); resolve(); };
    };
  }));
  expect(await keptCommunity()).toBe(200_000);
  await page.reload();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(titles).toHaveText(first);
  await expect.poll(keptCommunity).toBe(0);

  // One byte changed in the middle of the file: its hash no longer matches, and the list falls back to
  // sound-alikes with the reason said.
  await page.route("**/community/lastfm-2k.factors", async (route) => {
    const body = Buffer.from(await (await route.fetch()).body());
    const at = body.length >> 1;
    body[at] = body[at] === 0x41 ? 0x42 : 0x41;
    await route.fulfill({ status: 200, contentType: "text/plain", body });
  });
  await page.reload();
  await expect(page.getByRole("alert")).toContainText("listener community data is damaged");
  await expect(page.getByRole("alert")).toContainText("the hash does not match");
  await expect(titles).toHaveCount(20);

  // Cut short in transit: the worker reads the file as it arrives, and the end without a hash line is
  // told as a truncated file.
  await page.unroute("**/community/lastfm-2k.factors");
  await page.route("**/community/lastfm-2k.factors", async (route) => {
    const body = Buffer.from(await (await route.fetch()).body());
    await route.fulfill({ status: 200, contentType: "text/plain", body: body.subarray(0, body.length >> 1) });
  });
  await page.reload();
  await expect(page.getByRole("alert")).toContainText("the file is truncated");
  await expect(titles).toHaveCount(20);
});
