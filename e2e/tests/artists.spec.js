// Artists for you: artists the listener does not play yet, from the community and the artist table (not
// only those with a catalog track), each with why and a way to hear them; once Spotify is connected, the
// ones without a catalog track get a track from Spotify's search: a few look-ups per list, kept in the
// store, and none while Spotify asks to wait.
import { test, expect } from "@playwright/test";
import { pickArtist, startDemo } from "./demo-page.js";
import { importFiles, waitForImported } from "./import-page.js";
import { control, routeSpotifyToFake, signIn, stats } from "./spotify-page.js";

test.use({ serviceWorkers: "block" });

/** Six days of post-rock by three artists the community knows and the catalog has no track of. */
function postRock() {
  const artists = ["Mogwai", "Explosions in the Sky", "Sigur Rós"];
  const plays = [1, 2, 3, 4, 5, 6].flatMap((day) =>
    artists.flatMap((artist, a) => [0, 1, 2].map((t) => ({
      endTime: `2024-03-1${day} 1${a}:${String(3 * t).padStart(2, "0")}`, artistName: artist, trackName: `${artist} track ${t}`, msPlayed: 180_000,
    }))));
  return { artists, file: { name: "StreamingHistory_music_0.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(plays)) } };
}

test("a history outside the catalog gets artists it does not play, with reasons; nothing is asked of Spotify", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const { artists: played, file } = postRock();
  await importFiles(page, [file]);
  await waitForImported(page);
  await page.goto("/");
  const cards = page.locator(".artist-card");
  await expect(cards).toHaveCount(8, { timeout: 30_000 });
  const names = await cards.evaluateAll((all) => all.map((c) => c.dataset.artist));
  for (const artist of played) expect(names).not.toContain(artist);
  for (const card of await cards.all()) {
    await expect(card.locator(".why li").first()).toHaveText(/^(listeners of .+ also play .+|sounds like .+|listeners like you play .+)$/);
  }
  // Some are artists the catalog has no track of: they get Spotify's search page, a plain link.
  const find = page.getByRole("link", { name: /^Find .+ on Spotify$/ });
  expect(await find.count()).toBeGreaterThan(0);
  for (const href of await find.evaluateAll((links) => links.map((l) => l.getAttribute("href")))) {
    expect(href).toMatch(/^https:\/\/open\.spotify\.com\/search\/[^/?#]+$/);
  }
  // Read out of context, as a screen reader's list of links does, each link still names its artist.
  const findCard = page.locator(".artist-card").filter({ has: find }).first();
  const artist = await findCard.getAttribute("data-artist");
  await expect(findCard.getByRole("link")).toHaveAccessibleName(`Find ${artist} on Spotify`);
  expect(requests.filter((u) => u.includes("api.spotify.com"))).toEqual([]);

  // Insights judges the sound of these tracks by their artists' and says so.
  await page.getByRole("navigation").getByRole("link", { name: "Insights" }).click();
  await expect(page.locator("[data-field=sound-basis]")).toHaveText(
    "Judged by each track's own sound for 0 % of your listening, and by its artist's sound for 100 % (tracks outside Attune's catalog).",
    { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Your sound" })).toBeVisible();
});

test("the demo's picks get artists too, the picked one left out", async ({ page }) => {
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  const cards = page.locator(".artist-card");
  await expect(cards).toHaveCount(8, { timeout: 30_000 });
  const names = await cards.evaluateAll((all) => all.map((c) => c.dataset.artist));
  expect(names).not.toContain("Norah Jones");
  await expect(cards.first().locator(".why li").first()).toHaveText(/^(listeners of Norah Jones also play .+|sounds like Norah Jones)$/);
});

test.describe("connected to the fake Spotify", () => {
  test.beforeEach(async ({ context, request }) => {
    await control(request, { reset: true });
    await routeSpotifyToFake(context);
  });

  const searches = async (request) =>
    (await stats(request)).requests.filter((r) => r.path === "/v1/search").map((r) => new URLSearchParams(r.query));

  /** Connected, with the post-rock history imported too (the synced one may all be catalog artists). */
  async function connectedWithPostRock(page) {
    await signIn(page);
    await importFiles(page, [postRock().file]);
    await waitForImported(page);
  }

  test("artists without a catalog track gain one from Spotify's search, a few per list, each asked once", async ({ page, request }) => {
    await connectedWithPostRock(page);
    await page.goto("/");
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    await expect.poll(async () => (await searches(request)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    // Each searched artist's card shows the track found, once the look-ups are done.
    let asked = [];
    await expect.poll(async () => {
      asked = (await searches(request)).map((q) => q.get("q"));
      const found = await Promise.all(asked.map((q) => page.locator(`.artist-card[data-artist="${q.slice(8, -1)}"] a[data-track-id]`).count()));
      return found.every((n) => n === 1);
    }, { timeout: 15_000 }).toBe(true);
    expect(asked.length, "a small budget per list").toBeLessThanOrEqual(5);
    for (const q of await searches(request)) {
      expect(q.get("type")).toBe("track");
      expect(q.get("limit")).toBe("5");
      expect(q.get("q")).toMatch(/^artist:".+"$/);
    }
    // The next visit reads what was found from the store: no artist is asked about twice.
    await page.reload();
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    for (const q of asked) {
      await expect(page.locator(`.artist-card[data-artist="${q.slice(8, -1)}"] a[data-track-id]`)).toHaveText(/^Hear “.+”$/);
    }
    await page.waitForTimeout(2_000);
    const all = (await searches(request)).map((q) => q.get("q"));
    expect(new Set(all).size, `asked once each: ${all}`).toBe(all.length);
  });

  test("a 429 on search stops the look-ups for as long as Spotify asks, and the cards keep their links", async ({ page, request }) => {
    await connectedWithPostRock(page);
    await control(request, { rate_limit: { count: 1, retry_after: 86_400, path: "^/v1/search$" } });
    await page.goto("/");
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    await expect.poll(async () => (await searches(request)).length, { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(2_000);
    expect((await searches(request)).length, "no look-up after the 429").toBe(1);
    expect(await page.getByRole("link", { name: /^Find .+ on Spotify$/ }).count()).toBeGreaterThan(0);
    // The wait is kept: the next visit does not ask either.
    await page.reload();
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    await page.waitForTimeout(2_000);
    expect((await searches(request)).length).toBe(1);
  });

  test("a 429 the browser cannot read (no CORS headers) is not retried, and the look-ups wait an hour", async ({ page, request }) => {
    await connectedWithPostRock(page);
    await control(request, { rate_limit: { count: 1, retry_after: 86_400, cors: false, path: "^/v1/search$" } });
    await page.goto("/");
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    await expect.poll(async () => (await searches(request)).length, { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(2_000);
    expect((await searches(request)).length, "not retried, and no other look-up").toBe(1);
    await page.reload();
    await expect(page.locator(".artist-card")).toHaveCount(8, { timeout: 30_000 });
    await page.waitForTimeout(2_000);
    expect((await searches(request)).length).toBe(1);
  });
});
