// The accounts service (accounts.spotify.com): Authorization Code with PKCE, as in
// shared/docs/spotify-platform.md §1. /authorize approves at once (there is no one to click "Agree"),
// /api/token checks the S256 challenge, issues expiring access tokens and rotates refresh tokens or not.
import { createHash, randomBytes } from "node:crypto";
import { CORS, oauthError, readBody, send } from "./http.mjs";
import { SCOPES, state } from "./state.mjs";

const CODE_LIFETIME_MS = 10 * 60_000;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
// base64url of a SHA-256 digest without padding is always 43 characters.
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const secret = (bytes) => randomBytes(bytes).toString("base64url");
const s256 = (verifier) => createHash("sha256").update(verifier, "utf8").digest("base64url");

function page(res, status, message) {
  const text = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, { ...CORS, "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><meta charset="utf-8"><title>Error</title><h1>Oops! Something went wrong</h1><p>${text}</p>`);
}

/**
 * Redirect URIs as Spotify accepts them since November 2025 (doc §2): HTTPS, or HTTP on a loopback IP
 * literal; `localhost` is refused.
 */
function redirectProblem(raw) {
  let uri;
  try {
    uri = new URL(raw);
  } catch {
    return "INVALID_CLIENT: Invalid redirect URI";
  }
  if (uri.protocol === "https:") return null;
  if (uri.protocol === "http:" && (uri.hostname === "127.0.0.1" || uri.hostname === "[::1]")) return null;
  return "INVALID_CLIENT: Insecure redirect URI";
}

function authorizeProblem(p) {
  if (!p.get("client_id")) return "INVALID_CLIENT: Invalid client";
  if (!p.get("redirect_uri")) return "INVALID_CLIENT: Invalid redirect URI";
  const redirect = redirectProblem(p.get("redirect_uri"));
  if (redirect) return redirect;
  if (p.get("response_type") !== "code") return "unsupported_response_type: response_type must be code";
  // Without a challenge this would be the secret-bearing code flow, which a page cannot use.
  if (p.get("code_challenge_method") !== "S256") return "INVALID_REQUEST: code_challenge_method must be S256";
  if (!CHALLENGE.test(p.get("code_challenge") ?? "")) return "INVALID_REQUEST: Invalid code_challenge";
  const scopes = (p.get("scope") ?? "").split(" ").filter(Boolean);
  if (scopes.some((s) => !SCOPES.has(s))) return "INVALID_SCOPE: Illegal scope";
  return null;
}

/** GET /authorize: a top-level navigation that comes back to redirect_uri with a code (or a refusal). */
export function authorize(req, res, url) {
  const p = url.searchParams;
  const problem = authorizeProblem(p);
  if (problem) return page(res, 400, problem);
  const back = new URL(p.get("redirect_uri"));
  if (state.controls.deny) {
    back.searchParams.set("error", "access_denied");
  } else {
    const code = secret(48);
    state.codes.set(code, {
      client_id: p.get("client_id"), redirect_uri: p.get("redirect_uri"), challenge: p.get("code_challenge"),
      scope: (p.get("scope") ?? "").split(" ").filter(Boolean).join(" "),
      user: state.controls.sign_in_as,
      expires: Date.now() + CODE_LIFETIME_MS, used: false,
    });
    back.searchParams.set("code", code);
  }
  if (p.has("state")) back.searchParams.set("state", p.get("state"));
  res.writeHead(302, { ...CORS, location: back.href, "cache-control": "no-store" });
  res.end();
}

function issue(res, { client_id, scope, user }, withRefresh) {
  const lifetime = state.controls.token_lifetime;
  const access = secret(48);
  state.accessTokens.set(access, { expires: Date.now() + lifetime * 1000, scope, user });
  const body = { access_token: access, token_type: "Bearer", scope, expires_in: lifetime };
  if (withRefresh) {
    const refresh = secret(48);
    state.refreshTokens.set(refresh, { client_id, scope, user, revoked: false });
    body.refresh_token = refresh;
  }
  send(res, 200, body, { headers: { "cache-control": "no-store" } });
}

/** Records a refused grant for /__stats (the kind and the reason, never the code or token). */
function refuse(res, grant_type, error, description) {
  state.records.token_errors.push({ grant_type, error, error_description: description });
  oauthError(res, error, description);
}

function exchangeCode(res, p) {
  const fail = (description) => refuse(res, "authorization_code", "invalid_grant", description);
  const code = state.codes.get(p.get("code") ?? "");
  if (!code || code.used) return fail("Invalid authorization code");
  // Single use: any attempt spends the code, so a page that retries a failed exchange must sign in again.
  code.used = true;
  if (Date.now() > code.expires) return fail("Authorization code expired");
  if (p.get("redirect_uri") !== code.redirect_uri) return fail("Invalid redirect URI");
  if (p.get("client_id") !== code.client_id) return fail("Invalid client");
  const verifier = p.get("code_verifier") ?? "";
  if (!VERIFIER.test(verifier) || s256(verifier) !== code.challenge) return fail("code_verifier was incorrect");
  state.records.token_grants += 1;
  issue(res, code, true);
}

function refresh(res, p) {
  const fail = (description) => refuse(res, "refresh_token", "invalid_grant", description);
  // The switch stands for the 6-month expiry (doc §1.6): whatever the token, Spotify says this.
  if (state.controls.invalid_grant) return fail("Refresh token revoked");
  const token = p.get("refresh_token") ?? "";
  const grant = state.refreshTokens.get(token);
  if (!grant) return fail("Invalid refresh token");
  if (grant.revoked) return fail("Refresh token revoked");
  if (p.get("client_id") !== grant.client_id) return fail("Invalid client");
  state.records.refreshes += 1;
  // Before July 2026 PKCE refresh tokens were single-use and rotated; since then reportedly not (doc §1.6).
  const rotate = state.controls.rotate_refresh;
  if (rotate) grant.revoked = true;
  issue(res, grant, rotate);
}

/** POST /api/token, form-encoded as Spotify requires. */
export async function token(req, res) {
  const body = await readBody(req);
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return refuse(res, null, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
  }
  const p = new URLSearchParams(body);
  const grant = p.get("grant_type");
  if (grant === "authorization_code") return exchangeCode(res, p);
  if (grant === "refresh_token") return refresh(res, p);
  refuse(res, grant, "unsupported_grant_type", grant ? `Unsupported grant type: ${grant}` : "grant_type parameter is missing");
}

/**
 * Who a Web API request is from: {token} for a valid bearer token, or {problem} with the 401 message
 * Spotify uses for a missing, unknown or expired one.
 */
export function bearer(req) {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Bearer ") || header.length === "Bearer ".length) return { problem: "No token provided" };
  const token = state.accessTokens.get(header.slice("Bearer ".length));
  if (!token) return { problem: "Invalid access token" };
  if (Date.now() >= token.expires) return { problem: "The access token expired" };
  return { token };
}

/** POST /__control {expire_now: true}: every issued access token stops working now. */
export function expireAll() {
  for (const token of state.accessTokens.values()) if (!token.fixture) token.expires = Date.now();
}
