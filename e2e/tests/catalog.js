// Reads the bundled catalog asset independently of the app, so tests can check what the app shows.
import fs from "node:fs";

const ASSET = new URL("../../public/catalog/catalog.txt", import.meta.url);

/** The set of track titles in the shipped catalog. */
export function catalogTitles() {
  const lines = fs.readFileSync(ASSET, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith("tracks "));
  const count = Number(lines[start].split(" ")[1]);
  return new Set(lines.slice(start + 1, start + 1 + count).map((l) => l.split("\t")[1]));
}

/** Each catalog track's energy in [0, 1] by Spotify id: its own, else its first artist's, else null. */
export function trackEnergies() {
  const lines = fs.readFileSync(ASSET, "utf8").split("\n");
  const section = (name) => {
    const start = lines.findIndex((l) => l.startsWith(`${name} `));
    return lines.slice(start + 1, start + 1 + Number(lines[start].split(" ")[1])).map((l) => l.split("\t"));
  };
  // Features are two hex digits each, energy second; "ff" is unknown.
  const energy = (hex) => (hex.slice(2, 4) === "ff" ? null : parseInt(hex.slice(2, 4), 16) / 254);
  const artists = section("artists").map((fields) => energy(fields[3]));
  const energies = new Map();
  for (const [id, , artistList, , , , hex] of section("tracks")) {
    const first = Number(artistList.split(",")[0]);
    energies.set(id, energy(hex) ?? artists[first] ?? null);
  }
  return energies;
}

/** Every catalog track as { id, title, artist } (its first artist). */
export function catalogTracks() {
  const lines = fs.readFileSync(ASSET, "utf8").split("\n");
  const section = (name) => {
    const start = lines.findIndex((l) => l.startsWith(`${name} `));
    return lines.slice(start + 1, start + 1 + Number(lines[start].split(" ")[1])).map((l) => l.split("\t"));
  };
  const artists = section("artists").map((fields) => fields[0]);
  return section("tracks").map(([id, title, artistList]) => ({
    id,
    title,
    artist: artists[Number(artistList.split(",")[0])],
  }));
}

const FEATURES = ["danceability", "energy", "valence", "acousticness", "instrumentalness", "speechiness", "liveness", "loudness", "tempo"];
const RANGES = { loudness: [-60, 0], tempo: [0, 250] };

/** Each track's audio features by Spotify id, as the engine judges them: its own value of a feature, else
 * the first of its artists' that has one, else null. */
export function trackFeatures() {
  const lines = fs.readFileSync(ASSET, "utf8").split("\n");
  const section = (name) => {
    const start = lines.findIndex((l) => l.startsWith(`${name} `));
    return lines.slice(start + 1, start + 1 + Number(lines[start].split(" ")[1])).map((l) => l.split("\t"));
  };
  const decode = (hex) =>
    Object.fromEntries(
      FEATURES.map((f, i) => {
        const byte = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
        const [lo, hi] = RANGES[f] ?? [0, 1];
        return [f, byte === 255 ? null : lo + (byte / 254) * (hi - lo)];
      }),
    );
  const artists = section("artists").map((fields) => decode(fields[3]));
  const features = new Map();
  for (const [id, , artistList, , , , hex] of section("tracks")) {
    const own = decode(hex);
    const theirs = artistList.split(",").map(Number).map((a) => artists[a]);
    features.set(id, Object.fromEntries(FEATURES.map((f) => [f, own[f] ?? theirs.map((a) => a[f]).find((v) => v != null) ?? null])));
  }
  return features;
}
