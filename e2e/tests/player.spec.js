import { test, expect } from "@playwright/test";
import { pickArtist, startDemo } from "./demo-page.js";
import { recordViolations, violations } from "./csp.js";
import { routeSpotifyPlayer } from "./fake-embed.js";

test.use({ serviceWorkers: "block" });

/** Every record of one of the app's IndexedDB stores, in key order. */
function records(page, store) {
  return page.evaluate(
    (store) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("attune");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
        };
      }),
    store,
  );
}

/** The reactions logged, oldest first, and the lists the re-ranker showed. */
const loggedReactions = (page) => records(page, "bandit_logs");
const loggedLists = (page) => records(page, "impressions");

test("the Spotify player's progress teaches the list: an early skip, a play to the end, a replay", async ({ page }) => {
  // The page's real policy applies (no bypass): a policy that blocked the API's second host would leave
  // the player waiting, and this test failing.
  await recordViolations(page);
  const loads = await routeSpotifyPlayer(page);
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
  const player = page.getByRole("region", { name: "Player" });
  await expect(player).toBeHidden();

  const cards = page.locator(".recommendations .track-card");
  const [first, second] = await cards.evaluateAll((els) =>
    els.slice(0, 2).map((el) => ({ id: el.dataset.trackId, title: el.querySelector(".track-title").textContent })),
  );
  await cards.first().getByRole("button", { name: /^Play / }).click();
  await expect(player.locator('[data-field="now-playing"]')).toHaveText(`Playing “${first.title}”`);
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed?.uri()), "the player never started (its scripts blocked?)").toBe(`spotify:track:${first.id}`);

  // A third of the way in, the listener moves on with Next: a skip after 30 %.
  await page.evaluate(() => window.__fakeEmbed.at(60_000));
  await player.getByRole("button", { name: "Next" }).click();
  await expect(player.locator('[data-field="now-playing"]')).toHaveText(`Playing “${second.title}”`);
  const notice = page.locator('[data-field="reaction-notice"]');
  await expect(notice).toHaveText(new RegExp(`^Skipped “.*” after 30 % of it`));
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");

  // The second plays to the end, then again.
  await page.evaluate(() => window.__fakeEmbed.at(100_000));
  await page.evaluate(() => window.__fakeEmbed.end());
  await expect(notice).toHaveText(`Played “${second.title}” to the end: more like it at moments like this.`);
  await page.evaluate(() => window.__fakeEmbed.restart());
  await expect(notice).toHaveText(`Played “${second.title}” again: more like it at moments like this.`);
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 3 reactions, on this device.");

  const logged = await loggedReactions(page);
  expect(logged.map((r) => [r.track_id, r.feedback])).toEqual([
    [first.id, { skipped: { listened: 0.3 } }],
    [second.id, "completed"],
    [second.id, "replayed"],
  ]);
  // Each reaction carries the probability its track had of its slot in the list the re-ranker drew, as
  // logged with that list.
  const lists = await loggedLists(page);
  for (const reaction of logged) {
    expect(reaction.shown).toHaveLength(20);
    expect(typeof reaction.context.hour).toBe("number");
    expect(reaction.propensity).toBeGreaterThan(0);
    expect(reaction.propensity).toBeLessThanOrEqual(1);
    const list = lists.find((l) => l.id === reaction.impression);
    expect(list, "the list reacted to is logged").toBeTruthy();
    const slot = list.shown.indexOf(reaction.track_id);
    expect(list.propensities[slot]).toBeCloseTo(reaction.propensity, 6);
  }
  expect(logged.map((r) => r.reward)).toEqual([-0.7, 0.5, 1]);
  expect(loads, "the player's two scripts are loaded once each").toEqual({ loader: 1, api: 1 });
  expect(await violations(page)).toEqual([]);
  await page.screenshot({ path: "../artifacts/screenshots/player-desktop.png" });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: "../artifacts/screenshots/player-phone.png" });
});

test("a track playing while Home draws a new list is logged against the list it was picked from", async ({ page }) => {
  const loads = await routeSpotifyPlayer(page);
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
  const before = await loggedLists(page);
  const pickedFrom = before.reduce((latest, list) => (list.id > latest.id ? list : latest));
  const cards = page.locator(".recommendations .track-card");
  const first = await cards.first().evaluate((el) => el.dataset.trackId);
  expect(pickedFrom.shown[0], "the list on screen is the latest logged").toBe(first);
  await cards.first().getByRole("button", { name: /^Play / }).click();
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed?.uri())).toBe(`spotify:track:${first}`);

  // While it plays, the knob draws Home again: another list, logged under another id.
  const titles = page.locator(".recommendations .track-title");
  const familiar = await titles.allTextContents();
  await page.getByRole("slider", { name: "From familiar to discover" }).fill("1");
  await expect(titles).not.toHaveText(familiar);
  await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
  expect((await loggedLists(page)).length).toBeGreaterThan(before.length);

  await page.evaluate(() => window.__fakeEmbed.at(100_000));
  await page.evaluate(() => window.__fakeEmbed.end());
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");
  const [reaction] = await loggedReactions(page);
  expect(reaction.track_id).toBe(first);
  expect(reaction.impression, "logged against the list the track was picked from").toBe(pickedFrom.id);
  expect(reaction.propensity).toBeCloseTo(pickedFrom.propensities[0], 6);
  expect(loads.loader).toBe(1);
});

test("an unreachable Spotify player says so and the list still works", async ({ page }) => {
  await page.route("https://open.spotify.com/**", (route) => route.abort());
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await page.locator(".recommendations .track-card").first().getByRole("button", { name: /^Play / }).click();
  await expect(page.getByRole("region", { name: "Player" }).getByRole("alert")).toHaveText(
    "Spotify's player could not be reached (offline?). Your list still works.",
  );
  await expect(page.locator(".recommendations .track-card")).toHaveCount(20);
});

test("a player whose second script never arrives gives up with a clear message, and the list keeps working", async ({ page }) => {
  test.setTimeout(90_000);
  const loads = await routeSpotifyPlayer(page, { api: false });
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const cards = page.locator(".recommendations .track-card");
  await cards.first().getByRole("button", { name: /^Play / }).click();
  const alert = page.getByRole("region", { name: "Player" }).getByRole("alert");
  await expect(alert).toHaveText(
    "Spotify's player did not start within 15 seconds. Your list still works; press Play again to retry.",
    { timeout: 25_000 },
  );
  expect(loads).toEqual({ loader: 1, api: 1 });
  // The list still takes reactions, and a second Play waits for the same loader instead of adding another.
  await cards.nth(1).getByRole("button", { name: /^Like / }).click();
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");
  await cards.nth(2).getByRole("button", { name: /^Play / }).click();
  await expect(alert).toBeHidden();
  await expect(alert).toBeVisible({ timeout: 25_000 });
  expect(loads.loader).toBe(1);
});
