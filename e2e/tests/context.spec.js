import { test, expect } from "@playwright/test";
import { trackEnergies } from "./catalog.js";
import { pickArtist, startDemo } from "./demo-page.js";

// The worker's state lives in IndexedDB; a service worker would only add a cache to reason about.
test.use({ serviceWorkers: "block" });

const energies = trackEnergies();
const cards = (page) => page.locator(".recommendations .track-card");

/** The track ids on screen once the list has settled on the worker's latest answer. */
async function settledList(page) {
  await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
  await expect(cards(page)).toHaveCount(20);
  return cards(page).evaluateAll((els) => els.map((el) => el.dataset.trackId));
}

function meanEnergy(ids) {
  const known = ids.map((id) => energies.get(id)).filter((e) => e != null);
  return known.reduce((a, b) => a + b, 0) / known.length;
}

/** Reacts with `button` to the most energetic track on screen, three times, each once the list has
 * learnt from the last; returns the ids reacted to. */
async function reactToTheLoudest(page, bar, button) {
  const reacted = [];
  for (let i = 1; i <= 3; i++) {
    const [loudest] = (await settledList(page)).sort((a, b) => energies.get(b) - energies.get(a));
    await page.locator(`.track-card[data-track-id="${loudest}"]`).getByRole("button", { name: new RegExp(`^${button} `) }).click();
    await expect(bar.locator('[data-field="learned"]')).toHaveText(
      i === 1 ? "Learned from 1 reaction, on this device." : `Learned from ${i} reactions, on this device.`,
    );
    reacted.push(loudest);
  }
  return reacted;
}

async function startRelaxing(page) {
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const bar = page.getByRole("region", { name: "Your listening moment" });
  await bar.getByRole("button", { name: "Relax" }).click();
  await expect(bar.getByRole("button", { name: "Relax" })).toHaveAttribute("aria-pressed", "true");
  return bar;
}

test("skipping three energetic tracks in relax calms the next list, survives a reload, and can be forgotten", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await pickArtist(page, "Norah Jones");
  const bar = await startRelaxing(page);
  await expect(bar.locator('[data-field="learned"]')).toHaveText(/^Like, skip or dislike a track/);
  await expect(bar.locator('[data-field="time-of-day"]')).toHaveText(/^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day (morning|afternoon|evening|night)$/);
  const fresh = await settledList(page);
  const before = meanEnergy(fresh);

  const loudest = await reactToTheLoudest(page, bar, "Skip");
  const calmer = await settledList(page);
  const after = meanEnergy(calmer);
  expect(after, `mean energy ${before.toFixed(3)} → ${after.toFixed(3)}`).toBeLessThan(before);
  for (const id of loudest) expect(calmer).not.toContain(id);
  // Cards the context moved up say so.
  const reasons = await page.locator(".recommendations .why li").allTextContents();
  expect(reasons.filter((r) => /^suits relax: lower /.test(r)).length, reasons.join(" | ")).toBeGreaterThan(0);
  await page.screenshot({ path: "../artifacts/screenshots/context-relax-desktop.png", fullPage: true });

  // What it learnt is in IndexedDB: after a reload, relax is calmer than it was at first.
  await page.reload();
  await startRelaxing(page);
  await expect(bar.locator('[data-field="learned"]')).toHaveText("Learned from 3 reactions, on this device.");
  const reloaded = await settledList(page);
  expect(meanEnergy(reloaded)).toBeLessThan(before);

  // Forgetting asks first, then brings the fresh list back.
  await bar.getByRole("button", { name: "Reset what it learned" }).click();
  await bar.getByRole("button", { name: "Keep" }).click();
  await expect(bar.locator('[data-field="learned"]')).toHaveText("Learned from 3 reactions, on this device.");
  await bar.getByRole("button", { name: "Reset what it learned" }).click();
  await bar.getByRole("button", { name: "Forget them" }).click();
  await expect(bar.locator('[data-field="learned"]')).toHaveText(/^Like, skip or dislike a track/);
  await expect.poll(() => settledList(page)).toEqual(fresh);
  await page.reload();
  await startRelaxing(page);
  await expect(bar.locator('[data-field="learned"]')).toHaveText(/^Like, skip or dislike a track/);
});

test("the activity changes the list once reactions have taught what suits it", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await pickArtist(page, "Norah Jones");
  const bar = await startRelaxing(page);
  const loudest = await reactToTheLoudest(page, bar, "Dislike");
  const relax = await settledList(page);
  // The lesson was about relaxing: at the gym, energy counts for more than it now does in relax.
  await bar.getByRole("button", { name: "Workout" }).click();
  const workout = await settledList(page);
  expect(meanEnergy(workout)).toBeGreaterThan(meanEnergy(relax));
  // Disliked tracks stay out, in every activity.
  for (const id of loudest) expect(workout).not.toContain(id);
});

test("a like folds the track into the taste at once: the next list leans towards it, after a reload too", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const fresh = await settledList(page);
  const reasons = page.locator(".recommendations .why li");
  // The last card: the furthest from the picks, so the lean towards it shows.
  const last = cards(page).last();
  const title = await last.locator(".track-title").textContent();
  await last.getByRole("button", { name: /^Like / }).click();
  await expect(page.locator('[data-field="reaction-notice"]')).toContainText(`Liked “${title}”: it joins your taste`);
  await expect(reasons.filter({ hasText: `close to ${title}` }).first()).toBeVisible();
  expect(await settledList(page)).not.toEqual(fresh);
  await page.reload();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await expect(reasons.filter({ hasText: `close to ${title}` }).first()).toBeVisible();
});

test("keys on a focused card react like its buttons", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await settledList(page);
  const first = cards(page).first();
  const title = await first.locator(".track-title").textContent();
  await first.focus();
  await page.keyboard.press("d");
  await expect(page.locator('[data-field="reaction-notice"]')).toHaveText(`Disliked “${title}”: it will not be recommended again.`);
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");
  // Typing in the search box is not a shortcut.
  await page.getByLabel("Search for artists or songs you like").fill("dls");
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");
});

test("a track can be both added and liked, but then neither skipped nor disliked", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  await settledList(page);
  const id = await cards(page).first().getAttribute("data-track-id");
  const card = page.locator(`.recommendations .track-card[data-track-id="${id}"]`);
  await card.getByRole("button", { name: /^Add / }).click();
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 1 reaction, on this device.");
  await expect(card.getByRole("button", { name: /^Add / })).toHaveAttribute("aria-pressed", "true");
  await expect(card.getByRole("button", { name: /^Skip / })).toBeDisabled();
  await expect(card.getByRole("button", { name: /^Dislike / })).toBeDisabled();
  await card.getByRole("button", { name: /^Like / }).click();
  await expect(page.locator('[data-field="learned"]')).toHaveText("Learned from 2 reactions, on this device.");
});
