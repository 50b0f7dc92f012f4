// Turnaki's service worker: keeps the app shell so the app opens offline and installs.
//
// Two placeholders are filled in by scripts/build-frontend.sh (with sed) when it builds
// frontend/dist. They are written here with spaces, "/ *SHELL* /" and "/ *VERSION* /",
// so that sed leaves this comment alone; in the code below they have none:
//   SHELL    inside the SHELL array: the quoted paths of every file of the build, "/"
//            first, including the content-hashed patient bundle and styles, but not the
//            staff bundles: patients never need them, and staff get theirs cached on
//            first use.
//   VERSION  inside the CACHE name: a hash of the build, so each release gets its own
//            cache and the previous one is deleted on activate.
// Served unbuilt (as in development) both stay as they are: the shell list is empty and
// the cache name constant, which is still valid JavaScript.
//
// Strategy: navigations go to the network first and fall back to the cached index.html
// when offline; other same-origin files are hashed and never change, so the cache
// answers them first. API answers (/v1/), /config.json and /health must always be fresh
// and are never cached.

const CACHE = "turnaki-/*VERSION*/";
const SHELL = [/*SHELL*/];

/** Whether a same-origin path must always come from the network. */
function alwaysFresh(path) {
  return path.startsWith("/v1/") || path === "/config.json" || path === "/health";
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.filter((path) => !alwaysFresh(path))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith("turnaki-") && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Other origins (a separate API host, Cognito) and fresh-only paths go straight to the network.
  if (url.origin !== self.location.origin || alwaysFresh(url.pathname)) return;

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match("/index.html", { cacheName: CACHE }).then((shell) => shell || Response.error()),
      ),
    );
    return;
  }

  event.respondWith(
    caches.match(request, { cacheName: CACHE }).then(
      (cached) =>
        cached ||
        fetch(request).then((response) => {
          // Only whole, same-origin answers are kept: a partial or failed one would stick.
          if (response.ok && response.status === 200 && response.type === "basic") {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        }),
    ),
  );
});
