// Mixes from an imported history: Discover Weekly holds no played track and stays the same across
// reloads in the week; the Daily Mixes group the listener's own tracks with new ones.
import { test, expect } from "@playwright/test";
import { catalogHistory } from "./catalog-history.js";
import { importFiles, waitForImported } from "./import-page.js";
import { pickArtist, startDemo } from "./demo-page.js";
import { routeSpotifyPlayer } from "./fake-embed.js";
import { postRockWithIds } from "./own-tracks.js";

test.use({ serviceWorkers: "block" });

const weeklyIds = (page) =>
  page.locator(".weekly .track-card").evaluateAll((els) => els.map((el) => el.dataset.trackId));

test("Discover Weekly has no played track and stays put across reloads; Daily Mixes mix own and new tracks", async ({ page }) => {
  const { tracks, file } = catalogHistory();
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

test("Insights draw the imported history: sound, clock, top lists, genres and a taste map", async ({ page }) => {
  const { tracks, file } = catalogHistory();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Insights" }).click();
  const radar = page.locator(".radar svg");
  await expect(radar).toHaveAttribute("aria-label", /^Your listening: danceability \d+ %.*New to you: danceability/, { timeout: 60_000 });
  // The sound can be compared with any list made on the device: this week's discoveries, a mix.
  const compare = page.getByLabel("Compare with");
  await expect(compare.locator("option", { hasText: "Discover Weekly" })).toHaveCount(1, { timeout: 60_000 });
  await compare.selectOption("Discover Weekly");
  await expect(radar).toHaveAttribute("aria-label", /Discover Weekly: danceability \d+ %/);
  const mixName = await compare.locator("option").nth(2).textContent();
  await compare.selectOption(mixName);
  await expect(radar).toHaveAttribute("aria-label", new RegExp(`${mixName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: danceability`));
  // Every play of the history ended at 10, 11 or 12 o'clock UTC (the test browser's time zone).
  await expect(page.locator(".clock svg")).toHaveAttribute("aria-label", /Most: \w{3} at 1[012]:00\.$/);
  const artists = new Set(tracks.map((t) => t.artist));
  // The export is old: the shortest period with listening, all time, is shown first.
  await expect(page.getByRole("group", { name: "Period" }).getByRole("button", { name: "All time" })).toHaveAttribute("aria-pressed", "true");
  const top = await page.getByRole("list", { name: "Top artists" }).locator(".bar-label").allTextContents();
  expect(top.length).toBe(artists.size);
  for (const name of top) expect(artists.has(name)).toBe(true);
  await page.getByRole("group", { name: "Period" }).getByRole("button", { name: "Last 4 weeks" }).click();
  await expect(page.getByText("No listening in this period.")).toBeVisible();
  await expect(page.locator(".lines svg")).toHaveAttribute("aria-label", /^Share of your listening by month, 2024-01 to 2024-03/);
  const dots = page.locator(".map circle");
  expect(await dots.count()).toBeGreaterThan(20);
  await dots.first().click();
  await expect(page.locator('[data-field="map-pick"]')).toContainText(" · ");
  await page.screenshot({ path: "../artifacts/screenshots/insights-desktop.png", fullPage: true });
});

test("names with markup, right-to-left text, emoji and great length render as text", async ({ page }) => {
  const odd = ['<img src=x onerror="window.__pwned=1">', "مرحبا بالعالم", "🎧🔥 Fire Emoji", "L".repeat(300)];
  const plays = odd.map((name, i) => ({ endTime: `2024-05-0${i + 1} 10:00`, artistName: name, trackName: `${name} song`, msPlayed: 36_000_000 }));
  const { file } = catalogHistory();
  const extra = { name: "StreamingHistory_music_1.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
  await importFiles(page, [file, extra]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Insights" }).click();
  const artists = page.getByRole("list", { name: "Top artists" }).locator(".bar-label");
  await expect(artists.first()).toBeVisible({ timeout: 60_000 });
  const shown = await artists.allTextContents();
  for (const name of odd) expect(shown).toContain(name);
  expect(await page.locator(".bars img").count()).toBe(0);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // The long name is cut on screen, not the page: nothing scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});


test("a listener who plays nothing in the catalog gets Daily Mixes of their own tracks, placed by their artists' sound", async ({ page }) => {
  await routeSpotifyPlayer(page);
  const { tracks, file } = postRockWithIds();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Mixes" }).click();
  const mixes = page.locator("details.mix");
  await expect(mixes.first()).toBeVisible({ timeout: 60_000 });
  const byId = new Map(tracks.map((t) => [t.id, t]));
  const ownShown = [];
  for (const mix of await mixes.all()) {
    await mix.locator("summary").click();
    await expect(mix.locator("summary")).toContainText(/[1-9]\d* of yours/);
    for (const card of await mix.locator(".track-card").all()) {
      const id = await card.getAttribute("data-track-id");
      const own = byId.get(id);
      if (!own) continue;
      ownShown.push(id);
      await expect(card.locator(".track-title")).toHaveText(own.title);
      await expect(card.locator(".track-artists")).toHaveText(own.artist);
      await expect(card.locator(".why li").first()).toHaveText(/from your listening|after/);
      await expect(card.locator(".open-spotify")).toHaveAttribute("href", `https://open.spotify.com/track/${id}`);
      // The recommender has no features of its own for these, so it offers no reactions to learn from.
      await expect(card.getByRole("button", { name: /^Like/ })).toHaveCount(0);
    }
  }
  expect(ownShown.length, "the listener's own tracks fill the familiar halves").toBeGreaterThanOrEqual(6);
  await expect(page.locator(".track-card", { hasText: "Hostile Id" })).toHaveCount(0);
  expect(await page.locator("img[src=x]").count(), "a title with markup is text").toBe(0);

  // Playing one of them: Up next continues it by the listener's own habit (each day's tracks come in
  // list order, six to a session), and plays the next by the id their history gave it.
  const at = tracks.findIndex((t, i) => i % 6 !== 5 && ownShown.includes(t.id));
  const [playing, after] = [tracks[at], tracks[at + 1]];
  await page.locator(`.track-card[data-track-id="${playing.id}"]`).first().getByRole("button", { name: /^Play / }).click();
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed?.uri())).toBe(`spotify:track:${playing.id}`);
  const upNext = page.getByRole("region", { name: "Up next" });
  await expect(upNext.getByRole("heading")).toHaveText(`Up next after “${playing.title}”`);
  const offered = upNext.locator(".up-next-list > li").first();
  await expect(offered.locator(".title")).toHaveText(after.title);
  await expect(offered.locator(".why")).toHaveText(`you often play ${after.title} after ${playing.title}`);
  await offered.getByRole("button", { name: /^Play / }).click();
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed?.uri())).toBe(`spotify:track:${after.id}`);
  await expect(upNext.getByRole("heading")).toHaveText(`Up next after “${after.title}”`);
});
