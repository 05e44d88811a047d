// Page object for the import page and the pages that show what is stored.
import { expect } from "@playwright/test";

/** Picks files on the import page (as the file picker would) and waits for the import to end. */
export async function importFiles(page, files) {
  await page.goto("/import");
  await page.locator("[data-role=pick-files]").setInputFiles(files);
}

export async function waitForImported(page, timeout = 60_000) {
  await expect(page.getByRole("heading", { name: "Imported" })).toBeVisible({ timeout });
}

/** The numbers of one summary (`label`: "What the files held" or "Your library"). */
export async function summary(page, label) {
  const list = page.getByLabel(label, { exact: true });
  const value = async (field) => {
    const cell = list.locator(`[data-field=${field}]`);
    return (await cell.count()) ? Number(await cell.getAttribute("data-value")) : null;
  };
  return {
    music_plays: await value("music_plays"),
    distinct_tracks: await value("distinct_tracks"),
    distinct_artists: await value("distinct_artists"),
    skipped: await value("skipped"),
    podcast_plays: await value("podcast_plays"),
    dates: await list.locator("[data-field=dates]").textContent(),
  };
}

/** The stored library's play count as the Library page shows it, or 0 when it says nothing is stored. */
export async function storedPlays(page) {
  await page.goto("/library");
  const empty = page.getByText("Nothing stored yet.");
  const plays = page.getByLabel("Your library", { exact: true }).locator("[data-field=music_plays]");
  await expect(empty.or(plays)).toBeVisible();
  return (await empty.isVisible()) ? 0 : Number(await plays.getAttribute("data-value"));
}
