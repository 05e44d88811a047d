// The Web API (api.spotify.com/v1) dispatcher. Order matters and follows what a client sees from Spotify:
// injected 429s and 5xx come first (they are the gateway's, before anything else is looked at), then an
// unknown path is a 404, then a missing/unknown/expired token is a 401, then the endpoint answers.
import { STATUS_CODES } from "node:http";
import { ApiError, apiError, Reply, send } from "./http.mjs";
import { bearer } from "./accounts.mjs";
import { ACCOUNTS, LISTENER, state } from "./state.mjs";
import { artist, audioFeatures, me, recentlyPlayed, top, track } from "./listening.mjs";
import { search } from "./search.mjs";
import { addItems, createPlaylist, myPlaylists, playlistItems, savedTracks, saveToLibrary } from "./library.mjs";

// [method, path pattern, handler, scope the token must carry (doc §4) or null]. Reads of playlists are
// not scope-checked: without the scope Spotify narrows what they return rather than refusing.
const ROUTES = [
  ["GET", /^\/v1\/me$/, me, null],
  ["GET", /^\/v1\/me\/player\/recently-played$/, recentlyPlayed, "user-read-recently-played"],
  ["GET", /^\/v1\/me\/top\/(tracks|artists)$/, top, "user-top-read"],
  ["GET", /^\/v1\/me\/tracks$/, savedTracks, "user-library-read"],
  ["GET", /^\/v1\/me\/playlists$/, myPlaylists, null],
  ["POST", /^\/v1\/me\/playlists$/, createPlaylist, null], // scope depends on `public`: checked inside
  ["GET", /^\/v1\/playlists\/([^/]+)\/items$/, playlistItems, null],
  ["POST", /^\/v1\/playlists\/([^/]+)\/items$/, addItems, null], // likewise
  ["PUT", /^\/v1\/me\/library$/, saveToLibrary, null], // checked inside, after the 401
  ["GET", /^\/v1\/tracks\/([^/]+)$/, track, null],
  ["GET", /^\/v1\/search$/, search, null],
  ["GET", /^\/v1\/artists\/([^/]+)$/, artist, null],
  ["GET", /^\/v1\/audio-features(?:\/([^/]+))?$/, audioFeatures, null],
];

/** Whether an injected failure that is still armed hits this request (its path and method, when set). */
function hits(failure, req, url) {
  return failure.count > 0 && (!failure.path || new RegExp(failure.path).test(url.pathname))
    && (!failure.method || failure.method === req.method);
}

/** The injected failures, or false when the request may go on. */
function injectedFailure(req, res, url) {
  const { rate_limit, server_error } = state.controls;
  if (hits(rate_limit, req, url)) {
    rate_limit.count -= 1;
    // The July 2026 quota 429 has its own message and a reason (doc §3.4); the rolling-window one not.
    const error = rate_limit.reason
      ? { status: 429, message: "Too many requests", reason: rate_limit.reason }
      : { status: 429, message: "API rate limit exceeded" };
    send(res, 429, { error }, { cors: rate_limit.cors, headers: { "retry-after": String(rate_limit.retry_after) } });
    return true;
  }
  if (hits(server_error, req, url)) {
    server_error.count -= 1;
    apiError(res, server_error.status, STATUS_CODES[server_error.status] ?? "Server error");
    return true;
  }
  return false;
}

export async function webApi(req, res, url) {
  // Counted before anything else: the point is to see whether a client keeps asking.
  if (url.pathname.startsWith("/v1/audio-features")) state.records.audio_feature_requests += 1;
  if (injectedFailure(req, res, url)) return;

  const matches = ROUTES.filter(([, pattern]) => pattern.test(url.pathname));
  if (matches.length === 0) return apiError(res, 404, "Service not found");
  const route = matches.find(([method]) => method === req.method);
  if (!route) return apiError(res, 405, "Method not allowed");
  const [, pattern, handler, scope] = route;

  const auth = bearer(req);
  if (auth.problem) return apiError(res, 401, auth.problem);
  const ctx = {
    req, url,
    params: pattern.exec(url.pathname).slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))),
    // Links in answers point back at this fake, at whatever address the client used to reach it.
    base: `http://${req.headers.host}`,
    scopes: new Set(auth.token.scope.split(" ").filter(Boolean)),
    // Whose token it is (the fixture token is the listener's).
    user: ACCOUNTS[auth.token.user] ?? LISTENER,
  };
  try {
    if (scope && !ctx.scopes.has(scope)) throw new ApiError(403, "Insufficient client scope");
    const result = await handler(ctx);
    // Done, but the answer never arrives: the connection drops, as when a network or a gateway fails
    // after Spotify applied the request. The client sees a network error and cannot tell.
    const { lose_answer } = state.controls;
    if (hits(lose_answer, req, url)) {
      lose_answer.count -= 1;
      res.destroy();
      return;
    }
    if (result instanceof Reply) send(res, result.status, result.body);
    else send(res, 200, result);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    apiError(res, error.status, error.message);
  }
}
