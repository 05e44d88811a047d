// Mixes from an imported history: Discover Weekly holds no played track and stays the same across
// reloads in the week; the Daily Mixes group the listener's own tracks with new ones.
import { test, expect } from "@playwright/test";
import { catalogTracks } from "./catalog.js";
import { importFiles, waitForImported } from "./import-page.js";
import { pickArtist, startDemo } from "./demo-page.js";

test.use({ serviceWorkers: "block" });

/** An account-data history (StreamingHistory_music_0.json) of every catalog track by five artists. */
function history() {
  const tracks = catalogTracks().filter((t) => ["Linkin Park", "LoFi Waiter", "Daft Punk", "Eminem", "Burna Boy"].includes(t.artist));
  const plays = tracks.flatMap((t, i) =>
    [0, 1, 2].map((k) => ({
      endTime: `2024-0${1 + (k % 9)}-1${i % 10} 1${k}:${String(i % 60).padStart(2, "0")}`,
      artistName: t.artist,
      trackName: t.title,
      msPlayed: 180_000,
    })),
  );
  return { tracks, file: { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) } };
}

const weeklyIds = (page) =>
  page.locator(".weekly .track-card").evaluateAll((els) => els.map((el) => el.dataset.trackId));

test("Discover Weekly has no played track and stays put across reloads; Daily Mixes mix own and new tracks", async ({ page }) => {
  const { tracks, file } = history();
  expect(tracks.length).toBeGreaterThan(20);
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Mixes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mixes");

  const weekly = page.locator(".weekly .track-card");
  await expect(weekly).toHaveCount(30, { timeout: 60_000 });
  const played = new Set(tracks.map((t) => t.id));
  const playedTitles = new Set(tracks.map((t) => `${t.title}|${t.artist}`));
  const ids = await weeklyIds(page);
  for (const id of ids) expect(played.has(id), `${id} was played`).toBe(false);
  const shown = await weekly.evaluateAll((els) =>
    els.map((el) => `${el.querySelector(".track-title").textContent}|${el.querySelector(".track-artists").textContent.split(", ")[0]}`),
  );
  for (const entry of shown) expect(playedTitles.has(entry), `${entry} was played`).toBe(false);
  await expect(page.locator(".weekly .why li").first()).toBeVisible();

  const mixes = page.locator("details.mix");
  await expect(mixes.first()).toBeVisible();
  expect(await mixes.count()).toBeGreaterThanOrEqual(2);
  expect(await mixes.count()).toBeLessThanOrEqual(6);
  await mixes.first().locator("summary").click();
  const cards = mixes.first().locator(".track-card");
  await expect(cards.first()).toBeVisible();
  const mixIds = await cards.evaluateAll((els) => els.map((el) => el.dataset.trackId));
  const own = mixIds.filter((id) => played.has(id));
  expect(own.length, "half familiar").toBeGreaterThan(0);
  expect(mixIds.length - own.length, "half new").toBeGreaterThan(0);
  await expect(mixes.first().locator(".why li", { hasText: "from your listening" }).first()).toBeVisible();
  await page.screenshot({ path: "../artifacts/screenshots/mixes-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: "../artifacts/screenshots/mixes-phone.png", fullPage: true });

  await page.reload();
  await expect(weekly).toHaveCount(30, { timeout: 60_000 });
  expect(await weeklyIds(page)).toEqual(ids);
});

test("the demo's picks make mixes too, and with no way in chosen the page says what to do", async ({ page }) => {
  await page.goto("/mixes");
  await expect(page.getByText("Your mixes are made from what you listen to.")).toBeVisible();
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await pickArtist(page, "Daft Punk");
  await page.getByRole("navigation").getByRole("link", { name: "Mixes" }).click();
  await expect(page.locator(".weekly .track-card")).toHaveCount(30, { timeout: 60_000 });
  await expect(page.locator("details.mix").first()).toBeVisible();
});
