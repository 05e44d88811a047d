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
