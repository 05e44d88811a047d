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
