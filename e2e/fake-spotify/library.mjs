// The listener's library: saved tracks, playlists and their items (read), and saving back: creating a
// playlist, adding items to it, and saving to the library. Everything written is recorded for /__stats.
import { randomBytes } from "node:crypto";
import { ApiError, pageParams, paging, readJson, Reply } from "./http.mjs";
import { fakeId, isoSeconds, trackForUri, trackObject } from "./catalog.mjs";
import { mayEdit, state } from "./state.mjs";

const TRACK_URI = /^spotify:track:[0-9A-Za-z]{22}$/;
// PUT /me/library takes any saveable Spotify URI (tracks, albums, episodes, shows, audiobooks, follows).
const LIBRARY_URI = /^spotify:(track|album|episode|show|audiobook|artist|playlist):[0-9A-Za-z]{22}$|^spotify:user:[^\s:,]+$/;

function userObject(base, user) {
  return {
    display_name: user.display_name, external_urls: { spotify: `https://open.spotify.com/user/${user.id}` },
    href: `${base}/v1/users/${user.id}`, id: user.id, type: "user", uri: `spotify:user:${user.id}`,
  };
}

// Spotify's snapshot ids are opaque base64 strings that change with every edit.
const snapshotId = (p) => Buffer.from(`${p.snapshot},${fakeId(`${p.id}:${p.snapshot}`)}`).toString("base64");

/** SimplifiedPlaylistObject, 2026: `items` {href, total} replaces the deprecated `tracks` (doc §4). */
function simplePlaylist(base, p) {
  return {
    collaborative: p.collaborative, description: p.description,
    external_urls: { spotify: `https://open.spotify.com/playlist/${p.id}` },
    href: `${base}/v1/playlists/${p.id}`, id: p.id, images: [],
    items: { href: `${base}/v1/playlists/${p.id}/items`, total: p.items.length },
    name: p.name, owner: userObject(base, p.owner), public: p.public, snapshot_id: snapshotId(p),
    type: "playlist", uri: `spotify:playlist:${p.id}`,
  };
}

/** PlaylistTrackObject, 2026: the entry is under `item`; `track` is deprecated (doc §3.3). */
function playlistEntry(base, entry) {
  const id = entry.added_by;
  const added_by = {
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    href: `${base}/v1/users/${id}`, id, type: "user", uri: `spotify:user:${id}`,
  };
  return { added_at: entry.added_at, added_by, is_local: false, item: trackObject(base, trackForUri(entry.uri)) };
}

function findPlaylist(ctx) {
  const playlist = state.library.playlists.find((p) => p.id === ctx.params[0]);
  if (!playlist) throw new ApiError(404, "Resource not found");
  return playlist;
}

/** Insufficient scope is a 403 on Spotify too; the token decides, not the user. */
function requireScope(ctx, scope) {
  if (!ctx.scopes.has(scope)) throw new ApiError(403, "Insufficient client scope");
}

/** GET /v1/me/tracks: SavedTrackObjects, most recently saved first. */
export function savedTracks(ctx) {
  const page = pageParams(ctx.url, { maxLimit: 50, maxOffset: 100_000 });
  return paging(ctx, state.library.saved, page,
    (s) => ({ added_at: s.added_at, track: trackObject(ctx.base, trackForUri(s.uri)) }));
}

/** GET /v1/me/playlists: the listener's own and followed playlists, newest created first. */
export function myPlaylists(ctx) {
  const page = pageParams(ctx.url, { maxLimit: 50, maxOffset: 100_000 });
  return paging(ctx, state.library.playlists, page, (p) => simplePlaylist(ctx.base, p));
}

/**
 * GET /v1/playlists/{id}/items: only for playlists the listener owns or collaborates on, else 403.
 * limit up to 100 (the contract; the doc's table says 50 for this endpoint).
 */
export function playlistItems(ctx) {
  const playlist = findPlaylist(ctx);
  if (!mayEdit(playlist, ctx.user)) throw new ApiError(403, "Forbidden");
  // `limit` at most 50 for playlist items (shared/docs/spotify-platform.md, endpoint table).
  const page = pageParams(ctx.url, { maxLimit: 50, maxOffset: 1_000_000 });
  return paging(ctx, playlist.items, page, (e) => playlistEntry(ctx.base, e));
}

/** POST /v1/me/playlists {name, description?, public? (default true), collaborative?} → 201 PlaylistObject. */
export async function createPlaylist(ctx) {
  const body = await readJson(ctx.req);
  if (typeof body.name !== "string" || body.name.trim() === "") throw new ApiError(400, "Missing required field: name");
  const isPublic = body.public === undefined ? true : body.public === true;
  const collaborative = body.collaborative === true;
  if (collaborative && isPublic) throw new ApiError(400, "Collaborative playlists can only be private.");
  requireScope(ctx, isPublic ? "playlist-modify-public" : "playlist-modify-private");
  const playlist = {
    // Random, so a client that kept an id from before a reset cannot hit a new playlist by accident.
    id: fakeId(`created:${randomBytes(16).toString("hex")}`),
    name: body.name, description: typeof body.description === "string" ? body.description : null,
    public: isPublic, collaborative, owner: ctx.user, created: true, snapshot: 1, items: [],
  };
  state.library.playlists.unshift(playlist);
  // The full PlaylistObject: `items` is a paging object here (empty), not the {href, total} summary.
  const summary = simplePlaylist(ctx.base, playlist);
  const items = {
    href: `${summary.items.href}?offset=0&limit=50`, items: [], limit: 50, next: null, offset: 0, previous: null, total: 0,
  };
  return new Reply(201, { ...summary, followers: { href: null, total: 0 }, items });
}

/** `uris` from the query string (comma-separated) or, when absent there, from the JSON body. */
async function urisFrom(ctx) {
  const fromQuery = ctx.url.searchParams.get("uris");
  const body = fromQuery === null ? await readJson(ctx.req) : {};
  const uris = fromQuery !== null ? fromQuery.split(",").filter(Boolean) : body.uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.some((u) => typeof u !== "string")) {
    throw new ApiError(400, "Missing required field: uris");
  }
  return { uris, body };
}

/** POST /v1/playlists/{id}/items {uris: [...≤100], position?} → 201 {snapshot_id}. */
export async function addItems(ctx) {
  const playlist = findPlaylist(ctx);
  const { uris, body } = await urisFrom(ctx);
  if (!mayEdit(playlist, ctx.user)) throw new ApiError(403, "Forbidden");
  requireScope(ctx, playlist.public ? "playlist-modify-public" : "playlist-modify-private");
  if (uris.length > 100) throw new ApiError(400, "You can add a maximum of 100 tracks per request.");
  const bad = uris.find((u) => !TRACK_URI.test(u));
  if (bad) throw new ApiError(400, `Invalid track uri: ${bad}`);
  const rawPosition = ctx.url.searchParams.get("position") ?? body.position;
  let position = playlist.items.length;
  if (rawPosition !== undefined && rawPosition !== null) {
    position = Number(rawPosition);
    if (!Number.isInteger(position) || position < 0 || position > playlist.items.length) {
      throw new ApiError(400, "Index out of bounds");
    }
  }
  const added_at = isoSeconds(Date.now());
  playlist.items.splice(position, 0, ...uris.map((uri) => ({ uri, added_at, added_by: ctx.user.id })));
  playlist.snapshot += 1;
  state.records.playlist_additions.push({ playlist_id: playlist.id, uris, position });
  return new Reply(201, { snapshot_id: snapshotId(playlist) });
}

/** PUT /v1/me/library?uris=… (or JSON {uris}): at most 40 URIs (doc §3.3, §4). 200 with an empty body. */
export async function saveToLibrary(ctx) {
  requireScope(ctx, "user-library-modify");
  const { uris } = await urisFrom(ctx);
  if (uris.length > 40) throw new ApiError(400, "Too many ids requested");
  const bad = uris.find((u) => !LIBRARY_URI.test(u));
  if (bad) throw new ApiError(400, `Unsupported URI: ${bad}`);
  state.records.library_saves.push(...uris);
  // Saved tracks show up first in /me/tracks, as Liked Songs do.
  const added_at = isoSeconds(Date.now());
  for (const uri of uris.filter((u) => u.startsWith("spotify:track:")).reverse()) {
    state.library.saved = [{ uri, added_at }, ...state.library.saved.filter((s) => s.uri !== uri)];
  }
  return new Reply(200, undefined);
}
