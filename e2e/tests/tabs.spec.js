// Two tabs on one store, and a save that fails part-way: one writer at a time (Web Locks), the other tabs
// told what happened (BroadcastChannel), and a queued playlist finished where it stopped.
import { test, expect } from "@playwright/test";
import { importFiles, storedPlays, waitForImported } from "./import-page.js";
import { control, routeSpotifyToFake, signIn, stats } from "./spotify-page.js";

test.use({ serviceWorkers: "block" });

/** An account-data history of `n` plays, three minutes apart, over a few artists and many titles. */
function history(n) {
  const start = Date.UTC(2023, 0, 1);
  const plays = Array.from({ length: n }, (_, i) => {
    const end = new Date(start + i * 180_000).toISOString().slice(0, 16).replace("T", " ");
    return { endTime: end, artistName: `Band ${i % 7}`, trackName: `Song ${i % 301}`, msPlayed: 170_000 };
  });
  return { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
}

test("an import waits while another tab writes, then finishes", async ({ context, page }) => {
  const other = await context.newPage();
  await other.goto("/import");
  // The other tab holds the data lock, as its own import, sync, restore or erase would.
  await other.evaluate(() => {
    navigator.locks.request("attune-data", () => new Promise((release) => { window.__release = release; }));
  });
  await importFiles(page, [history(50)]);
  await expect(page.getByRole("progressbar").or(page.getByText(/Reading|Importing|Preparing/)).first()).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(page.getByRole("heading", { name: "Imported" }), "nothing is written while the other tab writes").toBeHidden();
  await other.evaluate(() => window.__release());
  await waitForImported(page);
  expect(await storedPlays(page)).toBe(50);
});

test("an import in one tab is offered to the others, and an erase empties them all", async ({ context, page }) => {
  const other = await context.newPage();
  await other.goto("/");
  await expect(other.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  await importFiles(page, [history(50)]);
  await waitForImported(page);
  const changed = other.locator('[data-field="changed-elsewhere"]');
  await expect(changed).toContainText("Your listening data changed in another tab.");
  await changed.getByRole("button", { name: "Show the new lists" }).click();
  await expect(other.getByRole("heading", { name: "For you", exact: true })).toBeVisible();
  await expect(changed).toHaveCount(0);

  // Erased in the first tab: the second goes back to the first run too, loaded anew (nothing it held
  // in memory survives: the marker set on its window is gone).
  await other.evaluate(() => { window.__beforeErase = true; });
  await page.goto("/settings");
  await page.getByRole("button", { name: "Erase all my data" }).click();
  await page.getByRole("button", { name: "Erase everything" }).click();
  await expect(page.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  await expect(other.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  expect(await other.evaluate(() => window.__beforeErase)).toBeUndefined();
  expect(await storedPlays(page)).toBe(0);
});

test.describe("with the fake Spotify", () => {
  test.beforeEach(async ({ context, request }) => {
    await control(request, { reset: true });
    await routeSpotifyToFake(context);
  });

  test("a queued playlist whose tracks failed to go in is finished in the same playlist", async ({ context, page, request }) => {
    await signIn(page, { allow: ["playlist-modify-private"] });
    await page.goto("/");
    await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
    await context.setOffline(true);
    await page.getByRole("button", { name: "Save to Spotify" }).click();
    await expect(page.getByRole("status").filter({ hasText: "it will be saved to Spotify when the connection is back" })).toBeVisible();
    // Back online: the playlist is created, then adding its tracks fails (a POST is not retried in place).
    await control(request, { server_error: { count: 1, status: 503, path: "/items$", method: "POST" } });
    await context.setOffline(false);
    await expect.poll(async () => (await stats(request)).created_playlists.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await control(request, {})).controls.server_error.count, { timeout: 30_000 }).toBe(0);
    expect((await stats(request)).created_playlists[0].uris).toHaveLength(0);
    // On the next visit (its sync runs the queue first), the same playlist gets its tracks: no second one.
    await page.reload();
    await expect.poll(async () => (await stats(request)).created_playlists[0].uris.length, { timeout: 30_000 }).toBe(20);
    expect((await stats(request)).created_playlists).toHaveLength(1);
  });
});
