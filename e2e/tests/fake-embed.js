// Routes the Spotify Embed's three addresses to the stand-ins in ../fake-embed (see its README): the loader,
// the API it injects from Spotify's CDN, and the player page the API frames.
import fs from "node:fs";

const read = (name) => fs.readFileSync(new URL(`../fake-embed/${name}`, import.meta.url), "utf8");
export const LOADER_URL = "https://open.spotify.com/embed/iframe-api/v1";
export const API_URL = /^https:\/\/embed-cdn\.spotifycdn\.com\/_next\/static\/iframe_api\.[0-9a-f]+\.js$/;
const PLAYER_URL = /^https:\/\/open\.spotify\.com\/embed\/track\/[0-9A-Za-z]{22}$/;

/** Routes the player; `api: false` makes Spotify's CDN unreachable. Returns the counts of script loads. */
export async function routeSpotifyPlayer(page, { api = true } = {}) {
  const loads = { loader: 0, api: 0 };
  await page.route(LOADER_URL, (route) => {
    loads.loader += 1;
    return route.fulfill({ contentType: "text/javascript", body: read("loader.js") });
  });
  await page.route(API_URL, (route) => {
    loads.api += 1;
    return api ? route.fulfill({ contentType: "text/javascript", body: read("iframe-api.js") }) : route.abort("connectionrefused");
  });
  await page.route(PLAYER_URL, (route) => route.fulfill({ contentType: "text/html", body: read("player.html") }));
  return loads;
}
