// Small HTTP helpers shared by the fake's modules: CORS, JSON answers, Spotify's error shape, request
// bodies, query parameters and the Web API's offset paging.
import { STATUS_CODES } from "node:http";

/** The CORS headers every answer carries (the app calls both hosts straight from the page). */
export const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "Authorization, Content-Type",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS",
  // Without this a page could not read Retry-After on a 429 even when the 429 has CORS headers.
  "access-control-expose-headers": "Retry-After",
};

/** A failure a handler throws; the dispatcher turns it into Spotify's error object. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** What a handler returns for anything but 200 with a JSON body (a plain return value is that). */
export class Reply {
  constructor(status, body) {
    this.status = status;
    this.body = body;
  }
}

/**
 * Writes a JSON answer. `cors: false` leaves out every CORS header, which is how Spotify has been seen to
 * serve some 429s (a browser then only sees an opaque network error).
 */
export function send(res, status, body, { cors = true, headers = {} } = {}) {
  const all = { ...(cors ? CORS : {}), ...headers };
  if (body !== undefined) all["content-type"] = "application/json; charset=utf-8";
  res.writeHead(status, all);
  res.end(body === undefined ? "" : JSON.stringify(body));
}

/** Spotify's regular error object: {"error": {"status", "message"}}. */
export function apiError(res, status, message = STATUS_CODES[status] ?? "Error", options = {}) {
  send(res, status, { error: { status, message } }, options);
}

/** The accounts service's errors are OAuth-shaped, not the Web API's. */
export function oauthError(res, error, description) {
  send(res, 400, { error, error_description: description }, { headers: { "cache-control": "no-store" } });
}

/** Reads the whole request body as text (bounded: this fake only ever gets small bodies). */
export function readBody(req, limit = 1 << 20) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, "Request body too large"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Parses a JSON request body; Spotify answers malformed JSON with this message. */
export async function readJson(req) {
  const text = await readBody(req);
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
    return value;
  } catch {
    throw new ApiError(400, "Error parsing JSON.");
  }
}

/** An integer query parameter within [min, max], or the default when absent; 400 otherwise. */
export function intParam(url, name, { def, min, max = Number.MAX_SAFE_INTEGER }) {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === "") return def;
  if (!/^\d+$/.test(raw)) throw new ApiError(400, `Invalid ${name}`);
  const value = Number(raw);
  if (value < min || value > max) throw new ApiError(400, `Invalid ${name}`);
  return value;
}

/** limit and offset as the Web API reads them for offset-paged lists. */
export function pageParams(url, { maxLimit, maxOffset }) {
  return {
    limit: intParam(url, "limit", { def: 20, min: 1, max: maxLimit }),
    offset: intParam(url, "offset", { def: 0, min: 0, max: maxOffset }),
  };
}

/**
 * Spotify's PagingObject over `all` (already in order), with `render` applied to the page's items.
 * Links point at this fake so a client can follow `next` as it would on api.spotify.com.
 */
export function paging(ctx, all, { limit, offset }, render, extraQuery = {}) {
  const link = (at) =>
    `${ctx.base}${ctx.url.pathname}?${new URLSearchParams({ ...extraQuery, offset: String(at), limit: String(limit) })}`;
  return {
    href: link(offset),
    items: all.slice(offset, offset + limit).map(render),
    limit,
    next: offset + limit < all.length ? link(offset + limit) : null,
    offset,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
    total: all.length,
  };
}
