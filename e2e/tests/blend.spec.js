// Blend with a friend: the taste card shows what it holds before it is saved and holds nothing else; a
// friend's card gives tracks that fit both; a file that is not a card is refused with the reason.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { catalogHistory } from "./catalog-history.js";
import { importFiles, waitForImported } from "./import-page.js";

test.use({ serviceWorkers: "block" });

const friendCard = (artists) => ({
  name: "friend-card.json",
  mimeType: "application/json",
  buffer: Buffer.from(JSON.stringify({
    format: "attune-taste-card/1",
    name: "Sam",
    artists: artists.map((a, i) => [a, 1 / (i + 2)]),
    profile: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    genres: ["rock"],
  })),
});

test("a taste card holds only aggregate taste, and a blend fits both listeners", async ({ page }) => {
  const { tracks, file } = catalogHistory();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.getByRole("navigation").getByRole("link", { name: "Blend" }).click();
  const preview = page.getByLabel("What your taste card holds");
  await expect(preview).toBeVisible({ timeout: 60_000 });
  const artists = [...new Set(tracks.map((t) => t.artist))];
  for (const artist of artists) await expect(preview.locator('[data-field="card-artists"]')).toContainText(artist);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Save taste card" }).click();
  const card = JSON.parse(fs.readFileSync(await (await download).path(), "utf8"));
  expect(Object.keys(card).sort()).toEqual(["artists", "format", "genres", "name", "profile"]);
  expect(card.format).toBe("attune-taste-card/1");
  expect(card.artists.map(([name]) => name).sort()).toEqual(artists.sort());
  // No track title from the history is anywhere in the file.
  const text = JSON.stringify(card);
  for (const t of tracks) if (!artists.includes(t.title)) expect(text.includes(t.title)).toBe(false);

  // A file that is not a card is refused, and says why.
  await page.locator("[data-role=friend-card]").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("[1, 2]") });
  await expect(page.getByRole("alert")).toContainText("notes.json: this is not an Attune taste card");

  // A friend who shares two of the artists: tracks that fit both come first.
  await page.locator("[data-role=friend-card]").setInputFiles(friendCard(["Linkin Park", "Eminem", "Evanescence"]));
  await expect(page.getByRole("heading", { name: "You and Sam" })).toBeVisible({ timeout: 60_000 });
  const reasons = await page.locator(".recommendations .track-card").evaluateAll((cards) =>
    cards.map((c) => c.querySelector(".why li")?.textContent),
  );
  expect(reasons).toHaveLength(30);
  expect(reasons[0]).toBe("fits you and Sam");
  for (const r of reasons) expect(["fits you and Sam", "for you", "for Sam"]).toContain(r);
  await page.screenshot({ path: "../artifacts/screenshots/blend-desktop.png", fullPage: true });
});
