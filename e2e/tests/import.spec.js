// Importing Spotify's data export through the page: the real exports in ../shared/data, a zip, bad
// files, cancelling, persistence across reloads, and erasing.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { zipSync, strToU8 } from "fflate";
import { BASIC_FILE, basicCounts, extendedCounts, extendedFiles, missingData, repeatedExtended } from "./exports.js";
import { importFiles, storedPlays, summary, waitForImported } from "./import-page.js";
import { recordRequests } from "./privacy.js";

const skipReason = missingData();
if (skipReason) console.warn(skipReason);

test("the extended history imports with the right numbers, persists, and drives recommendations", async ({ page, baseURL }) => {
  test.skip(!!skipReason, skipReason);
  test.setTimeout(120_000);
  const requests = recordRequests(page);
  const expected = extendedCounts();
  await importFiles(page, extendedFiles());
  await waitForImported(page);
  const held = await summary(page, "What the files held");
  expect(held).toEqual({
    music_plays: expected.music_plays,
    distinct_tracks: expected.distinct_tracks,
    distinct_artists: expected.distinct_artists,
    skipped: expected.skipped,
    podcast_plays: expected.podcast_plays,
    dates: `${expected.first_day} to ${expected.last_day}`,
  });
  expect((await summary(page, "Your library")).music_plays).toBe(expected.music_plays);
  await page.screenshot({ path: "../artifacts/screenshots/import-summary.png", fullPage: true });

  await page.getByRole("link", { name: "See recommendations from your history" }).click();
  await expect(page.getByText("From your listening history")).toBeVisible();
  const titles = page.locator(".recommendations .track-title");
  await expect(titles).toHaveCount(20, { timeout: 60_000 });
  // Collaborative reasons name the listener's own artists.
  const reasons = await page.locator(".why li").allTextContents();
  const named = reasons.map((r) => r.match(/^listeners of (.+?)(?: and (.+?))? also play/)).filter(Boolean);
  expect(named.length).toBeGreaterThan(0);
  // The names are the community's spelling ("Panic! At the Disco" for the export's "Panic! At The Disco").
  const listened = new Set([...expected.artists].map((a) => a.toLowerCase()));
  for (const [, a, b] of named) {
    for (const artist of [a, b].filter(Boolean)) expect(listened.has(artist.toLowerCase())).toBe(true);
  }
  await page.screenshot({ path: "../artifacts/screenshots/for-you-history.png", fullPage: true });

  await page.reload();
  await expect(page.getByText("From your listening history")).toBeVisible();
  expect(await storedPlays(page)).toBe(expected.music_plays);
  expect(requests.foreign(baseURL)).toEqual([]);
});

test("a zip of the account data imports, and importing it again adds nothing", async ({ page }) => {
  test.skip(!!skipReason, skipReason);
  const expected = basicCounts();
  const zip = zipSync({
    "Spotify Account Data/StreamingHistory0.json": fs.readFileSync(BASIC_FILE),
    "Spotify Account Data/Userdata.json": strToU8('{"username":"someone"}'),
    "Spotify Account Data/YourLibrary.json": strToU8(JSON.stringify({
      tracks: [{ artist: "Radiohead", album: "OK Computer", track: "Airbag", uri: "spotify:track:a" },
               { artist: "Björk", album: "Homogenic", track: "Jóga" }],
      artists: [{ name: "Massive Attack" }], albums: [], shows: [],
    })),
    "Spotify Account Data/Playlist1.json": strToU8(JSON.stringify({ playlists: [{
      name: "Morning", lastModifiedDate: "2025-07-31",
      items: [{ track: { trackName: "Teardrop", artistName: "Massive Attack", albumName: "Mezzanine" } },
              { track: null, episode: { episodeName: "A talk" } }],
    }] })),
  });
  await importFiles(page, [{ name: "my_spotify_data.zip", mimeType: "application/zip", buffer: Buffer.from(zip) }]);
  await waitForImported(page);
  const held = await summary(page, "What the files held");
  expect(held.music_plays).toBe(expected.music_plays);
  expect(held.distinct_artists).toBe(expected.distinct_artists);
  expect(held.distinct_tracks).toBeLessThanOrEqual(expected.max_distinct_tracks);
  expect(held.distinct_tracks).toBeGreaterThan(expected.max_distinct_tracks * 0.95);
  expect(held.dates).toBe(`${expected.first_day} to ${expected.last_day}`);
  await expect(page.locator(".file-line.skipped", { hasText: "Userdata.json" })).toBeVisible();
  await expect(page.locator(".file-line", { hasText: "YourLibrary.json" })).toContainText("saved 2 liked songs, 1 followed artist, 0 playlists");
  await expect(page.locator("[data-field=saved]")).toHaveText("Also kept: 2 liked songs, 1 followed artist and 1 playlist. Attune counts them as strong likes.");

  await importFiles(page, [BASIC_FILE]);
  await waitForImported(page);
  await expect(page.getByText(`0 new plays stored, ${expected.music_plays.toLocaleString("en-US")} were already in your library.`)).toBeVisible();
  expect(await storedPlays(page)).toBe(expected.music_plays);
});

test("bad files get a clear message naming them and lose nothing already stored", async ({ page }) => {
  const good = JSON.stringify([
    { endTime: "2023-05-01 08:00", artistName: "Radiohead", trackName: "Airbag", msPlayed: 215000 },
    { endTime: "2023-05-02 10:30", artistName: "Björk", trackName: "Jóga", msPlayed: 305000 },
  ]);
  await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(good) }]);
  await waitForImported(page);
  expect(await storedPlays(page)).toBe(2);

  const truncated = Buffer.from('[{"ts":"2024-01-01T10:00:00Z","ms_played":1000,"master_metadata_track_name":"A"');
  const notAnExport = zipSync({ "holiday.jpg": new Uint8Array([0xff, 0xd8, 0xff]) });
  await importFiles(page, [
    { name: "Streaming_History_Audio_2024.json", mimeType: "application/json", buffer: truncated },
    { name: "photos.zip", mimeType: "application/zip", buffer: Buffer.from(notAnExport) },
    { name: "StreamingHistory_music_1.json", mimeType: "application/json", buffer: Buffer.from([0x5b, 0xff, 0xfe, 0x5d]) },
  ]);
  const refused = page.locator(".file-line.refused");
  await expect(refused).toHaveCount(3);
  await expect(refused.nth(0)).toContainText("Streaming_History_Audio_2024.json is not valid JSON (the file ends early");
  await expect(refused.nth(1)).toContainText("photos.zip has no listening history in it (files seen: holiday.jpg)");
  await expect(refused.nth(2)).toContainText("not UTF-8");
  await page.screenshot({ path: "../artifacts/screenshots/import-errors.png", fullPage: true });
  expect(await storedPlays(page)).toBe(2);
});

test("cancelling keeps the store as it was before the file being read", async ({ page }) => {
  test.skip(!!skipReason, skipReason);
  test.setTimeout(120_000);
  const big = test.info().outputPath("Streaming_History_Audio_big.json");
  fs.writeFileSync(big, JSON.stringify(repeatedExtended(15)));
  await importFiles(page, [big]);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByText("Import cancelled.")).toBeVisible();
  const stored = await page.locator(".file-line.stored").count();
  expect(stored).toBe(0);
  expect(await storedPlays(page)).toBe(0);
});

test("erasing everything returns to the first-run screen with nothing stored", async ({ page }) => {
  const good = JSON.stringify([{ endTime: "2023-05-01 08:00", artistName: "Radiohead", trackName: "Airbag", msPlayed: 215000 }]);
  await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(good) }]);
  await waitForImported(page);
  await page.goto("/settings");
  await page.getByRole("button", { name: "Erase all my data" }).click();
  await page.getByRole("button", { name: "Erase everything" }).click();
  await expect(page.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  expect(await storedPlays(page)).toBe(0);
});

test.describe("with a tiny quota", () => {
  // The service worker's precache (the whole build, several MB) would fill the quota by itself.
  test.use({ serviceWorkers: "block" });

  test("a full disk stops the import with a clear message and keeps what was stored", async ({ page, baseURL }) => {
    test.skip(!!skipReason, skipReason);
    // Chromium's DevTools protocol can shrink this origin's quota (before storage is first used): the
    // real QuotaExceededError path.
    await page.goto("/import");
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: new URL(baseURL).origin, quotaSize: 200_000 });
    const good = JSON.stringify([{ endTime: "2023-05-01 08:00", artistName: "Radiohead", trackName: "Airbag", msPlayed: 215000 }]);
    await importFiles(page, [{ name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(good) }]);
    await waitForImported(page);
    await importFiles(page, extendedFiles());
    await expect(page.getByRole("alert").filter({ hasText: "no room left" })).toBeVisible({ timeout: 30_000 });
    const storedLines = page.locator(".file-line.stored .file-outcome");
    let added = 0;
    for (const text of await storedLines.allTextContents()) added += Number(text.match(/: ([\d,]+) new plays/)[1].replace(/,/g, ""));
    await page.screenshot({ path: "../artifacts/screenshots/import-quota.png", fullPage: true });
    expect(await storedPlays(page)).toBe(1 + added);
  });
});

test("an export can be dropped on the page or picked as a folder", async ({ page }) => {
  const history = JSON.stringify([
    { endTime: "2023-05-01 08:00", artistName: "Radiohead", trackName: "Airbag", msPlayed: 215000 },
    { endTime: "2023-05-02 10:30", artistName: "Björk", trackName: "Jóga", msPlayed: 305000 },
  ]);
  await page.goto("/import");
  const dropped = await page.evaluateHandle((json) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([json], "StreamingHistory_music_0.json", { type: "application/json" }));
    return transfer;
  }, history);
  await page.dispatchEvent(".drop-zone", "drop", { dataTransfer: dropped });
  await waitForImported(page);
  expect((await summary(page, "What the files held")).music_plays).toBe(2);

  // The unpacked export: a folder with history, library and unrelated files.
  const folder = test.info().outputPath("Spotify Account Data");
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(`${folder}/StreamingHistory_music_0.json`, history.replace("2023-05-01", "2023-06-01"));
  fs.writeFileSync(`${folder}/YourLibrary.json`, '{"tracks":[{"artist":"Björk","track":"Hyperballad"}]}');
  fs.writeFileSync(`${folder}/ReadMeFirst.pdf`, "%PDF-1.4");
  await page.goto("/import");
  await page.locator("[data-role=pick-folder]").setInputFiles(folder);
  await waitForImported(page);
  await expect(page.getByText("1 new play stored, 1 was already in your library.")).toBeVisible();
  await expect(page.locator(".file-line.skipped")).toHaveCount(1);
  await expect(page.locator(".file-line", { hasText: "YourLibrary.json" })).toContainText("saved 1 liked song");
});
