// The playlist builder: ranges constrain every track, the list follows the sliders, the workout order
// climbs and eases off, and the exports hold the list.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { trackFeatures } from "./catalog.js";
import { pickArtist, startDemo } from "./demo-page.js";
import { importFiles, waitForImported } from "./import-page.js";
import { postRockWithIds } from "./own-tracks.js";

test.use({ serviceWorkers: "block" });

const features = trackFeatures();
const ids = (page) => page.locator(".recommendations .track-card").evaluateAll((els) => els.map((el) => el.dataset.trackId));

test("ranges constrain every track, live, and the list exports", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await pickArtist(page, "Eminem");
  await page.getByRole("navigation").getByRole("link", { name: "Builder" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Playlist builder");
  const summary = page.locator('[data-field="built-summary"]');
  await expect(summary).toHaveText(/^30 tracks, of \d+ that fit\./, { timeout: 60_000 });

  await page.getByRole("group", { name: "Start from" }).getByRole("button", { name: "Workout" }).click();
  await expect(page.locator('[data-field="range-tempo"]')).toHaveText("120–180 BPM");
  await expect(page.locator('[data-field="range-energy"]')).toHaveText("0.70–1.00");
  await expect(summary).toHaveText(/^30 tracks, of \d+ that fit\./);
  let list = await ids(page);
  expect(list).toHaveLength(30);
  for (const id of list) {
    const f = features.get(id);
    expect(f.tempo, id).toBeGreaterThanOrEqual(119.5);
    expect(f.tempo, id).toBeLessThanOrEqual(180.5);
    expect(f.energy, id).toBeGreaterThanOrEqual(0.695);
  }
  // Warm-up, peak, cool-down: the most energetic track sits in the middle third or later, not first.
  const energies = list.map((id) => features.get(id).energy);
  const peak = energies.indexOf(Math.max(...energies));
  expect(peak).toBeGreaterThan(9);
  expect(energies[0]).toBeLessThan(energies[peak]);
  await page.screenshot({ path: "../artifacts/screenshots/builder-desktop.png", fullPage: true });

  // The list follows a slider at once.
  await page.getByLabel("Lowest tempo").fill("150");
  await expect(page.locator('[data-field="range-tempo"]')).toHaveText("150–180 BPM");
  await expect.poll(async () => {
    const now = await ids(page);
    return now.length > 0 && now.every((id) => features.get(id).tempo >= 149.5);
  }).toBe(true);
  list = await ids(page);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV of Attune · Playlist" }).click();
  const csv = fs.readFileSync(await (await download).path(), "utf8").trim().split("\n");
  expect(csv[0]).toBe("position,title,artists,spotify_uri");
  expect(csv.slice(1).map((line) => line.split(",").pop())).toEqual(list.map((id) => `spotify:track:${id}`));
  const m3u = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export M3U of Attune · Playlist" }).click();
  const lines = fs.readFileSync(await (await m3u).path(), "utf8").split("\n");
  expect(lines[0]).toBe("#EXTM3U");
  expect(lines.filter((l) => l.startsWith("https://open.spotify.com/track/"))).toHaveLength(list.length);

  // Tracks added from any list gather in the listener's own playlist, which persists and exports too.
  await expect(page.getByText("Press Add on any track")).toBeVisible();
  const [first, second] = list;
  for (const id of [first, second]) {
    await page.locator(`.track-card[data-track-id="${id}"]`).first().getByRole("button", { name: /^Add / }).click();
  }
  await expect(page.locator('[data-field="added-count"]')).toHaveText("2 tracks");
  await page.reload();
  await expect(page.locator('[data-field="added-count"]')).toHaveText("2 tracks", { timeout: 60_000 });
  const picks = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV of Attune · My picks" }).click();
  const picked = fs.readFileSync(await (await picks).path(), "utf8").trim().split("\n").slice(1);
  expect(picked.map((line) => line.split(",").pop())).toEqual([first, second].map((id) => `spotify:track:${id}`));

  // Nothing fits an impossible range, and the page says what to do.
  await page.getByLabel("Lowest energy").fill("1");
  await page.getByLabel("Highest tempo").fill("150");
  await page.getByLabel("Lowest danceability").fill("1");
  await expect(page.getByText("Nothing fits these ranges: widen one.")).toBeVisible();
});

test("a listener whose tracks the catalog lacks builds playlists of them, judged by their artists' sound", async ({ page }) => {
  const { tracks, file } = postRockWithIds();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Builder" }).click();
  await page.getByLabel("Share of familiar tracks").fill("1");
  // A range to judge by: the catalog has no features of these tracks, so their artists' decide.
  await page.getByLabel("Highest energy").fill("0.95");
  const summary = page.locator('[data-field="built-summary"]');
  await expect(summary).toContainText("judged by their artist's sound", { timeout: 60_000 });
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const shown = await ids(page);
  const own = shown.filter((id) => byId.has(id));
  expect(own.length, "all twelve of the listener's tracks are familiar candidates").toBe(12);
  for (const id of own) {
    const card = page.locator(`.track-card[data-track-id="${id}"]`);
    await expect(card.locator(".track-title")).toHaveText(byId.get(id).title);
    await expect(card.locator(".why")).toContainText("judged by its artist's sound");
  }
  expect(await page.locator("img[src=x]").count(), "a title with markup is text").toBe(0);

  // The export names them as the history does, with their Spotify links.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV of Attune · Playlist" }).click();
  const csv = fs.readFileSync(await (await download).path(), "utf8");
  for (const id of own) expect(csv).toContain(`spotify:track:${id}`);
  expect(csv).toContain(`${tracks[0].title},${tracks[0].artist},spotify:track:${tracks[0].id}`);
});
