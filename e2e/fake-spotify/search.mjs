// GET /v1/search for tracks, as shared/docs/spotify-platform.md §3.4 and its endpoint table give it:
// `q` and `type` required, `limit` 1..10 (default 5; 11 and more are refused since February 2026),
// `offset` up to 1000, an answer with one paging object per type asked. Real Spotify knows every artist;
// this fake knows the artists of the timeline, of Attune's bundled catalog and of its community asset,
// each with the bundled catalog's tracks of theirs first, then three stand-in tracks.
import { ApiError, intParam, paging } from "./http.mjs";
import { assetLines, bundledTrack, catalog, fakeId, section, trackObject } from "./catalog.mjs";

const TYPES = new Set(["album", "artist", "playlist", "track", "show", "episode", "audiobook"]);
const STAND_INS = 3;



let known = null;

/** Every artist the fake knows, by lower-cased name → {name, trackIds of the bundled catalog}. */
function knownArtists() {
  if (known) return known;
  known = new Map();
  const add = (name) => {
    const key = name.toLowerCase();
    if (name && !known.has(key)) known.set(key, { name, bundled: [] });
  };
  const bundledCatalog = assetLines("catalog/catalog.txt");
  const names = section(bundledCatalog, "artists").map((l) => l.split("\t")[0]);
  for (const artist of catalog.artists.values()) add(artist.name);
  for (const name of names) add(name);
  for (const line of section(assetLines("community/lastfm-2k.factors"), "items")) add(line.split("\t")[0]);
  for (const line of section(bundledCatalog, "tracks")) {
    const [id, , credits] = line.split("\t");
    known.get(names[Number(credits.split(",")[0])].toLowerCase())?.bundled.push(id);
  }
  return known;
}

/** The tracks of `artist` (a known artist's entry), real ones first. */
function tracksOf(artist) {
  const standIns = Array.from({ length: STAND_INS }, (_, n) => {
    const id = fakeId(`search:${artist.name}:${n}`);
    const stubArtist = { id: fakeId(`artist:${artist.name}`), name: artist.name };
    const stubAlbum = { id: fakeId(`album:search:${artist.name}`), name: `${artist.name} (stand-in album)`, trackIds: [id], firstMs: 0 };
    return { id, uri: `spotify:track:${id}`, name: `${artist.name} song ${n + 1}`, duration_ms: 200_000, stubAlbum, stubArtist };
  });
  return [...artist.bundled.map(bundledTrack).filter(Boolean), ...standIns];
}

/** GET /v1/search?q&type&limit&offset. Only `artist:"…"` filters find anything here. */
export function search(ctx) {
  const q = ctx.url.searchParams.get("q");
  if (!q) throw new ApiError(400, "No search query");
  const types = (ctx.url.searchParams.get("type") ?? "").split(",").filter(Boolean);
  if (types.length === 0) throw new ApiError(400, "Missing parameter type");
  if (types.some((t) => !TYPES.has(t))) throw new ApiError(400, "Bad search type field");
  const page = {
    limit: intParam(ctx.url, "limit", { def: 5, min: 1, max: 10 }),
    offset: intParam(ctx.url, "offset", { def: 0, min: 0, max: 1000 }),
  };
  const filter = /artist:"([^"]*)"|artist:(\S+)/.exec(q);
  const artist = filter ? knownArtists().get((filter[1] ?? filter[2]).toLowerCase()) : undefined;
  const answer = {};
  for (const type of types) {
    const items = type === "track" && artist ? tracksOf(artist) : [];
    answer[`${type}s`] = paging(ctx, items, page, (t) => trackObject(ctx.base, t), { q, type: types.join(",") });
  }
  return answer;
}
