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
