// The same app built for and served under a sub-path (/attune/), as on a project page of a static host:
// routes, links, deep links, the assets, the workers, the manifest and the service worker all stay
// under it.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { pickArtist } from "./demo-page.js";

const BUILT = fs.existsSync(new URL("../../dist-subpath/index.html", import.meta.url));
const ROOT = () => process.env.SUBPATH_URL;

test("under /attune/ the demo, the sections, deep links and the service worker all work", async ({ page }) => {
  test.skip(!BUILT, "dist-subpath/ not built: scripts/test.sh builds it with --public-url /attune/");
  const requests = [];
  // Blob URLs (the workers' start-up scripts) never leave the tab.
  page.on("request", (r) => { if (!r.url().startsWith("blob:")) requests.push(new URL(r.url()).pathname); });
  await page.goto(ROOT());
  await page.getByRole("button", { name: "Try the demo" }).click();
  await pickArtist(page, "Daft Punk");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20);
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Library" }).click();
  await expect(page).toHaveURL(`${ROOT()}library`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Library");
  await expect(page.getByRole("link", { name: "Library" })).toHaveAttribute("aria-current", "page");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Library");
  await page.getByRole("link", { name: "Import your Spotify data" }).click();
  await expect(page).toHaveURL(`${ROOT()}import`);

  const manifest = await (await page.request.get(`${ROOT()}manifest.webmanifest`)).json();
  expect(new URL(manifest.start_url, `${ROOT()}manifest.webmanifest`).href).toBe(ROOT());
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toBe(ROOT());
  expect(requests.filter((p) => !p.startsWith("/attune/")), "every request stays under the sub-path").toEqual([]);
});
