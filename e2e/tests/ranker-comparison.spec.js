// The model lab compares rankers on the listener's own reactions (issue #16): Home's list interleaved
// from the context re-ranker and the sources' own order, credited by which side got the likes; and
// off-policy estimates from the lists the re-ranker drew, each slot logged with its probability.
import { test, expect } from "@playwright/test";
import { pickArtist, startDemo } from "./demo-page.js";

test.use({ serviceWorkers: "block" });

async function demoWithPicks(page) {
  await startDemo(page);
  await pickArtist(page, "Daft Punk");
  await pickArtist(page, "Norah Jones");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
}

/** Likes `times` cards that `team` put on Home, one per list (each like brings a new list). */
async function likeCardsOf(page, team, times) {
  const learned = page.locator('[data-field="learned"]');
  for (let i = 1; i <= times; i++) {
    await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
    const card = page.locator(`.recommendations .track-card[data-team="${team}"]`)
      .filter({ has: page.getByRole("button", { name: /^Like /, pressed: false }) }).first();
    await card.getByRole("button", { name: /^Like / }).click();
    await expect(learned).toHaveText(new RegExp(`^Learned from ${i} reaction`));
  }
}

async function compareOnHome(page, on) {
  await page.goto("/lab");
  const toggle = page.getByLabel(/^Compare on Home/);
  await expect(toggle).toBeVisible({ timeout: 60_000 });
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
  await page.getByRole("navigation").getByRole("link", { name: "Home" }).click();
  await expect(page.locator(".recommendations .track-card")).toHaveCount(20, { timeout: 60_000 });
}

for (const [team, winner] of [["reranker", "The context re-ranker won 3 of 3"], ["sources", "own order 3"]]) {
  test(`likes given to the ${team} side of the interleaved lists make it the winner`, async ({ page }) => {
    test.setTimeout(120_000);
    await demoWithPicks(page);
    await compareOnHome(page, true);
    // Both rankers have cards on the list, and the listener cannot tell them apart.
    await expect(page.locator('.track-card[data-team="reranker"]').first()).toBeAttached();
    await expect(page.locator('.track-card[data-team="sources"]').first()).toBeAttached();
    await likeCardsOf(page, team, 3);
    await page.goto("/lab");
    const result = page.locator('[data-field="interleaving"]');
    await expect(result).toContainText(winner, { timeout: 60_000 });
    await page.screenshot({ path: `../artifacts/screenshots/lab-comparison-${team}.png`, fullPage: true });
  });
}

test("the lab estimates each ranker from the lists the re-ranker drew", async ({ page }) => {
  test.setTimeout(120_000);
  await demoWithPicks(page);
  await compareOnHome(page, false);
  // Like the first card of three lists, skip the second of two.
  const cards = page.locator(".recommendations .track-card");
  const learned = page.locator('[data-field="learned"]');
  const react = [["Like", 0], ["Skip", 1], ["Like", 0], ["Skip", 1], ["Like", 0]];
  for (const [i, [button, slot]] of react.entries()) {
    await expect(page.locator(".demo")).toHaveAttribute("aria-busy", "false");
    await cards.nth(slot).getByRole("button", { name: new RegExp(`^${button} `) }).click();
    await expect(learned).toHaveText(new RegExp(`^Learned from ${i + 1} reaction`));
  }
  await page.goto("/lab");
  const table = page.getByRole("table", { name: /Estimated reward per card, from \d+ lists the re-ranker drew/ });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table).toContainText(/\(\d+ cards, 5 with a reaction\)/);
  for (const ranker of ["the re-ranker, as it draws", "the re-ranker without exploring", "the sources' order, not re-ranked"]) {
    const cells = await table.locator(`tr[data-ranker="${ranker}"] td`).allTextContents();
    expect(cells).toHaveLength(3);
    for (const cell of cells) {
      const [estimate] = cell.split(" ");
      expect(Number(estimate)).toBeGreaterThanOrEqual(-1);
      expect(Number(estimate)).toBeLessThanOrEqual(1);
    }
  }
  // As drawn, IPS is the mean reward of the cards shown (every weight is 1): 3 likes (1 each) and 2
  // skips at the start (−1 each) over every card shown.
  const cardsShown = Number((await table.locator("caption").textContent()).match(/\((\d+) cards/)[1]);
  const [asDrawn] = (await table.locator('tr[data-ranker="the re-ranker, as it draws"] td').first().textContent()).split(" ");
  expect(Math.abs(Number(asDrawn) - (3 - 2) / cardsShown)).toBeLessThanOrEqual(0.005);
});
