/* global self, caches, fetch, URL, Response, setTimeout */
// Kezek service worker: keeps a page (the kiosk, or with `?shell=/me` the attendee's phone) and
// its assets so that a reload without network still opens it. API calls are never cached: the
// kiosk keeps its own outbox, the phone its last day.
const SHELL = new URL(self.location.href).searchParams.get('shell') === '/me' ? '/me' : '/kiosk';
const FAMILY = `kezek-${SHELL.slice(1)}-`;
const CACHE = `${FAMILY}v1`;

async function precache() {
  const cache = await caches.open(CACHE);
  const res = await fetch(SHELL, { cache: 'no-store' });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  // The hashed assets the page names; the decoder's .wasm is added when the page first loads it.
  const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll([...new Set(urls)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      // Only this page's older caches: the other page's worker keeps its own.
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(FAMILY) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** Network first with a short limit for the page (fresh after an update), the copy when offline. */
async function page(request) {
  const cache = await caches.open(CACHE);
  try {
    const res = await Promise.race([
      fetch(request),
      new Promise((_, reject) => setTimeout(() => reject(new Error('slow network')), 3000)),
    ]);
    if (res.ok) await cache.put(SHELL, res.clone());
    return res;
  } catch {
    return (await cache.match(SHELL)) ?? new Response('Offline', { status: 503 });
  }
}

/** Hashed assets never change: the cached copy, else the network (kept for next time). */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === SHELL) event.respondWith(page(event.request));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(event.request));
});

// The page names what it loaded before this worker took control (the .wasm among them).
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.cache;
  if (!Array.isArray(urls)) return;
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/')).map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => {})))),
    ),
  );
});
