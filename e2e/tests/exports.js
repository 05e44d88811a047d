// The real Spotify exports in ../shared/data, and what they hold, counted here without Attune's code.
import fs from "node:fs";
import path from "node:path";

const DATA = process.env.ATTUNE_DATA ?? new URL("../../../shared/data", import.meta.url).pathname;
export const EXTENDED_DIR = path.join(DATA, "spotify-extended-history-efrrowini");
export const BASIC_FILE = path.join(DATA, "spotify-streaminghistory-cosmoduende", "StreamingHistory0.json");

/** Why the real-data tests skip, or null when the data is there. */
export function missingData() {
  return fs.existsSync(EXTENDED_DIR) && fs.existsSync(BASIC_FILE)
    ? null
    : `shared data not found at ${DATA} (set ATTUNE_DATA); the real-export tests are skipped`;
}

export function extendedFiles() {
  return fs.readdirSync(EXTENDED_DIR).filter((f) => f.endsWith(".json")).sort()
    .map((f) => path.join(EXTENDED_DIR, f));
}

const day = (iso) => iso.slice(0, 10);

/** Counts for extended streaming history records. */
export function extendedCounts() {
  const records = extendedFiles().flatMap((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const music = records.filter((r) => r.master_metadata_track_name && r.master_metadata_album_artist_name);
  const times = music.map((r) => r.ts).sort();
  return {
    music_plays: music.length,
    distinct_tracks: new Set(music.map((r) => r.spotify_track_uri)).size,
    distinct_artists: new Set(music.map((r) => r.master_metadata_album_artist_name)).size,
    skipped: music.filter((r) => r.skipped === true).length,
    podcast_plays: records.filter((r) => r.episode_name).length,
    first_day: day(times[0]),
    last_day: day(times[times.length - 1]),
    artists: new Set(music.map((r) => r.master_metadata_album_artist_name)),
  };
}

/** Counts for an account-data StreamingHistory file (names only, minute resolution). */
export function basicCounts() {
  const records = JSON.parse(fs.readFileSync(BASIC_FILE, "utf8"));
  const music = records.filter((r) => r.trackName && r.artistName);
  const times = music.map((r) => r.endTime).sort();
  return {
    music_plays: music.length,
    distinct_artists: new Set(music.map((r) => r.artistName)).size,
    // Attune merges versions of one song ("- Remastered"), so exact pairs are an upper bound.
    max_distinct_tracks: new Set(music.map((r) => `${r.artistName}\u0001${r.trackName}`)).size,
    first_day: day(times[0]),
    last_day: day(times[times.length - 1]),
  };
}

/**
 * About `copies` × 7,000 extended-history events: the real export repeated, each copy shifted by six
 * hours so that every event is a distinct play.
 */
export function repeatedExtended(copies) {
  const records = extendedFiles().flatMap((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const out = [];
  for (let k = 0; k < copies; k++) {
    const shift = k * 6 * 3600 * 1000;
    for (const r of records) {
      out.push({ ...r, ts: new Date(Date.parse(r.ts) + shift).toISOString().replace(".000Z", "Z") });
    }
  }
  return out;
}
