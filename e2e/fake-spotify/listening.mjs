// Read-only Web API endpoints about the listener and their listening: the profile, recently played (with
// Spotify's 50-play horizon), top items, single track/artist look-ups and the audio features a
// development-mode app may no longer read.
import { ApiError, intParam, pageParams, paging } from "./http.mjs";
import { artistObject, bundledTrack, catalog, trackObject } from "./catalog.mjs";
import { nowMs, state } from "./state.mjs";

/** GET /v1/me: PrivateUserObject without the fields deprecated in Feb 2026 (country, email, product…). */
export function me(ctx) {
  const { id, account_id, display_name } = ctx.user;
  return {
    account_id, display_name,
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    href: `${ctx.base}/v1/users/${id}`, id, images: [], type: "user", uri: `spotify:user:${id}`,
  };
}

/** Unix milliseconds, as the `after` and `before` cursors are. */
function msParam(url, name) {
  const raw = url.searchParams.get(name);
  if (raw === null) return null;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, `Invalid ${name}`);
  return Number(raw);
}

/**
 * GET /v1/me/player/recently-played. Only plays up to the fake's "now" exist, and of those only the 50
 * most recent can ever be returned: history older than that is gone unless the client came back in time.
 */
export function recentlyPlayed(ctx) {
  const { url } = ctx;
  const limit = intParam(url, "limit", { def: 20, min: 1, max: 50 });
  const after = msParam(url, "after");
  const before = msParam(url, "before");
  if (after !== null && before !== null) throw new ApiError(400, "Only one of after and before may be specified");
  const reachable = catalog.timeline.slice(Math.max(0, state.visible - 50), state.visible).reverse();
  const matching = reachable.filter((p) => (after === null || p.ms > after) && (before === null || p.ms < before));
  const items = matching.slice(0, limit);
  const query = (cursor) => `${ctx.base}${url.pathname}?${new URLSearchParams({ ...cursor, limit: String(limit) })}`;
  const given = after !== null ? { after: String(after) } : before !== null ? { before: String(before) } : {};
  return {
    href: query(given),
    limit,
    // Older matching plays are reached with `before` = the oldest returned, as Spotify's `next` does.
    next: matching.length > items.length ? query({ before: String(items.at(-1).ms) }) : null,
    // Cursors are strings of Unix ms (CursorObject); an empty page has none.
    cursors: items.length > 0 ? { after: String(items[0].ms), before: String(items.at(-1).ms) } : null,
    total: matching.length,
    items: items.map((p) => ({
      track: trackObject(ctx.base, catalog.tracks.get(p.trackId)),
      played_at: new Date(p.ms).toISOString(),
      // The export does not say what a play was started from; Spotify sends null for that too.
      context: null,
    })),
  };
}

const DAY = 86_400_000;
// Doc §4: short_term ≈ 4 weeks, medium_term ≈ 6 months, long_term ≈ 1 year.
const WINDOWS = { short_term: 28 * DAY, medium_term: 182 * DAY, long_term: 365 * DAY };

/** GET /v1/me/top/{tracks|artists}: ranked by plays within the window before "now" (ties: more recent first). */
export function top(ctx) {
  const { url } = ctx;
  const type = ctx.params[0];
  const range = url.searchParams.get("time_range") ?? "medium_term";
  if (!(range in WINDOWS)) throw new ApiError(400, "Invalid time range");
  const page = pageParams(url, { maxLimit: 50, maxOffset: 10_000 });
  const since = nowMs() - WINDOWS[range];
  const counts = new Map();
  const last = new Map();
  for (const play of catalog.timeline.slice(0, state.visible)) {
    if (play.ms <= since) continue;
    const key = type === "tracks" ? play.trackId : catalog.tracks.get(play.trackId).artistId;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    last.set(key, play.ms);
  }
  const ranked = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || last.get(b) - last.get(a));
  const render = type === "tracks"
    ? (id) => trackObject(ctx.base, catalog.tracks.get(id))
    : (id) => artistObject(ctx.base, catalog.artists.get(id));
  return paging(ctx, ranked, page, render, { time_range: range });
}

function lookupId(ctx) {
  const id = ctx.params[0];
  if (!/^[0-9A-Za-z]{22}$/.test(id)) throw new ApiError(400, "Invalid base62 id");
  return id;
}

/** GET /v1/tracks/{id}: single look-ups only; the batch form is gone for dev mode (doc §0.3). */
export function track(ctx) {
  const id = lookupId(ctx);
  const found = catalog.tracks.get(id) ?? bundledTrack(id);
  if (!found) throw new ApiError(404, "Resource not found");
  return trackObject(ctx.base, found);
}

/** GET /v1/artists/{id}: without genres, popularity and followers (deprecated for dev mode, doc §3.3). */
export function artist(ctx) {
  const found = catalog.artists.get(lookupId(ctx));
  if (!found) throw new ApiError(404, "Resource not found");
  return artistObject(ctx.base, found);
}

/** GET /v1/audio-features[/{id}]: apps created since Nov 2024 get 403 (doc §3.1). Counted by the dispatcher. */
export function audioFeatures() {
  throw new ApiError(403, "Forbidden");
}
