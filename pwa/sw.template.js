// Attune's service worker. scripts/post-build.sh writes the build's VERSION and ASSETS in at build
// time, so every build has a different worker and the browser updates it.
// - install: precache every file of the build (app shell, wasm, workers, catalog assets);
// - activate: delete the caches of older builds, then take control of open pages;
// - fetch: page navigations network-first (the page as served when online; this build's precached copy
//   offline or when the host answers 404 or 5xx); the build's other files cache-first; anything else
//   (Spotify's API, other origins) untouched.
// A new worker waits until the page says so ("new version available, reload").
const VERSION = "__VERSION__";
const ASSETS = __ASSETS__;
const CACHE = `attune-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((n) => n.startsWith("attune-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

// The build's own pages other than the app shell (embed.html): a navigation to one is that page, never
// the shell.
const SHELL = new URL("./index.html", self.location).pathname;
const OTHER_PAGES = new Set(ASSETS.map((a) => new URL(a, self.location).pathname)
  .filter((p) => p.endsWith(".html") && p !== SHELL));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, and what the network says is shown as it is (a redirect, a login prompt); the
    // build's own copy of the page (the shell for the app's routes) stands in only offline, and for a
    // 404 (a host with no fallback to index.html for the app's routes) or a server error. Nothing
    // fetched is ever stored in place of the shell: a 404 page or embed.html once became the offline app.
    const page = OTHER_PAGES.has(url.pathname) ? url.pathname : SHELL;
    const kept = () => caches.match(page, { cacheName: CACHE });
    event.respondWith(
      fetch(request)
        .then(async (response) => (response.status === 404 || response.status >= 500 ? (await kept()) ?? response : response))
        .catch(async () => (await kept()) ?? Response.error()),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true })
      .then((cached) => cached ?? fetch(request)),
  );
});
