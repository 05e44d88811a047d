// Attune's service worker. scripts/service-worker.sh writes the build's VERSION and ASSETS in at build
// time, so every build has a different worker and the browser updates it.
// - install: precache every file of the build (app shell, wasm, workers, catalog assets);
// - activate: delete the caches of older builds, then take control of open pages;
// - fetch: page navigations network-first (a fresh index.html when online, the cached one offline);
//   the build's own files cache-first; anything else (Spotify's API, other origins) untouched.
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

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put("./index.html", copy));
          return response;
        })
        .catch(() => caches.match("./index.html", { cacheName: CACHE })),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { cacheName: CACHE, ignoreSearch: true })
      .then((cached) => cached ?? fetch(request)),
  );
});
