// Evently's service worker: the dashboard's pages and hashed assets are kept as they are fetched, so a page
// opened once (the door's scanner) opens again without the network. The API is never cached: the pages
// handle its absence themselves (the scanner decides scans from its bundle and syncs them later).
const CACHE = 'evently-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (
    url.pathname.startsWith('/api/') ||
    url.pathname.startsWith('/health') ||
    url.pathname.startsWith('/docs')
  )
    return;
  if (event.request.mode === 'navigate') {
    // Pages: the network first (a new version shows at once), the kept shell without it.
    event.respondWith(
      fetch(event.request)
        .then((response) => {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put('/index.html', copy));
          return response;
        })
        .catch(() => caches.match('/index.html').then((kept) => kept || Response.error())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed assets never change under a name: kept the first time they are fetched.
    event.respondWith(
      caches.match(event.request).then(
        (kept) =>
          kept ||
          fetch(event.request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
            }
            return response;
          }),
      ),
    );
  }
});
