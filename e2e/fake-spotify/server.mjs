// A faithful fake of Spotify's accounts service and Web API, served on 127.0.0.1 for the tests only.
// The real hosts stay the defaults of the shipped app; only a test build points here.
//
// Today it answers GET /v1/me (the PrivateUserObject shape of the 2026 Web API, keyed on account_id) and
// Spotify's error shape for a missing or unknown token. The Spotify connection issue grows it into the
// accounts flow (authorize, token, refresh) and the sync endpoints.
import http from "node:http";

const HOST = "127.0.0.1";
const PORT = Number(process.env.FAKE_SPOTIFY_PORT ?? 8090);

/** Access tokens this fake accepts, with the user each belongs to. */
const tokens = new Map([
  ["test-access-token", { account_id: "fake-listener-1", display_name: "Test Listener" }],
]);

function send(res, status, body, extraHeaders = {}) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    // The Web API answers cross-origin calls from pages; the app calls it straight from the browser.
    "access-control-allow-origin": "*",
    ...extraHeaders,
  });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

/** Spotify's regular error object: {"error": {"status", "message"}}. */
function apiError(res, status, message) {
  send(res, status, { error: { status, message } });
}

function me(req, res) {
  const auth = req.headers.authorization ?? "";
  if (!auth.startsWith("Bearer ")) return apiError(res, 401, "No token provided");
  const user = tokens.get(auth.slice("Bearer ".length));
  if (!user) return apiError(res, 401, "Invalid access token");
  const id = user.account_id;
  send(res, 200, {
    account_id: id,
    display_name: user.display_name,
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    href: `https://api.spotify.com/v1/users/${id}`,
    id,
    images: [],
    type: "user",
    uri: `spotify:user:${id}`,
  });
}

const routes = {
  "GET /health": (_req, res) => send(res, 200, { ok: true }),
  "GET /v1/me": me,
};

const server = http.createServer((req, res) => {
  const path = new URL(req.url, `http://${HOST}`).pathname;
  if (req.method === "OPTIONS") {
    return send(res, 204, undefined, {
      "access-control-allow-methods": "GET, POST, PUT, DELETE",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
    });
  }
  const handler = routes[`${req.method} ${path}`];
  if (!handler) return apiError(res, 404, "Service not found");
  handler(req, res);
});

function stop() {
  server.close(() => process.exit(0));
  // Keep-alive sockets would hold close() open; the tests are done with them.
  server.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

server.listen(PORT, HOST, () => console.log(`fake Spotify listening on http://${HOST}:${PORT}`));
