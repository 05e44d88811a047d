// The model lab on a history with later discoveries, and the learning curve growing with reactions.
import { test, expect } from "@playwright/test";
import { catalogTracks } from "./catalog.js";
import { importFiles, waitForImported } from "./import-page.js";

test.use({ serviceWorkers: "block" });

/** January and February: Linkin Park, Eminem, Daft Punk; then in March, for the first time, Paramore,
 * Evanescence and Nirvana. */
function historyWithDiscoveries() {
  const by = (artists) => catalogTracks().filter((t) => artists.includes(t.artist));
  const early = by(["Linkin Park", "Eminem", "Daft Punk"]);
  const late = by(["Paramore", "Evanescence", "Nirvana"]);
  const play = (t, month, i) => ({
    endTime: `2024-0${month}-${String(1 + (i % 28)).padStart(2, "0")} ${String(8 + (i % 12)).padStart(2, "0")}:00`,
    artistName: t.artist,
    trackName: t.title,
    msPlayed: i % 7 === 0 ? 8_000 : 200_000,
  });
  const plays = [
    ...early.flatMap((t, i) => [play(t, 1, i), play(t, 2, i)]),
    ...late.map((t, i) => play(t, 3, i)),
  ];
  return { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
}

test("the lab scores every model on the listener's later discoveries and shows the skip rate", async ({ page }) => {
  await importFiles(page, [historyWithDiscoveries()]);
  await waitForImported(page);
  await page.goto("/insights");
  await page.getByRole("link", { name: "See the model lab" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Model lab");
  const table = page.getByRole("table", { name: /How well each model predicted your discoveries/ });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator("tbody tr")).toHaveCount(4);
  for (const model of ["Sound-alikes", "Listeners like you", "Popular", "Hybrid (For you)"]) {
    const cells = await table.locator(`tr[data-model="${model}"] td`).allTextContents();
    expect(cells).toHaveLength(7);
    for (const value of cells.slice(0, 6)) expect(Number(value)).toBeGreaterThanOrEqual(0);
    for (const value of cells.slice(0, 6)) expect(Number(value)).toBeLessThanOrEqual(1);
  }
  await expect(page.getByText(/went on to play for the first time in your latest \d+ plays/)).toBeVisible();
  await expect(page.locator(".lines svg").first()).toHaveAttribute("aria-label", /2024-01 to 2024-03/);
  await expect(page.getByText("every five reactions add a point here")).toBeVisible();

  // Ten reactions on Home make two points of the learning curve.
  await page.getByRole("navigation").getByRole("link", { name: "Home" }).click();
  const cards = page.locator(".recommendations .track-card");
  await expect(cards).toHaveCount(20, { timeout: 60_000 });
  for (let i = 1; i <= 10; i++) {
    await expect(page.locator(".history-recs")).toHaveAttribute("aria-busy", "false");
    const card = cards.nth(i % 4);
    await card.getByRole("button", { name: i % 3 ? /^Skip / : /^Like / }).click();
    await expect(page.locator('[data-field="learned"]')).toHaveText(new RegExp(`^Learned from ${i} reaction`));
  }
  await page.goto("/lab");
  await expect(page.getByText("When this rises, the lists are learning what suits you.")).toBeVisible({ timeout: 60_000 });
  await expect(page.locator(".lines svg").nth(1)).toHaveAttribute("aria-label", /1–5 to 6–10/);
  await page.screenshot({ path: "../artifacts/screenshots/lab-desktop.png", fullPage: true });
});
