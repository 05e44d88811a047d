// Steps shared by the Spotify tests: routing Spotify's hosts to the fake, driving the fake, signing in.
import { expect } from "@playwright/test";

export const FAKE = () => process.env.FAKE_SPOTIFY_URL;
export const CLIENT_ID = "0123456789abcdef0123456789abcdef";

/**
 * Sends the browser's requests for accounts.spotify.com and api.spotify.com to the fake: the app under
 * test is the shipped build, with Spotify's real hosts in it. Redirects are passed back as they are, so
 * the browser follows /authorize's redirect itself.
 */
export async function routeSpotifyToFake(context) {
  await context.route(/^https:\/\/(accounts|api)\.spotify\.com\//, async (route) => {
    const url = new URL(route.request().url());
    let response;
    try {
      response = await route.fetch({ url: `${FAKE()}${url.pathname}${url.search}`, maxRedirects: 0 });
    } catch {
      // The fake dropped the connection (lose_answer): the browser sees a network error too.
      return route.abort("connectionreset");
    }
    await route.fulfill({ response }).catch((error) => {
      // The browser gave the request up meanwhile (going offline, a navigation, the test's end):
      // nobody waits for this answer any more. Anything else is a failure.
      if (!/disposed|closed/.test(String(error))) throw error;
    });
  });
}

export async function control(request, settings) {
  const response = await request.post(`${FAKE()}/__control`, { data: settings });
  expect(response.ok()).toBe(true);
  return response.json();
}

export async function stats(request) {
  return (await request.get(`${FAKE()}/__stats`)).json();
}

/** What Connect's "Allow in Spotify" buttons ask for, by the scope each adds. */
export const PERMISSIONS = {
  "playlist-modify-private": "Allow in Spotify: create private playlists in your account",
  "user-library-modify": "Allow in Spotify: add tracks to your Liked Songs",
};

/**
 * Saves the Client ID and signs in (for reading only, as the app asks), then allows each scope in
 * `allow` from Connect; returns once the last sync has finished.
 */
export async function signIn(page, { allow = [] } = {}) {
  await page.goto("/connect");
  await page.getByLabel("Client ID").fill(CLIENT_ID);
  await page.getByRole("button", { name: "Save Client ID" }).click();
  await page.getByRole("button", { name: "Connect Spotify" }).click();
  await expect(page).toHaveURL(/\/connect$/);
  await expect(page.locator("[data-field=sync-report]")).toBeVisible({ timeout: 30_000 });
  for (const scope of allow) {
    await page.getByRole("button", { name: PERMISSIONS[scope] }).click();
    await expect(page.locator(`[data-permission="${scope}"]`)).toHaveText(/: allowed\.$/, { timeout: 30_000 });
    await expect(page.locator("[data-field=sync-report]")).toBeVisible({ timeout: 30_000 });
  }
}

/** Runs one sync from the Connect page and returns its report line. */
export async function syncNow(page) {
  const report = page.locator("[data-field=sync-report]");
  const before = (await report.count()) ? await report.getAttribute("data-finished") : null;
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(report).toHaveAttribute("data-finished", /\d/, { timeout: 60_000 });
  await expect(report).not.toHaveAttribute("data-finished", before ?? "none", { timeout: 60_000 });
  return report.textContent();
}
