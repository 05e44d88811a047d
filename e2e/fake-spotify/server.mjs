// A faithful fake of Spotify's accounts service and Web API, served on 127.0.0.1 for the tests only.
// The real hosts stay the defaults of the shipped app; only a test build points here. README.md beside
// this file is the contract; the modules:
//   accounts.mjs   /authorize and /api/token (PKCE), access tokens
//   webapi.mjs     /v1 dispatch: injected 429/5xx, 404, 401, scopes
//   listening.mjs  /me, recently played, top items, single look-ups, audio features (403)
//   library.mjs    saved tracks, playlists and their items, saving back
//   catalog.mjs    the timeline and catalog from the real export, and the Web API object shapes
//   state.mjs      switches, tokens, timeline position, library and records; reset
//   http.mjs       CORS, JSON, errors, paging
//
// It logs nothing but its start-up: tokens and codes must never end up in a log.
import http from "node:http";
import { authorize, bearer, expireAll, token } from "./accounts.mjs";
import { ApiError, CORS, apiError, readJson, send } from "./http.mjs";
import { catalog } from "./catalog.mjs";
import { ACCOUNTS, reset, state, stats, timelineSummary } from "./state.mjs";
import { webApi } from "./webapi.mjs";

const HOST = "127.0.0.1";
const PORT = Number(process.env.FAKE_SPOTIFY_PORT ?? 8090);

const count = (value, name) => {
  if (!Number.isInteger(value) || value < 0) throw new ApiError(400, `${name} must be a non-negative integer`);
  return value;
};
const flag = (value, name) => {
  if (typeof value !== "boolean") throw new ApiError(400, `${name} must be true or false`);
  return value;
};
/** A switch's object, refused when it has a field not in `fields` (a misspelt one would do nothing). */
const object = (value, name, fields) => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new ApiError(400, `${name} must be an object`);
  const unknown = Object.keys(value).filter((k) => !fields.includes(k));
  if (unknown.length) throw new ApiError(400, `Unknown ${name} field(s): ${unknown.join(", ")}`);
  return value;
};

const METHODS = ["GET", "POST", "PUT", "DELETE"];
/** Which requests an injected failure hits: `path` a regular expression, `method` one of METHODS. */
const target = (value, name) => {
  const path = value.path === undefined || value.path === null ? null : String(value.path);
  if (path !== null) new RegExp(path); // a malformed pattern fails the control call, not a request
  const method = value.method ?? null;
  if (method !== null && !METHODS.includes(method)) throw new ApiError(400, `${name}.method must be one of ${METHODS.join(", ")}`);
  return { path, method };
};

const CONTROL_FIELDS = new Set(["reset", "token_lifetime", "expire_now", "rotate_refresh", "invalid_grant",
  "deny", "advance", "rate_limit", "server_error", "lose_answer", "sign_in_as"]);

/**
 * POST /__control: switches stay as set until changed or reset; expire_now and advance act once.
 * reset is applied first, so {reset: true, rotate_refresh: false} starts fresh with that switch.
 */
async function control(req, res) {
  const body = await readJson(req);
  const unknown = Object.keys(body).filter((k) => !CONTROL_FIELDS.has(k));
  // A misspelt switch would silently do nothing and make a test pass for the wrong reason.
  if (unknown.length) throw new ApiError(400, `Unknown control field(s): ${unknown.join(", ")}`);
  if (body.reset !== undefined && flag(body.reset, "reset")) reset();
  const c = state.controls;
  if (body.token_lifetime !== undefined) c.token_lifetime = count(body.token_lifetime, "token_lifetime");
  if (body.rotate_refresh !== undefined) c.rotate_refresh = flag(body.rotate_refresh, "rotate_refresh");
  if (body.invalid_grant !== undefined) c.invalid_grant = flag(body.invalid_grant, "invalid_grant");
  if (body.deny !== undefined) c.deny = flag(body.deny, "deny");
  if (body.rate_limit !== undefined) {
    const r = object(body.rate_limit, "rate_limit", ["count", "retry_after", "cors", "reason", "path", "method"]);
    c.rate_limit = {
      count: count(r.count ?? 0, "rate_limit.count"),
      retry_after: count(r.retry_after ?? 1, "rate_limit.retry_after"),
      cors: flag(r.cors ?? true, "rate_limit.cors"),
      reason: r.reason === undefined || r.reason === null ? null : String(r.reason),
      ...target(r, "rate_limit"),
    };
  }
  if (body.server_error !== undefined) {
    const s = object(body.server_error, "server_error", ["count", "status", "path", "method"]);
    const status = count(s.status ?? 503, "server_error.status");
    if (status < 500 || status > 599) throw new ApiError(400, "server_error.status must be 500-599");
    c.server_error = { count: count(s.count ?? 0, "server_error.count"), status, ...target(s, "server_error") };
  }
  if (body.lose_answer !== undefined) {
    const l = object(body.lose_answer, "lose_answer", ["count", "path", "method"]);
    c.lose_answer = { count: count(l.count ?? 0, "lose_answer.count"), ...target(l, "lose_answer") };
  }
  if (body.sign_in_as !== undefined) {
    if (!Object.hasOwn(ACCOUNTS, body.sign_in_as)) throw new ApiError(400, `sign_in_as must be one of ${Object.keys(ACCOUNTS).join(", ")}`);
    c.sign_in_as = body.sign_in_as;
  }
  if (body.expire_now !== undefined && flag(body.expire_now, "expire_now")) expireAll();
  if (body.advance !== undefined) {
    state.visible = Math.min(catalog.timeline.length, state.visible + count(body.advance, "advance"));
  }
  send(res, 200, { controls: c, timeline: timelineSummary() });
}

/** Requests worth recording for /__stats: everything a client would send to Spotify. */
function record(req, url, res) {
  const entry = {
    // query: the raw query string without '?', as sent (e.g. "limit=50&after=1715000000000").
    method: req.method, path: url.pathname, query: url.search.slice(1),
    authorized: url.pathname.startsWith("/v1/") ? !bearer(req).problem : false, status: null,
  };
  state.records.requests.push(entry);
  res.on("finish", () => { entry.status = res.statusCode; });
}

async function handle(req, res) {
  const url = new URL(req.url, `http://${HOST}`);
  const path = url.pathname;
  if (req.method === "OPTIONS") {
    // Preflights always pass, even while 429s without CORS are injected: that is what lets the browser
    // send the real request and then fail to read its answer.
    res.writeHead(204, { ...CORS, "access-control-max-age": "600" });
    return res.end();
  }
  if (path === "/health") return send(res, 200, { ok: true });
  if (path === "/__control" && req.method === "POST") return control(req, res);
  if (path === "/__stats" && req.method === "GET") return send(res, 200, stats());

  record(req, url, res);
  if (path === "/v1" || path.startsWith("/v1/")) return webApi(req, res, url);
  if (path === "/authorize" && req.method === "GET") return authorize(req, res, url);
  if (path === "/api/token" && req.method === "POST") return token(req, res);
  apiError(res, 404, "Service not found");
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (error instanceof ApiError) return apiError(res, error.status, error.message);
    // The message only: a stack or a request dump could carry a token.
    console.error(`fake Spotify: ${req.method} ${new URL(req.url, `http://${HOST}`).pathname} failed: ${error.message}`);
    if (!res.headersSent) apiError(res, 500, "Server error");
  });
});

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive sockets would hold close() open; the tests are done with them.
  server.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

server.listen(PORT, HOST, () => console.log(`fake Spotify listening on http://${HOST}:${PORT}`));
