// Co-listening at track level: what the listener plays in one sitting shows on the Library page, and a
// Daily Mix plays their tracks the way they put them together.
import { test, expect } from "@playwright/test";
import { catalogTracks } from "./catalog.js";
import { importFiles, waitForImported } from "./import-page.js";

test.use({ serviceWorkers: "block" });

/** Six days of two habits (a then b in the morning, c then d in the evening) and a most-played track
 * that is always played alone, as an account-data history. */
function habits() {
  const byArtist = (name) => catalogTracks().filter((t) => t.artist === name);
  const [a, b] = byArtist("Daft Punk");
  const [c, d] = byArtist("Eminem");
  const [alone] = byArtist("Burna Boy");
  const play = (day, time, t) => ({ endTime: `2024-03-1${day} ${time}`, artistName: t.artist, trackName: t.title, msPlayed: 180_000 });
  const plays = [1, 2, 3, 4, 5, 6].flatMap((day) => [
    play(day, "08:03", a),
    play(day, "08:06", b),
    play(day, "11:00", alone),
    play(day, "14:00", alone),
    play(day, "20:03", c),
    play(day, "20:06", d),
  ]);
  const file = { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) };
  return { a, b, c, d, file };
}

test("the Library shows which of the listener's tracks they play together, and a Daily Mix follows it", async ({ page }) => {
  const { a, b, c, d, file } = habits();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Library" }).click();
  await expect(page.getByRole("heading", { name: "What you play together" })).toBeVisible();
  const pick = page.getByLabel("Pick one of your tracks");
  // The most played track is always alone, so it cannot be picked: nothing goes with it.
  await expect(pick.locator("option")).toHaveCount(4);
  const shown = page.locator(".played-together > li");

  await pick.selectOption({ label: `${a.title} — ${a.artist}` });
  await expect(shown).toHaveCount(1);
  await expect(shown.first()).toContainText(b.title);
  await expect(shown.first().locator(".why")).toHaveText(`played with ${a.title} in 6 of its 6 sessions`);

  await pick.selectOption({ label: `${d.title} — ${d.artist}` });
  await expect(shown).toHaveCount(1);
  await expect(shown.first()).toContainText(c.title);

  await page.getByRole("navigation").getByRole("link", { name: "Mixes" }).click();
  await expect(page.locator(".mix").first()).toBeVisible({ timeout: 60_000 });
  // The mixes are folded: count the reasons rather than look at them.
  const habit = (x, y) => `you often play ${y.title} after ${x.title}`;
  const reasons = await page.locator(".mix .why li").allTextContents();
  const together = reasons.filter((r) => r === habit(a, b) || r === habit(c, d));
  expect(together.length, reasons.join("\n")).toBeGreaterThan(0);
});
