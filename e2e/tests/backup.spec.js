// The encrypted backup: download it, then restore it in a fresh browser profile, merging without
// duplicates; a wrong passphrase or a changed byte is refused and changes nothing.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { importFiles, storedPlays, waitForImported } from "./import-page.js";

const HISTORY = JSON.stringify([
  { endTime: "2023-05-01 08:00", artistName: "Radiohead", trackName: "Airbag", msPlayed: 215000 },
  { endTime: "2023-05-02 10:30", artistName: "Björk", trackName: "Jóga", msPlayed: 305000 },
  { endTime: "2023-05-03 11:00", artistName: "Massive Attack", trackName: "Teardrop", msPlayed: 330000 },
]);
const PASSPHRASE = "correct horse battery staple";

async function restore(page, file, passphrase) {
  await page.goto("/settings");
  const form = page.locator(".data-form", { hasText: "Restore" });
  await form.getByLabel("Backup file").setInputFiles(file);
  await form.getByLabel("Passphrase").fill(passphrase);
  await form.getByRole("button", { name: "Restore backup" }).click();
  return page.locator("[data-field=backup-message]");
}

test("a backup restores in a fresh profile, merges without duplicates, and refuses a wrong passphrase or a changed file", async ({ browser, page }) => {
  await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(HISTORY) }]);
  await waitForImported(page);
  await page.goto("/settings");
  const form = page.locator(".data-form", { hasText: "Back up" });
  await form.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await form.getByLabel("Passphrase again").fill(PASSPHRASE);
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "Download encrypted backup" }).click();
  const download = await downloading;
  const file = test.info().outputPath("attune-backup.attune");
  await download.saveAs(file);
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 15).toString()).toBe("ATTUNE-BACKUP 1");
  expect(bytes.includes(Buffer.from("Radiohead")), "the backup is encrypted").toBe(false);

  // Another device: a new browser profile with nothing stored.
  const other = await browser.newContext();
  const fresh = await other.newPage();
  expect(await storedPlays(fresh)).toBe(0);
  await expect(await restore(fresh, file, "wrong passphrase")).toContainText("the passphrase is wrong or the file was changed");
  const tampered = test.info().outputPath("tampered.attune");
  const changed = Buffer.from(bytes);
  changed[changed.length - 20] ^= 1;
  fs.writeFileSync(tampered, changed);
  await expect(await restore(fresh, tampered, PASSPHRASE)).toContainText("the passphrase is wrong or the file was changed");
  expect(await storedPlays(fresh)).toBe(0);

  await expect(await restore(fresh, file, PASSPHRASE)).toContainText("Restored: 3 plays added, 0 were already here.");
  expect(await storedPlays(fresh)).toBe(3);
  await expect(await restore(fresh, file, PASSPHRASE)).toContainText("Restored: 0 plays added, 3 were already here.");
  expect(await storedPlays(fresh)).toBe(3);
  await fresh.goto("/");
  await expect(fresh.getByText("From your listening history")).toBeVisible();
  await other.close();
});

test("plays download as CSV and JSON for the listener's own use", async ({ page }) => {
  const history = JSON.stringify([
    { endTime: "2023-05-01 08:00", artistName: "Crosby, Stills & Nash", trackName: 'Say "Hi"', msPlayed: 215000 },
    { endTime: "2023-05-02 10:30", artistName: "Björk", trackName: "=Jóga", msPlayed: 305000 },
  ]);
  await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(history) }]);
  await waitForImported(page);
  await page.goto("/library");
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download plays as CSV" }).click();
  const csv = fs.readFileSync(await (await csvDownload).path(), "utf8").trimEnd().split("\n");
  expect(csv[0]).toBe("ended_at,ms_played,kind,artist,title,album,uri,skipped,shuffle,reason_start,reason_end,platform,source");
  expect(csv.slice(1)).toEqual([
    '2023-05-01T08:00:00Z,215000,music,"Crosby, Stills & Nash","Say ""Hi""",,,,,,,,export',
    "2023-05-02T10:30:00Z,305000,music,Björk,'=Jóga,,,,,,,,export",
  ]);
  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download plays as JSON" }).click();
  const plays = JSON.parse(fs.readFileSync(await (await jsonDownload).path(), "utf8"));
  expect(plays.map((p) => [p.artist, p.title, p.ms_played])).toEqual([
    ["Crosby, Stills & Nash", 'Say "Hi"', 215000],
    ["Björk", "=Jóga", 305000],
  ]);
});
