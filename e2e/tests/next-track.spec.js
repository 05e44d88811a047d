// What comes next: a listener who plays three tracks in the same order every evening gets a Daily Mix
// that keeps that order, and "Up next" continues the track that plays, with the habit as the reason.
import { test, expect } from "@playwright/test";
import { catalogTracks } from "./catalog.js";
import { importFiles, waitForImported } from "./import-page.js";
import { routeSpotifyPlayer } from "./fake-embed.js";

test.use({ serviceWorkers: "block" });

/** Six evenings of first, second, third in that order (account data). The artist has four songs in
 * the catalog (one twice, remastered), so the listener's familiar tracks are those four: one Daily Mix
 * holds them all. */
function evenings() {
  // One track per song: "Master Of Puppets" and its remaster are one track to the listener.
  const song = (t) => t.title.toLowerCase().replace(/\s*[(-].*$/, "");
  const songs = new Map();
  for (const t of catalogTracks().filter((t) => t.artist === "Metallica")) {
    if (!songs.has(song(t))) songs.set(song(t), t);
  }
  const [first, second, third] = [...songs.values()];
  const play = (day, time, t) => ({ endTime: `2024-03-1${day} ${time}`, artistName: t.artist, trackName: t.title, msPlayed: 180_000 });
  const plays = [1, 2, 3, 4, 5, 6].flatMap((day) => [
    play(day, "20:03", first),
    play(day, "20:06", second),
    play(day, "20:09", third),
  ]);
  const file = { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
  return { first, second, third, file };
}

test("a Daily Mix keeps the order the listener plays their tracks in, and Up next continues what plays", async ({ page }) => {
  await routeSpotifyPlayer(page);
  const { first, second, third, file } = evenings();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Mixes" }).click();
  const mix = page.locator(".mix", { has: page.locator(`.track-card[data-track-id="${first.id}"]`) });
  await expect(mix).toHaveCount(1, { timeout: 60_000 });
  await mix.locator("summary").click();

  // The familiar half alternates with new tracks; among the listener's own, the evening's order holds.
  const ids = await mix.locator(".track-card").evaluateAll((cards) => cards.map((c) => c.dataset.trackId));
  const at = (t) => ids.indexOf(t.id);
  expect(at(first), `${first.title} opens: ${ids}`).toBe(0);
  expect(at(second)).toBeGreaterThan(at(first));
  expect(at(third)).toBeGreaterThan(at(second));
  const card = (t) => mix.locator(`.track-card[data-track-id="${t.id}"]`);
  await expect(card(second).locator(".why li").first()).toHaveText(`you often play ${second.title} after ${first.title}`);
  await expect(card(third).locator(".why li").first()).toHaveText(`you often play ${third.title} after ${second.title}`);

  // Playing the first track: Up next offers the second, for the habit, and plays it.
  await card(first).getByRole("button", { name: `Play ${first.title}` }).click();
  const upNext = page.getByRole("region", { name: "Up next" });
  await expect(upNext.getByRole("heading")).toHaveText(`Up next after “${first.title}”`);
  const offered = upNext.locator(".up-next-list > li");
  await expect(offered.first()).toContainText(second.title);
  await expect(offered.first().locator(".why")).toHaveText(`you often play ${second.title} after ${first.title}`);
  await offered.first().getByRole("button", { name: `Play ${second.title}` }).click();
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed?.uri())).toBe(`spotify:track:${second.id}`);
  await expect(upNext.getByRole("heading")).toHaveText(`Up next after “${second.title}”`);
  await expect(offered.first()).toContainText(third.title);

  // A track that is not the listener's says so instead of inventing a habit (Discover Weekly holds only
  // unplayed tracks, and stays put while the mixes are re-ranked by what the player reports).
  const newOne = page.getByRole("region", { name: "Discover Weekly" }).locator(".track-card").first();
  const newTitle = await newOne.locator(".track-title").textContent();
  // Scrolled into view first: the click's own scrolling left the button under the sticky player bar.
  const play = newOne.getByRole("button", { name: /^Play / });
  await play.scrollIntoViewIfNeeded();
  await play.click();
  await expect(upNext.getByRole("heading")).toHaveText(`Up next after “${newTitle}”`);
  await expect(upNext).toContainText(`“${newTitle}” is not in your listening history yet`);
});

test("the playlist builder can put the listener's tracks in the order they play them", async ({ page }) => {
  const { first, second, third, file } = evenings();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Builder" }).click();
  await page.getByLabel("Share of familiar tracks").fill("1");
  await page.getByLabel("Order").selectOption({ label: "In the order you like to play them" });
  const cards = page.locator(".recommendations .track-card");
  await expect(page.locator(`.recommendations .track-card[data-track-id="${third.id}"]`)).toHaveCount(1, { timeout: 60_000 });
  const ids = await cards.evaluateAll((els) => els.map((c) => c.dataset.trackId));
  const at = (t) => ids.indexOf(t.id);
  expect(at(second), ids.join()).toBe(at(first) + 1);
  expect(at(third), ids.join()).toBe(at(second) + 1);
  await expect(page.locator(`.track-card[data-track-id="${second.id}"] .why li`).first()).toHaveText(`you often play ${second.title} after ${first.title}`);
});
