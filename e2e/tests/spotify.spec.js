// Connecting Spotify against the fake (routed in place of Spotify's hosts): sign-in with PKCE, the first
// and the incremental sync, token expiry and refresh, invalid_grant, 429 with and without CORS, 5xx,
// 403 audio features, saving a playlist, disconnecting, and where every request went.
import { test, expect } from "@playwright/test";
import { CLIENT_ID, FAKE, PERMISSIONS, control, routeSpotifyToFake, signIn, stats, syncNow } from "./spotify-page.js";

// Service workers fetch on their own, past Playwright's routing; the offline app has its own tests.
test.use({ serviceWorkers: "block" });

test.beforeEach(async ({ context, request }) => {
  await control(request, { reset: true });
  await routeSpotifyToFake(context);
});

test("sign in, sync, sync again for only the new plays, save a playlist, disconnect; requests stay with Spotify", async ({ page, request, baseURL }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto("/connect");
  await expect(page.locator("[data-field=redirect-uri]")).toHaveText(`${baseURL}/callback`);
  await signIn(page);
  expect(page.url()).not.toContain("code=");
  const first = await page.locator("[data-field=sync-report]").textContent();
  // The fake's library: 130 saved tracks, three playlists of the listener's own and one of someone else's.
  expect(first).toMatch(/^Connected as .+\. Last synced \d{4}-\d\d-\d\d: 50 new plays, 130 saved tracks, 3 playlists\.$/);
  let seen = await stats(request);
  expect(seen.token_grants).toBe(1);
  expect(seen.audio_feature_requests).toBe(1);
  const page1 = seen.requests.filter((r) => r.path === "/v1/me/player/recently-played");
  expect(page1.length).toBeGreaterThan(0);

  await control(request, { advance: 30 });
  expect(await syncNow(page)).toContain(": 30 new plays,");
  seen = await stats(request);
  const recent = seen.requests.filter((r) => r.path === "/v1/me/player/recently-played");
  expect(recent.at(-1).query).toMatch(/after=\d+/);
  expect(await syncNow(page)).toContain(": 0 new plays,");
  expect((await stats(request)).audio_feature_requests, "a 403 is remembered, not retried").toBe(1);

  await page.goto("/");
  await expect(page.getByText("From your listening history")).toBeVisible();
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  // Connected for reading only: the first save is kept and asks for the one permission it needs.
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.locator("[data-field=save-waits]")).toHaveText(/^Kept: you connected Spotify for reading only\./);
  expect((await stats(request)).created_playlists).toHaveLength(0);
  await page.getByRole("button", { name: "Allow in Spotify: create private playlists in your account" }).click();
  // Back on the screen that asked; the sync that follows sends the kept playlist.
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(async () => (await stats(request)).created_playlists[0]?.uris.length, { timeout: 30_000 }).toBe(20);
  const created = (await stats(request)).created_playlists;
  expect(created).toHaveLength(1);
  expect(created[0]).toMatchObject({ name: "Attune · New to you", public: false });
  const asked = requests.filter((u) => u.startsWith("https://accounts.spotify.com/authorize"))
    .map((u) => new URL(u).searchParams.get("scope").split(" ").sort());
  expect(asked).toEqual([
    ["playlist-read-collaborative", "playlist-read-private", "user-library-read", "user-read-recently-played", "user-top-read"],
    ["playlist-modify-private", "playlist-read-collaborative", "playlist-read-private", "user-library-read", "user-read-recently-played", "user-top-read"],
  ]);
  // Saved at once from now on.
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: open the playlist" })).toBeVisible();
  expect((await stats(request)).created_playlists).toHaveLength(2);

  await page.goto("/connect");
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("button", { name: "Connect Spotify" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Connect Spotify" })).toBeVisible();

  const hosts = new Set(requests.map((u) => new URL(u).origin));
  hosts.delete(baseURL);
  // Spotify's accounts and Web API, and its image host for the covers of the cards: nothing else.
  expect([...hosts].sort()).toEqual(["https://accounts.spotify.com", "https://api.spotify.com", "https://i.scdn.co"]);
  for (const url of requests) expect(url, "no token or code in a URL the app requests").not.toMatch(/access_token|refresh_token/);
});

test("an expired token is refreshed mid-sync, with or without a new refresh token", async ({ page, request }) => {
  await control(request, { rotate_refresh: false });
  await signIn(page);
  await control(request, { expire_now: true });
  expect(await syncNow(page)).toMatch(/^Connected as/);
  await control(request, { expire_now: true });
  expect(await syncNow(page), "the kept refresh token still works").toMatch(/^Connected as/);
  await control(request, { rotate_refresh: true, expire_now: true });
  expect(await syncNow(page)).toMatch(/^Connected as/);
  await control(request, { expire_now: true });
  expect(await syncNow(page), "the rotated refresh token replaced the old one").toMatch(/^Connected as/);
  expect((await stats(request)).refreshes).toBe(4);
});

test("invalid_grant asks the listener to connect again", async ({ page, request }) => {
  await signIn(page);
  await control(request, { invalid_grant: true, expire_now: true });
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("alert")).toContainText("Connect again");
  await expect(page.getByRole("button", { name: "Connect Spotify" })).toBeVisible();
});

for (const cors of [true, false]) {
  test(`rate limiting (429 ${cors ? "with" : "without"} CORS headers) is waited out`, async ({ page, request }) => {
    await signIn(page);
    await control(request, { advance: 5, rate_limit: { count: 2, retry_after: 1, cors } });
    expect(await syncNow(page)).toContain(": 5 new plays,");
  });
}

test("server errors are retried a bounded number of times", async ({ page, request }) => {
  await signIn(page);
  await control(request, { advance: 3, server_error: { count: 2, status: 503 } });
  expect(await syncNow(page)).toContain(": 3 new plays,");
  await control(request, { server_error: { count: 50, status: 503 } });
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("alert")).toContainText("Spotify answered HTTP 503", { timeout: 60_000 });
});

test("a callback this tab did not start is refused", async ({ page }) => {
  await page.goto("/connect");
  await page.getByLabel("Client ID").fill(CLIENT_ID);
  await page.getByRole("button", { name: "Save Client ID" }).click();
  await page.goto("/callback?code=stolen&state=forged");
  await expect(page.getByRole("alert")).toContainText("not started in this tab");
  expect(page.url()).not.toContain("code=");
});

test("a forged callback neither shows its text nor breaks the sign-in in progress", async ({ page }) => {
  // Hold Spotify's answer to the real sign-in, as if the listener were still on Spotify's consent page.
  let answer = null;
  await page.route(/^https:\/\/accounts\.spotify\.com\/authorize/, async (route) => {
    const url = new URL(route.request().url());
    const response = await route.fetch({ url: `${FAKE()}${url.pathname}${url.search}`, maxRedirects: 0 });
    answer = response.headers().location;
    await route.fulfill({ contentType: "text/html", body: "<title>Spotify</title><p>Agree?</p>" });
  });
  await page.goto("/connect");
  await page.getByLabel("Client ID").fill(CLIENT_ID);
  await page.getByRole("button", { name: "Save Client ID" }).click();
  await page.getByRole("button", { name: "Connect Spotify" }).click();
  await expect.poll(() => answer).toContain("/callback?code=");
  // Meanwhile another site sends the tab to the callback with a message of its own.
  const spoof = "Your account is locked: verify at https://attune-support.example";
  await page.goto(`/callback?error=${encodeURIComponent(spoof)}&state=forged`);
  await expect(page.getByRole("alert")).toContainText("does not match the sign-in this tab started");
  await expect(page.getByText(spoof, { exact: false })).toHaveCount(0);
  await page.goto(`/callback?error=${encodeURIComponent(spoof)}`);
  await expect(page.getByRole("alert")).toContainText("does not match the sign-in this tab started");
  // The real answer still completes the sign-in.
  await page.goto(answer);
  await expect(page).toHaveURL(/\/connect$/);
  await expect(page.locator("[data-field=sync-report]")).toBeVisible({ timeout: 30_000 });
});

test("a Client ID that is not one is refused with the reason", async ({ page }) => {
  await page.goto("/connect");
  await page.getByLabel("Client ID").fill("my app");
  await page.getByRole("button", { name: "Save Client ID" }).click();
  await expect(page.getByRole("alert")).toContainText("32 letters and digits");
  await expect(page.getByRole("button", { name: "Connect Spotify" })).toBeDisabled();
});

test("two open tabs never refresh at once", async ({ context, page, request }) => {
  await signIn(page);
  const other = await context.newPage();
  await other.goto("/connect");
  await expect(other.getByRole("button", { name: "Sync now" })).toBeVisible();
  await expect(other.locator("[data-field=sync-report]")).toBeVisible({ timeout: 30_000 });
  const before = (await stats(request)).refreshes;
  await control(request, { expire_now: true });
  await Promise.all([syncNow(page), syncNow(other)]);
  expect((await stats(request)).refreshes - before, "one tab refreshes, the other uses its token").toBe(1);
});

test("a playlist saved offline is queued and sent to Spotify when the connection is back", async ({ context, page, request }) => {
  await signIn(page, { allow: ["playlist-modify-private"] });
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await context.setOffline(true);
  await expect(page.locator(".offline-badge")).toHaveText("Offline");
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: "it will be saved to Spotify when the connection is back" })).toBeVisible();
  expect((await stats(request)).created_playlists).toHaveLength(0);
  await context.setOffline(false);
  await expect.poll(async () => (await stats(request)).created_playlists.length, { timeout: 30_000 }).toBe(1);
  // Creating the playlist and adding its tracks are two requests: wait for the second.
  await expect.poll(async () => (await stats(request)).created_playlists[0].uris.length, { timeout: 10_000 }).toBe(20);
  expect((await stats(request)).created_playlists, "one playlist, not a second one on retry").toHaveLength(1);
});

/** Signs in and saves For You while the fake drops the answer to the first POST on `path` (a sync
 * running meanwhile reads the same paths with GET: its answers arrive). */
async function saveLosingOneAnswer(page, request, path) {
  await signIn(page, { allow: ["playlist-modify-private"] });
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await control(request, { lose_answer: { count: 1, path, method: "POST" } });
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Not saved yet: Spotify cannot be reached right now .*\. Attune keeps the playlist and finishes it at the next sync\.$/ })).toBeVisible();
}

test("an add whose answer was lost is not sent twice: the next sync asks the playlist what landed", async ({ page, request }) => {
  await saveLosingOneAnswer(page, request, "/items$");
  let created = (await stats(request)).created_playlists;
  expect(created).toHaveLength(1);
  expect(created[0].uris, "the lost add was applied").toHaveLength(20);
  // The next visit's sync runs the queue: it reads the playlist's count and has nothing left to add.
  await page.reload();
  const id = created[0].id;
  await expect.poll(async () => (await stats(request)).requests.some((r) => r.method === "GET" && r.path === `/v1/playlists/${id}/items`), { timeout: 30_000 }).toBe(true);
  await page.goto("/connect");
  await syncNow(page);
  created = (await stats(request)).created_playlists;
  expect(created, "one playlist").toHaveLength(1);
  expect(created[0].uris, "each track once").toHaveLength(20);
  const adds = (await stats(request)).requests.filter((r) => r.method === "POST" && r.path === `/v1/playlists/${id}/items`);
  expect(adds).toHaveLength(1);
});

test("a playlist whose creation was answered with nothing is found by its marker, not made twice", async ({ page, request }) => {
  await saveLosingOneAnswer(page, request, "^/v1/me/playlists$");
  let created = (await stats(request)).created_playlists;
  expect(created, "created, though the answer was lost").toHaveLength(1);
  expect(created[0].description).toMatch(/^Made by Attune, on your device, from your listening\. \(save [A-Za-z0-9_-]+\)$/);
  expect(created[0].uris).toHaveLength(0);
  // The next sync looks for the marked playlist, adopts it and adds the tracks there.
  await page.goto("/connect");
  await syncNow(page);
  await expect.poll(async () => (await stats(request)).created_playlists[0]?.uris.length, { timeout: 30_000 }).toBe(20);
  created = (await stats(request)).created_playlists;
  expect(created, "one playlist").toHaveLength(1);
});

test("disconnecting drops the playlists still queued: they never reach the next account connected", async ({ context, page, request }) => {
  await signIn(page, { allow: ["playlist-modify-private"] });
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await context.setOffline(true);
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: "it will be saved to Spotify when the connection is back" })).toBeVisible();
  // Still offline: disconnecting needs no network.
  await page.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Connect, change the Client ID, or disconnect" }).click();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.locator("[data-field=dropped-saves]")).toHaveText("Disconnected from Spotify. 1 playlist waiting for the connection will not be saved.");
  await context.setOffline(false);
  // Connecting again (the Client ID is kept) runs a sync: the dropped playlist is not in its queue.
  await page.getByRole("button", { name: "Connect Spotify" }).click();
  await expect(page.locator("[data-field=sync-report]")).toBeVisible({ timeout: 30_000 });
  expect((await stats(request)).created_playlists).toHaveLength(0);
});

test("Like puts the track in the listener's Spotify library", async ({ page, request }) => {
  await signIn(page);
  await page.goto("/");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const first = page.locator(".track-card").first();
  const id = await first.getAttribute("data-track-id");
  const title = await first.locator(".track-title").textContent();
  await first.getByRole("button", { name: /^Like / }).click();
  // The like joins the listener's taste at once (the list moves on to what it leads to) and says so.
  await expect(page.locator('[data-field="reaction-notice"]')).toContainText(`Liked “${title}”: it joins your taste`);
  // Connected for reading only: the like is kept for Spotify until the listener allows it.
  await expect(page.locator('[data-field="like-waits"]')).toHaveText("Liked here. To add it to your Liked Songs on Spotify too, allow it:");
  expect((await stats(request)).library_saves).toEqual([]);
  await page.getByRole("button", { name: "Allow in Spotify: add tracks to your Liked Songs" }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(async () => (await stats(request)).library_saves, { timeout: 30_000 }).toEqual([`spotify:track:${id}`]);
  await page.goto("/connect");
  await expect(page.locator('[data-permission="user-library-modify"]')).toHaveText("Add tracks to your Liked Songs: allowed.");
  await expect(page.locator('[data-permission="playlist-modify-private"]')).toContainText("not asked for yet");
});

test("what was queued for one account is dropped when Spotify ends the connection and another account signs in", async ({ page, request }) => {
  await signIn(page, { allow: ["playlist-modify-private"] });
  // A signed-in page syncs as it opens; its last read is the long-term top artists.
  const syncs = async () => (await stats(request)).requests
    .filter((r) => r.path === "/v1/me/top/artists" && r.query.includes("time_range=long_term")).length;
  const before = await syncs();
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  // The save must be the first call to meet the ended connection: one meeting it first (the opening
  // sync, a card's cover look-up) signs the page out before the listener can press Save. So the sync
  // has read everything, and the cover look-ups are held.
  await expect.poll(syncs, { timeout: 30_000 }).toBe(before + 1);
  await page.route(/\/v1\/tracks\//, () => {});
  // Spotify ends the connection: the save stays queued for the account it was made in.
  await control(request, { invalid_grant: true, expire_now: true });
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Not saved yet: / })).toBeVisible();
  // Someone else signs in on this browser.
  await control(request, { invalid_grant: false, sign_in_as: "second_listener" });
  await page.goto("/connect");
  await page.getByRole("button", { name: "Connect Spotify" }).click();
  await expect(page.locator("[data-field=sync-report]")).toContainText("Connected as Second Listener.", { timeout: 30_000 });
  await expect(page.locator("[data-field=dropped-for-another-account]")).toHaveText(
    "1 save or like queued for the Spotify account connected before was not sent to Second Listener.");
  await syncNow(page);
  expect((await stats(request)).created_playlists, "nothing reached either account").toHaveLength(0);
  // The second listener's own save goes to their account.
  await page.getByRole("button", { name: PERMISSIONS["playlist-modify-private"] }).click();
  await expect(page.locator('[data-permission="playlist-modify-private"]')).toHaveText(/: allowed\.$/, { timeout: 30_000 });
  await page.goto("/");
  await expect(page.locator(".recommendations .track-title")).toHaveCount(20, { timeout: 30_000 });
  await page.getByRole("button", { name: "Save to Spotify" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved: open the playlist" })).toBeVisible({ timeout: 30_000 });
  const created = (await stats(request)).created_playlists;
  expect(created.map((p) => p.owner)).toEqual(["fake-listener-2"]);
});

test("cards get cover art from Spotify once connected: one look-up per track, no batch", async ({ page, request }) => {
  // Spotify's image host is not reachable here: a one-pixel PNG stands in for every cover.
  const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.context().route(/^https:\/\/i\.scdn\.co\//, (route) => route.fulfill({ contentType: "image/png", body: pixel }));
  await signIn(page);
  await page.goto("/");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  const covers = page.locator(".recommendations .track-card .cover img");
  await expect.poll(() => covers.count(), { timeout: 30_000 }).toBeGreaterThan(10);
  // The smallest image of at least 64 px, from Spotify's image host.
  for (const src of await covers.evaluateAll((imgs) => imgs.map((i) => i.getAttribute("src")))) {
    expect(src).toMatch(/^https:\/\/i\.scdn\.co\/image\/ab67616d00004851[0-9a-f]{24}$/);
  }
  const lookups = (await stats(request)).requests.filter((r) => /\/v1\/tracks(\/|\?)/.test(r.path ?? r.url ?? ""));
  expect(lookups.length).toBeGreaterThan(10);
  expect(lookups.every((r) => !/ids=/.test(r.path ?? r.url ?? "")), "no batch look-ups").toBe(true);
});
