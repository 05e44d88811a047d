// Serves the built app (../dist) on 127.0.0.1 the way a static host does: files as they are, and
// index.html for any other path so that deep links into the app's routes work.
import http from "node:http";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HOST = "127.0.0.1";
const PORT = Number(process.env.DIST_PORT ?? 8081);
const ROOT = path.resolve(fileURLToPath(new URL(process.env.DIST_DIR ?? "../dist", import.meta.url)));
// The path the build was made for (`trunk build --public-url /attune/`): "" at the root.
const PREFIX = process.env.PREFIX ?? "";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

// What a static host should send (README, "Hosting"): the widget's files may be loaded by any page; the
// iframe form may be framed by any page; the app itself by none.
const SHARED_WITH_ANY_PAGE = /^\/(widget\.js|widget\/|catalog\/)/;
// (Strict-Transport-Security is left out: it means nothing over plain http on 127.0.0.1.)
const NO_CACHE = /(^|\/)(index\.html|sw\.js|embed\.html)$/;
function headersFor(urlPath, file) {
  const headers = { "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };
  if (NO_CACHE.test(file)) headers["cache-control"] = "no-cache";
  if (SHARED_WITH_ANY_PAGE.test(urlPath)) headers["access-control-allow-origin"] = "*";
  if (file.endsWith("embed.html")) headers["content-security-policy"] = "frame-ancestors *";
  else if (file.endsWith(".html")) headers["content-security-policy"] = "frame-ancestors 'none'";
  return headers;
}

async function readFile(urlPath) {
  const file = path.join(ROOT, path.normalize(decodeURIComponent(urlPath)));
  if (!file.startsWith(ROOT)) return null; // no escaping the dist folder with ../
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? { file, body: await fs.readFile(file) } : null;
  } catch {
    return null;
  }
}

const server = http.createServer(async (req, res) => {
  const fullPath = new URL(req.url, `http://${HOST}`).pathname;
  if (fullPath === "/health") return res.writeHead(200).end("ok");
  if (!fullPath.startsWith(`${PREFIX}/`)) return res.writeHead(404).end(`this host serves Attune under ${PREFIX}/`);
  const urlPath = fullPath.slice(PREFIX.length);
  const found = (await readFile(urlPath)) ?? (await readFile("/index.html"));
  if (!found) {
    res.writeHead(500).end("dist/ has no index.html: run trunk build first");
    return;
  }
  res.writeHead(200, { "content-type": TYPES[path.extname(found.file)] ?? "application/octet-stream",
    ...headersFor(urlPath, found.file) });
  res.end(found.body);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

server.listen(PORT, HOST, () => console.log(`serving ${ROOT} on http://${HOST}:${PORT}`));
