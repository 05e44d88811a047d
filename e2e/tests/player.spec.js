import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { pickArtist, startDemo } from "./demo-page.js";

test.use({ serviceWorkers: "block" });

const FAKE_EMBED = fs.readFileSync(new URL("../fake-embed/iframe-api.js", import.meta.url), "utf8");

/** The reactions logged in IndexedDB, oldest first. */
function loggedReactions(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("attune");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("bandit_logs").objectStore("bandit_logs").getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result);
          };
        };
      }),
  );
}

test("the Spotify player's progress teaches the list: an early skip, a play to the end, a replay", async ({ page }) => {
  let scriptLoads = 0;
  await page.route("https://open.spotify.com/embed/iframe-api/v1", (route) => {
    scriptLoads += 1;
    return route.fulfill({ contentType: "text/javascript", body: FAKE_EMBED });
  });
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
  await expect.poll(() => page.evaluate(() => window.__fakeEmbed.uri())).toBe(`spotify:track:${first.id}`);

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
  for (const reaction of logged) {
    expect(reaction.shown).toHaveLength(20);
    expect(reaction.propensity).toBe(1);
    expect(typeof reaction.context.hour).toBe("number");
  }
  expect(logged.map((r) => r.reward)).toEqual([-0.7, 0.5, 1]);
  expect(scriptLoads, "the player's script is loaded once").toBe(1);
  await page.screenshot({ path: "../artifacts/screenshots/player-desktop.png" });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: "../artifacts/screenshots/player-phone.png" });
});

test("an unreachable Spotify player says so and the list still works", async ({ page }) => {
  await page.route("https://open.spotify.com/**", (route) => route.abort());
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await page.locator(".recommendations .track-card").first().getByRole("button", { name: /^Play / }).click();
  await expect(page.getByRole("region", { name: "Player" }).getByRole("alert")).toHaveText(
    "Spotify's player could not be reached (offline?)",
  );
  await expect(page.locator(".recommendations .track-card")).toHaveCount(20);
});
