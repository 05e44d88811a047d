// The fake's music: a listening timeline and the tracks, albums and artists in it, read once at start-up
// from the real extended streaming history in ../shared/data (so shapes and volumes are realistic), or
// from a small built-in timeline when that data is absent. Also builds the Web API objects for them in
// their development-mode 2026 shape (shared/docs/spotify-platform.md §3.3, §4).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The same data folder the engine's tests and e2e/tests/exports.js use: ../shared/data beside the repo.
const DATA_ROOT = process.env.ATTUNE_DATA ?? fileURLToPath(new URL("../../../shared/data", import.meta.url));
const EXPORT_DIR = path.join(DATA_ROOT, "spotify-extended-history-efrrowini");

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/**
 * A stable 22-character base-62 id, like Spotify's. The export only carries track URIs, so album and
 * artist ids are derived from their names; the same name always gives the same id.
 */
export function fakeId(seed) {
  const hash = createHash("sha256").update(seed).digest();
  let id = "";
  for (let i = 0; i < 22; i++) id += BASE62[hash[i] % 62];
  return id;
}

/** Export rows that are music plays (podcast and audiobook rows have no track URI). */
function musicRows(records) {
  return records.filter((r) =>
    typeof r.spotify_track_uri === "string" && r.spotify_track_uri.startsWith("spotify:track:") &&
    r.master_metadata_track_name && r.master_metadata_album_artist_name && typeof r.ts === "string");
}

function loadExport() {
  if (!fs.existsSync(EXPORT_DIR)) return null;
  const files = fs.readdirSync(EXPORT_DIR).filter((f) => f.endsWith(".json")).sort();
  const rows = musicRows(files.flatMap((f) => JSON.parse(fs.readFileSync(path.join(EXPORT_DIR, f), "utf8"))));
  return rows.length > 0 ? { source: `${EXPORT_DIR} (${files.length} files)`, plays: rows, extra: [] } : null;
}

/**
 * Without ../shared/data: 240 real tracks from Attune's bundled catalog (public/catalog/catalog.txt, in
 * the repository), so that a synced history still meets artists the recommender knows, and 120 plays of
 * some of them, every 3 hours up to the end of May 2026.
 */
function builtIn() {
  const lines = fs.readFileSync(new URL("../../public/catalog/catalog.txt", import.meta.url), "utf8").split("\n");
  const artistsAt = lines.findIndex((l) => l.startsWith("artists "));
  const artists = lines.slice(artistsAt + 1, artistsAt + 1 + Number(lines[artistsAt].split(" ")[1]))
    .map((l) => l.split("\t")[0]);
  const tracksAt = lines.findIndex((l) => l.startsWith("tracks "));
  const extra = lines.slice(tracksAt + 1, tracksAt + 1 + 240).map((line, i) => {
    const [id, name, credits] = line.split("\t");
    return {
      master_metadata_album_artist_name: artists[Number(credits.split(",")[0])],
      master_metadata_album_album_name: name,
      master_metadata_track_name: name,
      spotify_track_uri: `spotify:track:${id}`,
      ms_played: 150_000 + (i * 7919) % 120_000,
      reason_end: "trackdone",
    };
  });
  const end = Date.parse("2026-05-31T08:00:00Z");
  const plays = [];
  for (let i = 0; i < 120; i++) {
    // Squares modulo 61 repeat some tracks often and others once: top lists then have a real order.
    const track = extra[(i * i + 3 * i) % 61];
    plays.push({ ...track, ts: new Date(end - (119 - i) * 3 * 3600_000).toISOString().replace(".000Z", "Z") });
  }
  return { source: "the built-in timeline (tracks of the bundled catalog)", plays, extra };
}

function build({ plays, extra }) {
  const tracks = new Map(); // id → track record
  const albums = new Map();
  const artists = new Map();
  const sorted = plays.map((row, i) => ({ row, i, ms: Date.parse(row.ts) }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i);
  // A track's metadata comes from its latest row (a few URIs were renamed over the years).
  const latest = new Map();
  for (const { row } of sorted) latest.set(row.spotify_track_uri, row);
  for (const row of extra) if (!latest.has(row.spotify_track_uri)) latest.set(row.spotify_track_uri, row);

  const firstPlay = new Map();
  for (const { row, ms } of sorted) if (!firstPlay.has(row.spotify_track_uri)) firstPlay.set(row.spotify_track_uri, ms);
  const lastMs = sorted.length ? sorted.at(-1).ms : Date.parse("2026-05-31T00:00:00Z");
  const durations = new Map(); // the longest complete play is the best guess at a track's length
  for (const row of [...plays, ...extra]) {
    const complete = row.reason_end === "trackdone";
    const was = durations.get(row.spotify_track_uri) ?? { ms: 0, complete: false };
    if ((complete && !was.complete) || (complete === was.complete && row.ms_played > was.ms)) {
      durations.set(row.spotify_track_uri, { ms: row.ms_played, complete });
    }
  }

  for (const [uri, row] of latest) {
    const artistName = row.master_metadata_album_artist_name;
    const albumName = row.master_metadata_album_album_name || row.master_metadata_track_name;
    const artistId = fakeId(`artist:${artistName}`);
    if (!artists.has(artistId)) artists.set(artistId, { id: artistId, name: artistName });
    const albumId = fakeId(`album:${artistName}\u0000${albumName}`);
    const first = firstPlay.get(uri) ?? lastMs;
    if (!albums.has(albumId)) albums.set(albumId, { id: albumId, name: albumName, artistId, trackIds: [], firstMs: first });
    const album = albums.get(albumId);
    album.firstMs = Math.min(album.firstMs, first);
    const id = uri.slice("spotify:track:".length);
    album.trackIds.push(id);
    tracks.set(id, {
      id, uri, name: row.master_metadata_track_name, albumId, artistId,
      duration_ms: Math.max(30_000, durations.get(uri)?.ms ?? 200_000),
      firstMs: first,
    });
  }

  // Strictly increasing played_at: the export has a few plays ending in the same second, and an `after`
  // cursor (played_at > X) would silently skip one of two equal timestamps.
  const timeline = [];
  let previous = -Infinity;
  for (const { row, ms } of sorted) {
    const at = ms > previous ? ms : previous + 1;
    timeline.push({ trackId: row.spotify_track_uri.slice("spotify:track:".length), ms: at });
    previous = at;
  }
  return { tracks, albums, artists, timeline };
}

const loaded = loadExport() ?? builtIn();
if (loaded.extra.length > 0) {
  console.error(`fake Spotify: shared data not found at ${EXPORT_DIR} (set ATTUNE_DATA); ` +
    `serving a built-in timeline of ${loaded.plays.length} plays instead`);
} else {
  console.error(`fake Spotify: timeline of ${loaded.plays.length} music plays from ${loaded.source}`);
}

export const catalog = build(loaded);

/** Catalog tracks ranked by plays among the first `visible` plays of the timeline (then first heard). */
export function tracksByPlays(visible) {
  const counts = new Map();
  for (const play of catalog.timeline.slice(0, visible)) counts.set(play.trackId, (counts.get(play.trackId) ?? 0) + 1);
  return [...catalog.tracks.values()]
    .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.firstMs - b.firstMs || (a.id < b.id ? -1 : 1));
}

// ---- Web API objects (dev-mode 2026 shape: no popularity, genres, followers, available_markets,
// ---- preview_url or linked_from; external_ids kept, as the March 2026 changelog reverted its removal).

const openUrl = (type, id) => ({ spotify: `https://open.spotify.com/${type}/${id}` });

function images(albumId) {
  // Real cover-art URLs have this form (i.scdn.co, a size prefix, a 24-hex digest); nothing is served there.
  const digest = createHash("sha256").update(albumId).digest("hex").slice(0, 24);
  return [["ab67616d0000b273", 640], ["ab67616d00001e02", 300], ["ab67616d00004851", 64]]
    .map(([size, px]) => ({ url: `https://i.scdn.co/image/${size}${digest}`, height: px, width: px }));
}

export function simpleArtistObject(base, artist) {
  return {
    external_urls: openUrl("artist", artist.id), href: `${base}/v1/artists/${artist.id}`, id: artist.id,
    name: artist.name, type: "artist", uri: `spotify:artist:${artist.id}`,
  };
}

export function artistObject(base, artist) {
  return { ...simpleArtistObject(base, artist), images: [] };
}

function albumObject(base, album, artist) {
  // A one-track album named after its track is a single; the export does not say, so this guesses.
  const single = album.trackIds.length === 1 && album.name === (catalog.tracks.get(album.trackIds[0])?.name ?? album.name);
  return {
    album_type: single ? "single" : "album",
    artists: [simpleArtistObject(base, artist)],
    external_urls: openUrl("album", album.id), href: `${base}/v1/albums/${album.id}`, id: album.id,
    images: images(album.id), name: album.name,
    // The export has no release dates: the year the listener first played the album stands in.
    release_date: new Date(album.firstMs).toISOString().slice(0, 4), release_date_precision: "year",
    total_tracks: album.trackIds.length, type: "album", uri: `spotify:album:${album.id}`,
  };
}

export function trackObject(base, track) {
  const album = track.stubAlbum ?? catalog.albums.get(track.albumId);
  const artist = track.stubArtist ?? catalog.artists.get(track.artistId);
  return {
    album: albumObject(base, album, artist),
    artists: [simpleArtistObject(base, artist)],
    disc_number: 1, duration_ms: track.duration_ms, explicit: false, external_ids: {},
    external_urls: openUrl("track", track.id), href: `${base}/v1/tracks/${track.id}`, id: track.id,
    is_local: false, is_playable: true, name: track.name,
    track_number: album.trackIds.indexOf(track.id) + 1, type: "track", uri: track.uri,
  };
}

/**
 * The track behind a URI added to a playlist. Spotify knows every track, but this catalog only those in
 * the timeline, so others (e.g. from the app's bundled catalog) get a stand-in with what the URI says.
 * Stand-ins are not added to the catalog: a reset must forget them.
 */
export function trackForUri(uri) {
  const id = uri.slice(uri.lastIndexOf(":") + 1);
  const known = catalog.tracks.get(id);
  if (known) return known;
  const stubArtist = { id: fakeId("artist:Unknown artist"), name: "Unknown artist" };
  const stubAlbum = { id: fakeId(`album:unknown:${id}`), name: "Unknown album", trackIds: [id], firstMs: Date.now() };
  return { id, uri, name: `Track ${id}`, duration_ms: 200_000, stubAlbum, stubArtist };
}

/** Spotify-style ISO time: whole seconds, Z (added_at); played_at keeps milliseconds. */
export const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** The lines of an asset's section `name N` (the N lines after its header). */
export function section(lines, name) {
  const at = lines.findIndex((l) => l.startsWith(`${name} `));
  return lines.slice(at + 1, at + 1 + Number(lines[at].split(" ")[1]));
}

/** The lines of one of Attune's bundled assets (`public/…`). */
export const assetLines = (file) => fs.readFileSync(new URL(`../../public/${file}`, import.meta.url), "utf8").split("\n");

let bundled = null;

/**
 * A track Spotify knows that the timeline does not: one of Attune's bundled catalog (the app shows those,
 * and real Spotify knows every one), as a stand-in with its real name and first artist. Not added to the
 * catalog, so listings and counts stay those of the timeline.
 */
export function bundledTrack(id) {
  if (!bundled) {
    bundled = new Map();
    const lines = assetLines("catalog/catalog.txt");
    const artists = section(lines, "artists").map((l) => l.split("\t")[0]);
    for (const line of section(lines, "tracks")) {
      const [trackId, name, credits] = line.split("\t");
      bundled.set(trackId, { name, artist: artists[Number(credits.split(",")[0])] });
    }
  }
  const found = bundled.get(id);
  if (!found) return null;
  const stubArtist = { id: fakeId(`artist:${found.artist}`), name: found.artist };
  const stubAlbum = { id: fakeId(`album:${found.artist}\u0000${found.name}`), name: found.name, trackIds: [id], firstMs: 0 };
  return { id, uri: `spotify:track:${id}`, name: found.name, duration_ms: 200_000, stubAlbum, stubArtist };
}
