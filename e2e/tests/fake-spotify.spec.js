// Request-level tests of the fake Spotify itself (no page): the contract in e2e/fake-spotify/README.md,
// which the app's Spotify client is written against. Every test starts from a reset fake.
import { test, expect } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";

const api = () => process.env.FAKE_SPOTIFY_URL;
const CLIENT_ID = "0123456789abcdef0123456789abcdef";
const REDIRECT = "http://127.0.0.1:8081/callback";
const SCOPE = "user-read-private user-top-read user-read-recently-played user-library-read user-library-modify " +
  "playlist-read-private playlist-read-collaborative playlist-modify-private";
const FIXTURE = { headers: { Authorization: "Bearer test-access-token" } };
const bearer = (token) => ({ headers: { Authorization: `Bearer ${token}` } });

async function control(request, body) {
  const response = await request.post(`${api()}/__control`, { data: body });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

async function stats(request) {
  return (await request.get(`${api()}/__stats`)).json();
}

/** A fresh verifier (64 characters of [A-Za-z0-9_-]) and its S256 challenge. */
function pkce() {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeUrl(params = {}) {
  return `${api()}/authorize?${new URLSearchParams({
    response_type: "code", client_id: CLIENT_ID, scope: SCOPE, code_challenge_method: "S256",
    redirect_uri: REDIRECT, state: "s1", ...params,
  })}`;
}

/** Goes through /authorize and returns the redirect's query (code, state or error). */
async function authorize(request, params) {
  const response = await request.get(authorizeUrl(params), { maxRedirects: 0 });
  expect(response.status()).toBe(302);
  const back = new URL(response.headers().location);
  expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
  return back.searchParams;
}

function exchange(request, code, verifier, extra = {}) {
  return request.post(`${api()}/api/token`, {
    form: { grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: verifier, ...extra },
  });
}

function refresh(request, refreshToken) {
  return request.post(`${api()}/api/token`, {
    form: { grant_type: "refresh_token", refresh_token: refreshToken, client_id: CLIENT_ID },
  });
}

/** The whole PKCE sign-in; returns the token response. */
async function signIn(request, scope = SCOPE) {
  const { verifier, challenge } = pkce();
  const code = (await authorize(request, { code_challenge: challenge, scope })).get("code");
  const response = await exchange(request, code, verifier);
  expect(response.status()).toBe(200);
  return response.json();
}

async function getJson(request, path, token = "test-access-token") {
  const response = await request.get(path.startsWith("http") ? path : `${api()}${path}`, bearer(token));
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
  return response.json();
}

test.beforeEach(async ({ request }) => {
  await control(request, { reset: true });
});

test("the fake Spotify answers /v1/me for a valid token", async ({ request }) => {
  const response = await request.get(`${api()}/v1/me`, FIXTURE);
  expect(response.status()).toBe(200);
  const me = await response.json();
  expect(me).toMatchObject({ id: "fake-listener-1", display_name: "Test Listener", type: "user", uri: "spotify:user:fake-listener-1" });
  // account_id is the 2026 pseudonymous key, deliberately not equal to id so keying on id shows up.
  expect(me.account_id).toMatch(/^[0-9A-Za-z]{22}$/);
  expect(me.account_id).not.toBe(me.id);
  for (const gone of ["country", "email", "product", "followers", "explicit_content"]) expect(me).not.toHaveProperty(gone);
});

test("the fake Spotify refuses a missing or unknown token the way Spotify does", async ({ request }) => {
  const missing = await request.get(`${api()}/v1/me`);
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({ error: { status: 401, message: "No token provided" } });
  const unknown = await request.get(`${api()}/v1/me`, bearer("nope"));
  expect(unknown.status()).toBe(401);
  expect(await unknown.json()).toEqual({ error: { status: 401, message: "Invalid access token" } });
});

test("CORS on every answer, and preflights answer 204", async ({ request }) => {
  const preflight = await request.fetch(`${api()}/v1/me/player/recently-played`, { method: "OPTIONS" });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()).toMatchObject({
    "access-control-allow-origin": "*",
    "access-control-allow-headers": "Authorization, Content-Type",
    "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
    "access-control-expose-headers": "Retry-After",
  });
  const { challenge } = pkce();
  const answers = [
    await request.get(`${api()}/v1/me`),
    await request.get(authorizeUrl({ code_challenge: challenge }), { maxRedirects: 0 }),
    await request.post(`${api()}/api/token`, { form: { grant_type: "refresh_token", refresh_token: "x", client_id: CLIENT_ID } }),
  ];
  for (const answer of answers) expect(answer.headers()["access-control-allow-origin"]).toBe("*");
});

test("/authorize redirects back with a code and the state exactly, refuses bad requests, and can deny", async ({ request }) => {
  const { challenge } = pkce();
  const state = "a b/c+d=é&x?y";
  const back = await authorize(request, { code_challenge: challenge, state });
  expect(back.get("code")).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect(back.get("state")).toBe(state);

  const bad = [
    { code_challenge: challenge, redirect_uri: "http://localhost:8081/callback" }, // localhost is refused
    { code_challenge: challenge, redirect_uri: "http://example.com/callback" }, // HTTP only on loopback
    { code_challenge: challenge, code_challenge_method: "plain" },
    { code_challenge: "too-short" },
    { code_challenge: challenge, response_type: "token" }, // the implicit grant is gone
    { code_challenge: challenge, scope: "user-read-private not-a-scope" },
    { code_challenge: challenge, client_id: "" },
  ];
  for (const params of bad) {
    const response = await request.get(authorizeUrl(params), { maxRedirects: 0 });
    expect(response.status(), JSON.stringify(params)).toBe(400);
    expect(response.headers()["content-type"]).toContain("text/html");
  }

  await control(request, { deny: true });
  const denied = await authorize(request, { code_challenge: challenge, state });
  expect(denied.get("error")).toBe("access_denied");
  expect(denied.get("state")).toBe(state);
  expect(denied.has("code")).toBe(false);
});

test("the token exchange checks the PKCE verifier, and a code works once", async ({ request }) => {
  const { verifier, challenge } = pkce();
  const code = (await authorize(request, { code_challenge: challenge })).get("code");
  const ok = await exchange(request, code, verifier);
  expect(ok.status()).toBe(200);
  const tokens = await ok.json();
  expect(tokens).toEqual({
    access_token: expect.any(String), token_type: "Bearer", scope: SCOPE, expires_in: 3600, refresh_token: expect.any(String),
  });
  await getJson(request, "/v1/me", tokens.access_token);

  const reused = await exchange(request, code, verifier);
  expect(reused.status()).toBe(400);
  expect(await reused.json()).toMatchObject({ error: "invalid_grant" });

  const second = pkce();
  const code2 = (await authorize(request, { code_challenge: second.challenge })).get("code");
  const wrong = await exchange(request, code2, pkce().verifier);
  expect(wrong.status()).toBe(400);
  expect(await wrong.json()).toEqual({ error: "invalid_grant", error_description: "code_verifier was incorrect" });

  for (const extra of [{ redirect_uri: "http://127.0.0.1:8081/other" }, { client_id: "someone-else" }, { code_verifier: "short" }]) {
    const again = pkce();
    const c = (await authorize(request, { code_challenge: again.challenge })).get("code");
    const refused = await exchange(request, c, again.verifier, extra);
    expect(refused.status(), JSON.stringify(extra)).toBe(400);
    expect((await refused.json()).error).toBe("invalid_grant");
  }

  const json = await request.post(`${api()}/api/token`, { data: { grant_type: "authorization_code", code } });
  expect(json.status()).toBe(400);
  expect((await json.json()).error).toBe("invalid_request");

  const s = await stats(request);
  expect(s.token_grants).toBe(1);
  // Nothing the fake reports carries a token or a code.
  const reported = JSON.stringify(s);
  for (const secret of [tokens.access_token, tokens.refresh_token, code, code2]) expect(reported).not.toContain(secret);
});

test("refresh rotates the refresh token by default, and the old one is revoked", async ({ request }) => {
  const first = await signIn(request);
  const response = await refresh(request, first.refresh_token);
  expect(response.status()).toBe(200);
  const second = await response.json();
  expect(second).toEqual({
    access_token: expect.any(String), token_type: "Bearer", scope: SCOPE, expires_in: 3600, refresh_token: expect.any(String),
  });
  expect(second.refresh_token).not.toBe(first.refresh_token);
  expect(second.access_token).not.toBe(first.access_token);
  await getJson(request, "/v1/me", second.access_token);

  const old = await refresh(request, first.refresh_token);
  expect(old.status()).toBe(400);
  expect(await old.json()).toEqual({ error: "invalid_grant", error_description: "Refresh token revoked" });
  expect((await refresh(request, second.refresh_token)).status()).toBe(200);
  expect((await stats(request)).refreshes).toBe(2);
});

test("refresh without rotation sends no refresh token and the old one keeps working", async ({ request }) => {
  await control(request, { rotate_refresh: false });
  const first = await signIn(request);
  for (let i = 0; i < 2; i++) {
    const response = await refresh(request, first.refresh_token);
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", scope: SCOPE, expires_in: 3600 });
    await getJson(request, "/v1/me", body.access_token);
  }
});

test("invalid_grant on demand stands for the 6-month refresh-token expiry", async ({ request }) => {
  const tokens = await signIn(request);
  await control(request, { invalid_grant: true });
  const refused = await refresh(request, tokens.refresh_token);
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toEqual({ error: "invalid_grant", error_description: "Refresh token revoked" });
  expect((await stats(request)).token_errors).toEqual([
    { grant_type: "refresh_token", error: "invalid_grant", error_description: "Refresh token revoked" },
  ]);
  await control(request, { invalid_grant: false });
  expect((await refresh(request, tokens.refresh_token)).status()).toBe(200);
});

test("access tokens expire by the clock, expire_now ends them all, refresh brings a working one", async ({ request }) => {
  await control(request, { token_lifetime: 1 });
  const short = await signIn(request);
  expect(short.expires_in).toBe(1);
  await getJson(request, "/v1/me", short.access_token);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const expired = await request.get(`${api()}/v1/me`, bearer(short.access_token));
  expect(expired.status()).toBe(401);
  expect(await expired.json()).toEqual({ error: { status: 401, message: "The access token expired" } });

  await control(request, { token_lifetime: 3600 });
  const long = await signIn(request);
  await getJson(request, "/v1/me", long.access_token);
  await control(request, { expire_now: true });
  expect((await request.get(`${api()}/v1/me`, bearer(long.access_token))).status()).toBe(401);
  const renewed = await (await refresh(request, long.refresh_token)).json();
  await getJson(request, "/v1/me", renewed.access_token);
  await getJson(request, "/v1/me"); // the fixture token is not touched

  const log = (await stats(request)).requests.filter((r) => r.path === "/v1/me").map((r) => [r.authorized, r.status]);
  expect(log).toEqual([[true, 200], [false, 401], [true, 200], [false, 401], [true, 200], [true, 200]]);
});

test("a token without the scope an endpoint needs gets 403", async ({ request }) => {
  const narrow = await signIn(request, "user-read-private");
  await getJson(request, "/v1/me", narrow.access_token);
  const refused = await request.get(`${api()}/v1/me/player/recently-played`, bearer(narrow.access_token));
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: { status: 403, message: "Insufficient client scope" } });
  const create = await request.post(`${api()}/v1/me/playlists`, { ...bearer(narrow.access_token), data: { name: "x", public: false } });
  expect(create.status()).toBe(403);
});

const PLAYED_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test("recently played: a first sync sees the 50 most recent plays, newest first, paged with before", async ({ request }) => {
  const path = "/v1/me/player/recently-played";
  const all = await getJson(request, `${path}?limit=50`);
  expect(all.items).toHaveLength(50);
  expect(all.next).toBeNull();
  expect(all.limit).toBe(50);
  const times = all.items.map((i) => Date.parse(i.played_at));
  for (const item of all.items) {
    expect(item.played_at).toMatch(PLAYED_AT);
    expect(item.context).toBeNull();
    expect(item.track).toMatchObject({ type: "track", uri: `spotify:track:${item.track.id}` });
    expect(item.track).not.toHaveProperty("popularity");
  }
  for (let i = 1; i < times.length; i++) expect(times[i]).toBeLessThan(times[i - 1]);
  expect(all.cursors).toEqual({ after: String(times[0]), before: String(times[49]) });
  expect(new Date(times[0]).toISOString()).toBe((await stats(request)).timeline.now);

  expect((await getJson(request, path)).items).toHaveLength(20); // default limit
  const seen = [];
  let page = await getJson(request, `${path}?limit=20`);
  for (;;) {
    seen.push(...page.items.map((i) => i.played_at));
    if (!page.next) break;
    expect(page.next).toContain(`before=${page.cursors.before}`);
    page = await getJson(request, page.next);
  }
  expect(seen).toEqual(all.items.map((i) => i.played_at));

  // Nothing older than the 50 most recent can be reached.
  const beyond = await getJson(request, `${path}?before=${all.cursors.before}`);
  expect(beyond.items).toEqual([]);
  expect(beyond.cursors).toBeNull();

  for (const query of ["limit=51", "limit=0", `after=1&before=${times[0]}`, "after=yesterday"]) {
    expect((await request.get(`${api()}${path}?${query}`, FIXTURE)).status(), query).toBe(400);
  }
});

test("recently played: after returns only new plays, and advance simulates listening since", async ({ request }) => {
  const path = "/v1/me/player/recently-played";
  const first = await getJson(request, `${path}?limit=50`);
  const nothingNew = await getJson(request, `${path}?limit=50&after=${first.cursors.after}`);
  expect(nothingNew.items).toEqual([]);
  expect(nothingNew.cursors).toBeNull();

  const { timeline } = await control(request, { advance: 30 });
  const second = await getJson(request, `${path}?limit=50&after=${first.cursors.after}`);
  expect(second.items).toHaveLength(30);
  for (const item of second.items) expect(Date.parse(item.played_at)).toBeGreaterThan(Number(first.cursors.after));
  expect(second.items[0].played_at).toBe(timeline.now);
  expect(second.cursors.after).toBe(String(Date.parse(timeline.now)));

  await control(request, { advance: 35 });
  const third = await getJson(request, `${path}?limit=50&after=${second.cursors.after}`);
  expect(third.items).toHaveLength(35);
  const older = new Set([...first.items, ...second.items].map((i) => i.played_at));
  expect(third.items.filter((i) => older.has(i.played_at))).toEqual([]);
  const asked = (await stats(request)).requests.filter((r) => r.path === path).map((r) => r.query);
  expect(asked.at(-1)).toBe(`limit=50&after=${second.cursors.after}`);
});

test("recently played: a client away for more than 50 plays loses the ones in between", async ({ request }) => {
  const path = "/v1/me/player/recently-played";
  const first = await getJson(request, `${path}?limit=50`);
  await control(request, { advance: 60 });
  const back = await getJson(request, `${path}?limit=50&after=${first.cursors.after}`);
  expect(back.items).toHaveLength(50);
  expect(back.next).toBeNull();
  expect((await getJson(request, `${path}?before=${back.cursors.before}`)).items).toEqual([]);
});

test("saved tracks come in three pages of 50", async ({ request }) => {
  const ids = [];
  let page = await getJson(request, "/v1/me/tracks?limit=50");
  let pages = 1;
  for (;;) {
    expect(page).toMatchObject({ limit: 50, total: 130 });
    for (const saved of page.items) {
      expect(saved.added_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      ids.push(saved.track.id);
    }
    if (!page.next) break;
    page = await getJson(request, page.next);
    pages += 1;
  }
  expect(pages).toBe(3);
  expect(page.previous).toContain("offset=50");
  expect(new Set(ids).size).toBe(130);
  expect((await request.get(`${api()}/v1/me/tracks?limit=51`, FIXTURE)).status()).toBe(400);
});

test("playlists: three of the listener's, one followed; items in pages of 100; 403 for the followed one", async ({ request }) => {
  const list = await getJson(request, "/v1/me/playlists?limit=50");
  expect(list.total).toBe(4);
  const owners = list.items.map((p) => p.owner.id);
  expect(owners.filter((o) => o === "fake-listener-1")).toHaveLength(3);
  for (const playlist of list.items) {
    expect(playlist).toMatchObject({ type: "playlist", collaborative: expect.any(Boolean), public: expect.any(Boolean) });
    expect(playlist.owner).toMatchObject({ id: expect.any(String), display_name: expect.any(String) });
    expect(playlist.items).toEqual({ href: expect.stringContaining(`/v1/playlists/${playlist.id}/items`), total: expect.any(Number) });
    expect(playlist).not.toHaveProperty("tracks");
  }

  const big = list.items.find((p) => p.items.total === 230);
  const sizes = [];
  let page = await getJson(request, `/v1/playlists/${big.id}/items?limit=50`);
  for (;;) {
    sizes.push(page.items.length);
    for (const entry of page.items) {
      expect(entry).toMatchObject({ added_at: expect.any(String), is_local: false, added_by: { id: "fake-listener-1" } });
      expect(entry.item.type).toBe("track");
      expect(entry).not.toHaveProperty("track");
    }
    if (!page.next) break;
    page = await getJson(request, page.next);
  }
  expect(sizes).toEqual([50, 50, 50, 50, 30]);
  // Spotify's limit for playlist items is 50 (shared/docs/spotify-platform.md).
  expect((await request.get(`${api()}/v1/playlists/${big.id}/items?limit=51`, FIXTURE)).status()).toBe(400);

  const followed = list.items.find((p) => p.owner.id !== "fake-listener-1");
  const forbidden = await request.get(`${api()}/v1/playlists/${followed.id}/items`, FIXTURE);
  expect(forbidden.status()).toBe(403);
  expect(await forbidden.json()).toEqual({ error: { status: 403, message: "Forbidden" } });
  const unknown = await request.get(`${api()}/v1/playlists/0000000000000000000000/items`, FIXTURE);
  expect(unknown.status()).toBe(404);
});

test("top tracks and artists for the three time ranges", async ({ request }) => {
  const totals = {};
  for (const type of ["tracks", "artists"]) {
    for (const range of ["short_term", "medium_term", "long_term"]) {
      const page = await getJson(request, `/v1/me/top/${type}?time_range=${range}&limit=50`);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items[0].type).toBe(type.slice(0, -1));
      totals[`${type}.${range}`] = page.total;
    }
    expect(totals[`${type}.short_term`]).toBeLessThanOrEqual(totals[`${type}.medium_term`]);
    expect(totals[`${type}.medium_term`]).toBeLessThanOrEqual(totals[`${type}.long_term`]);
  }
  expect((await request.get(`${api()}/v1/me/top/tracks?time_range=forever`, FIXTURE)).status()).toBe(400);
});

test("single track and artist look-ups have the dev-mode shape", async ({ request }) => {
  const played = (await getJson(request, "/v1/me/player/recently-played?limit=1")).items[0].track;
  const track = await getJson(request, `/v1/tracks/${played.id}`);
  expect(track).toEqual(played);
  for (const gone of ["popularity", "available_markets", "linked_from", "preview_url"]) expect(track).not.toHaveProperty(gone);
  const artist = await getJson(request, `/v1/artists/${track.artists[0].id}`);
  expect(artist).toMatchObject({ id: track.artists[0].id, name: track.artists[0].name, type: "artist" });
  for (const gone of ["popularity", "genres", "followers"]) expect(artist).not.toHaveProperty(gone);
  expect((await request.get(`${api()}/v1/tracks/0000000000000000000000`, FIXTURE)).status()).toBe(404);
  expect((await request.get(`${api()}/v1/tracks/not-an-id`, FIXTURE)).status()).toBe(400);
});

test("audio features are forbidden to a development-mode app, and the attempts are counted", async ({ request }) => {
  const id = (await getJson(request, "/v1/me/player/recently-played?limit=1")).items[0].track.id;
  for (const path of [`/v1/audio-features?ids=${id}`, `/v1/audio-features/${id}`]) {
    const response = await request.get(`${api()}${path}`, FIXTURE);
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({ error: { status: 403, message: "Forbidden" } });
  }
  expect((await stats(request)).audio_feature_requests).toBe(2);
});

test("saving back: a playlist is created, filled 100 at a time, and everything is recorded", async ({ request }) => {
  const tokens = await signIn(request);
  const auth = bearer(tokens.access_token);
  const list = await getJson(request, "/v1/me/playlists");
  const source = list.items.find((p) => p.items.total === 230);
  const followed = list.items.find((p) => p.owner.id !== "fake-listener-1");
  const uris = [];
  for (const offset of [0, 50, 100, 150, 200]) {
    const page = await getJson(request, `/v1/playlists/${source.id}/items?limit=50&offset=${offset}`);
    uris.push(...page.items.map((e) => e.item.uri));
  }

  const created = await request.post(`${api()}/v1/me/playlists`, {
    ...auth, data: { name: "Attune: tonight", description: "Made by Attune", public: false },
  });
  expect(created.status()).toBe(201);
  const playlist = await created.json();
  expect(playlist).toMatchObject({
    name: "Attune: tonight", description: "Made by Attune", public: false, collaborative: false, type: "playlist",
    owner: { id: "fake-listener-1" }, items: { total: 0, items: [] }, uri: `spotify:playlist:${playlist.id}`,
  });

  const add = (body, id = playlist.id) => request.post(`${api()}/v1/playlists/${id}/items`, { ...auth, data: body });
  const firstAdd = await add({ uris: uris.slice(30, 130) });
  expect(firstAdd.status()).toBe(201);
  const { snapshot_id: first } = await firstAdd.json();
  const secondAdd = await add({ uris: uris.slice(0, 30), position: 0 });
  expect(secondAdd.status()).toBe(201);
  expect((await secondAdd.json()).snapshot_id).not.toBe(first);

  const tooMany = await add({ uris: uris.slice(0, 101) });
  expect(tooMany.status()).toBe(400);
  expect((await tooMany.json()).error.status).toBe(400);
  expect((await add({ uris: ["spotify:track:0000000000000000000000"] }, "0000000000000000000000")).status()).toBe(404);
  expect((await add({ uris: [uris[0]] }, followed.id)).status()).toBe(403);
  expect((await request.post(`${api()}/v1/me/playlists`, { ...auth, data: { public: false } })).status()).toBe(400);

  const mine = await getJson(request, "/v1/me/playlists", tokens.access_token);
  expect(mine.total).toBe(5);
  expect(mine.items[0]).toMatchObject({ id: playlist.id, items: { total: 130 } });
  const items = await getJson(request, `/v1/playlists/${playlist.id}/items?limit=50&offset=50`, tokens.access_token);
  expect(items.items.map((e) => e.item.uri)).toEqual(uris.slice(50, 100));

  const like = await request.put(`${api()}/v1/me/library?uris=${uris[200]},${uris[201]}`, auth);
  expect(like.status()).toBe(200);
  expect((await request.put(`${api()}/v1/me/library`, { ...auth, data: { uris: [uris[202]] } })).status()).toBe(200);
  expect((await request.put(`${api()}/v1/me/library`, { ...auth, data: { uris: uris.slice(0, 41) } })).status()).toBe(400);
  expect((await getJson(request, "/v1/me/tracks?limit=1", tokens.access_token)).items[0].track.uri).toBe(uris[202]);

  const s = await stats(request);
  expect(s.created_playlists).toEqual([
    { id: playlist.id, name: "Attune: tonight", description: "Made by Attune", public: false, owner: "fake-listener-1", uris: uris.slice(0, 130) },
  ]);
  expect(s.library_saves).toEqual([uris[200], uris[201], uris[202]]);
});

test("429 with Retry-After and CORS headers for the next N Web API requests", async ({ request }) => {
  await control(request, { rate_limit: { count: 2, retry_after: 7 } });
  for (let i = 0; i < 2; i++) {
    const limited = await request.get(`${api()}/v1/me`, FIXTURE);
    expect(limited.status()).toBe(429);
    expect(limited.headers()).toMatchObject({
      "retry-after": "7", "access-control-allow-origin": "*", "access-control-expose-headers": "Retry-After",
    });
    expect(await limited.json()).toEqual({ error: { status: 429, message: "API rate limit exceeded" } });
  }
  expect((await request.get(`${api()}/v1/me`, FIXTURE)).status()).toBe(200);

  // The July 2026 quota variant carries a reason.
  await control(request, { rate_limit: { count: 1, reason: "QUOTA_EXCEEDED" } });
  const quota = await request.get(`${api()}/v1/me`, FIXTURE);
  expect(await quota.json()).toEqual({ error: { status: 429, message: "Too many requests", reason: "QUOTA_EXCEEDED" } });
});

test("a 429 can be aimed at one path; the others answer", async ({ request }) => {
  await control(request, { rate_limit: { count: 1, retry_after: 86400, path: "^/v1/search$" } });
  expect((await request.get(`${api()}/v1/me`, FIXTURE)).status()).toBe(200);
  const limited = await request.get(`${api()}/v1/search?type=track&q=artist:Coldplay`, FIXTURE);
  expect(limited.status()).toBe(429);
  expect(limited.headers()["retry-after"]).toBe("86400");
  expect((await request.get(`${api()}/v1/search?type=track&q=artist:Coldplay`, FIXTURE)).status()).toBe(200);
});

test("search finds an artist's tracks by an artist filter, with Spotify's limits", async ({ request }) => {
  const found = await getJson(request, `/v1/search?type=track&limit=10&q=${encodeURIComponent('artist:"daft punk"')}`);
  expect(found.tracks.items.length).toBeGreaterThanOrEqual(3);
  for (const track of found.tracks.items) {
    expect(track.artists[0].name).toBe("Daft Punk");
    expect(track.id).toMatch(/^[0-9A-Za-z]{22}$/);
  }
  const again = await getJson(request, `/v1/search?type=track&q=${encodeURIComponent('artist:"Daft Punk"')}`);
  expect(again.tracks.limit, "5 by default").toBe(5);
  expect(again.tracks.items.map((t) => t.id)).toEqual(found.tracks.items.slice(0, 5).map((t) => t.id));
  const nobody = await getJson(request, `/v1/search?type=track&q=${encodeURIComponent('artist:"No Such Artist Anywhere"')}`);
  expect(nobody.tracks).toMatchObject({ items: [], total: 0 });
  const status = async (query) => (await request.get(`${api()}/v1/search?${query}`, FIXTURE)).status();
  expect(await status("type=track&limit=11&q=artist:Coldplay"), "limit over 10").toBe(400);
  expect(await status("type=track"), "no q").toBe(400);
  expect(await status("q=artist:Coldplay"), "no type").toBe(400);
  expect(await status("type=song&q=artist:Coldplay"), "unknown type").toBe(400);
  expect((await request.get(`${api()}/v1/search?type=track&q=artist:Coldplay`)).status(), "no token").toBe(401);
});

test("429 without CORS headers, as a browser would only see a network error", async ({ request }) => {
  await control(request, { rate_limit: { count: 1, retry_after: 3, cors: false } });
  const preflight = await request.fetch(`${api()}/v1/me`, { method: "OPTIONS" });
  expect(preflight.status()).toBe(204); // preflights pass and do not use up the count
  const limited = await request.get(`${api()}/v1/me`, FIXTURE);
  expect(limited.status()).toBe(429);
  expect(limited.headers()["retry-after"]).toBe("3");
  expect(Object.keys(limited.headers()).filter((h) => h.startsWith("access-control-"))).toEqual([]);
  const after = await request.get(`${api()}/v1/me`, FIXTURE);
  expect(after.status()).toBe(200);
  expect(after.headers()["access-control-allow-origin"]).toBe("*");
});

test("5xx on demand for the next N Web API requests", async ({ request }) => {
  await control(request, { server_error: { count: 2 } });
  for (let i = 0; i < 2; i++) {
    const failed = await request.get(`${api()}/v1/me/tracks`, FIXTURE);
    expect(failed.status()).toBe(503);
    expect((await failed.json()).error.status).toBe(503);
    expect(failed.headers()["access-control-allow-origin"]).toBe("*");
  }
  await getJson(request, "/v1/me/tracks");
  await control(request, { server_error: { count: 1, status: 500 } });
  expect((await request.get(`${api()}/v1/me`, FIXTURE)).status()).toBe(500);
  expect((await request.get(`${api()}/v1/me`, FIXTURE)).status()).toBe(200);
  const typo = await request.post(`${api()}/__control`, { data: { server_errors: { count: 1 } } });
  expect(typo.status()).toBe(400);
  // Only the method named: a read is answered as usual, the next PUT gets the error.
  await control(request, { server_error: { count: 1, method: "PUT" } });
  expect((await request.get(`${api()}/v1/me`, FIXTURE)).status()).toBe(200);
  expect((await control(request, {})).controls.server_error.count).toBe(1);
  const uris = ["spotify:track:4uLU6hMCjMI75M1A2tKUQC"];
  expect((await request.put(`${api()}/v1/me/library`, { ...FIXTURE, data: { uris } })).status()).toBe(503);
  expect((await control(request, {})).controls.server_error.count).toBe(0);
  for (const [switchName, value] of [
    ["lose_answer", { count: 1, method: "get" }], ["lose_answer", { count: 1, method: "PATCH" }],
    ["lose_answer", { count: 1, method: ["POST"] }], ["rate_limit", { count: 1, method: 7 }],
    ["lose_answer", { count: 1, path: "/items$", methd: "POST" }], ["server_error", { count: 1, paths: "x" }],
  ]) {
    const refused = await request.post(`${api()}/__control`, { data: { [switchName]: value } });
    expect(refused.status(), JSON.stringify(value)).toBe(400);
  }
});

test("a lost answer: the request is carried out, then the connection drops", async ({ request }) => {
  const tokens = await signIn(request);
  const created = await request.post(`${api()}/v1/me/playlists`, { ...bearer(tokens.access_token), data: { name: "lost", public: false } });
  const { id } = await created.json();
  const uris = ["spotify:track:4uLU6hMCjMI75M1A2tKUQC"];
  await control(request, { lose_answer: { count: 1, path: "/items$", method: "POST" } });
  // Not this path, nor this method: answered as usual, and the switch stays armed.
  expect((await request.get(`${api()}/v1/me`, bearer(tokens.access_token))).status()).toBe(200);
  expect((await request.get(`${api()}/v1/playlists/${id}/items`, bearer(tokens.access_token))).status()).toBe(200);
  await expect(request.post(`${api()}/v1/playlists/${id}/items`, { ...bearer(tokens.access_token), data: { uris } })).rejects.toThrow();
  const items = await request.get(`${api()}/v1/playlists/${id}/items`, bearer(tokens.access_token));
  expect((await items.json()).total, "applied although unanswered").toBe(1);
  expect((await control(request, {})).controls.lose_answer.count).toBe(0);
});

test("reset forgets tokens, codes, the timeline position, records and switches", async ({ request }) => {
  const fresh = await getJson(request, "/v1/me/player/recently-played?limit=1");
  const tokens = await signIn(request);
  const { verifier, challenge } = pkce();
  const code = (await authorize(request, { code_challenge: challenge })).get("code");
  await request.post(`${api()}/v1/me/playlists`, { ...bearer(tokens.access_token), data: { name: "gone soon" } });
  await control(request, { advance: 10, rotate_refresh: false, deny: true, token_lifetime: 5, rate_limit: { count: 5 } });

  const { controls } = await control(request, { reset: true });
  expect(controls).toEqual({
    token_lifetime: 3600, rotate_refresh: true, invalid_grant: false, deny: false,
    rate_limit: { count: 0, retry_after: 1, cors: true, reason: null, path: null, method: null },
    server_error: { count: 0, status: 503, path: null, method: null },
    lose_answer: { count: 0, path: null, method: null }, sign_in_as: "listener",
  });
  expect((await request.get(`${api()}/v1/me`, bearer(tokens.access_token))).status()).toBe(401);
  expect((await refresh(request, tokens.refresh_token)).status()).toBe(400);
  expect((await exchange(request, code, verifier)).status()).toBe(400);
  expect((await getJson(request, "/v1/me/player/recently-played?limit=1")).items).toEqual(fresh.items);
  expect((await getJson(request, "/v1/me/playlists")).total).toBe(4);
  const s = await stats(request);
  expect(s).toMatchObject({ token_grants: 0, refreshes: 0, audio_feature_requests: 0, created_playlists: [], library_saves: [] });
  // Only what happened since the reset is on record.
  expect(s.requests.map((r) => r.path)).toEqual(["/v1/me", "/api/token", "/api/token", "/v1/me/player/recently-played", "/v1/me/playlists"]);
});
