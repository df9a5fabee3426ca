/*
 * Vigil's service worker: the field app opens without signal. It keeps the app's page and every file the
 * build made (the lazily loaded pages too, found by following the page's and the scripts' references), so
 * a patrol opened in a basement works as it did upstairs. API answers are not cached, save one: who is
 * signed in (/api/auth/me, kept per token), without which the app would send a phone with no signal to
 * the sign-in page. The app keeps its own copy of what it read, and its writes wait in its own queue
 * (IndexedDB) with their Idempotency-Keys.
 */
const CACHE = 'vigil-app-v2';
const SHELL = ['/', '/index.html', '/manifest.webmanifest', '/icon.svg'];
/** A new page is waited for this long before the kept one is shown (a weak signal is worse than none). */
const NAVIGATION_TIMEOUT_MS = 4000;
const ME = '/api/auth/me';
/** Never through the cache: the API, the live feed, the worker itself. */
const BYPASS = ['/api/', '/socket.io/', '/sw.js'];
/**
 * The CJK fallback face (8 MB) is kept once a page has asked for it: only a machine without a Chinese font
 * asks, and without it that machine would show boxes for every Chinese word while offline.
 */
const FONTS = '/fonts/';

/** The build's files a text names: "/assets/x.js" in the page, "assets/x.js" and "./x.js" inside the scripts. */
function referencedAssets(text, base) {
  const found = new Set();
  for (const m of text.matchAll(/["'`(](?:\/|\.\/|\.\.\/)?(assets\/[\w.-]+\.(?:js|css|svg|png|jpg|woff2?|ttf|otf))/g)) found.add(`/${m[1]}`);
  if (base.startsWith('/assets/')) for (const m of text.matchAll(/["'`]\.\/([\w.-]+\.(?:js|css))["'`]/g)) found.add(`/assets/${m[1]}`);
  return found;
}

/** Every file reachable from the page: the entry script names the lazily loaded pages' chunks and styles. */
async function assetClosure(html) {
  const cache = await caches.open(CACHE);
  const seen = new Set();
  const todo = [...referencedAssets(html, '/')];
  while (todo.length > 0) {
    const path = todo.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    if (!path.endsWith('.js') && !path.endsWith('.css')) continue;
    // a kept file is read from the cache: only a new build's files cross the network
    let res = await cache.match(path);
    if (!res) {
      res = await fetch(path);
      if (!res.ok) continue;
      await cache.put(path, res.clone());
    }
    for (const next of referencedAssets(await res.text(), path)) if (!seen.has(next)) todo.push(next);
  }
  return seen;
}

/** Keeps the page and its files; drops the files of earlier builds. */
async function keepShell(html) {
  const cache = await caches.open(CACHE);
  const closure = await assetClosure(html);
  await Promise.all([...closure].map(async (path) => ((await cache.match(path)) ? undefined : cache.add(path).catch(() => undefined))));
  for (const req of await cache.keys()) {
    const path = new URL(req.url).pathname;
    if (path.startsWith('/assets/') && !closure.has(path)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.map((path) => new self.Request(path, { cache: 'no-store' })));
      const page = await cache.match('/index.html');
      if (page) await keepShell(await page.text()).catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = self.setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        self.clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        self.clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** The page: a new one from the network when it comes in time (and its files kept), else the kept one. */
async function page(event) {
  const cache = await caches.open(CACHE);
  try {
    const res = await withTimeout(fetch(event.request), NAVIGATION_TIMEOUT_MS);
    if (res.ok) {
      const copy = res.clone();
      event.waitUntil(
        (async () => {
          const html = await copy.text();
          await cache.put('/index.html', new self.Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }));
          await keepShell(html);
        })().catch(() => undefined),
      );
    }
    return res;
  } catch {
    return (await cache.match('/index.html')) ?? self.Response.error();
  }
}

/** The build's files never change under their hashed names (nor the font under its name): the kept copy is the file. */
async function asset(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

/** The manifest and the icon: the kept copy at once, refreshed behind it. */
async function staleWhileRevalidate(event) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  const fresh = fetch(event.request)
    .then(async (res) => {
      if (res.ok) await cache.put(event.request, res.clone());
      return res;
    })
    .catch(() => null);
  if (hit) {
    event.waitUntil(fresh);
    return hit;
  }
  return (await fresh) ?? self.Response.error();
}

/** Who is signed in with this token, as last answered: the network's answer when there is one, else the kept one. */
async function me(request) {
  const digest = await self.crypto.subtle.digest('SHA-256', new self.TextEncoder().encode(request.headers.get('authorization') ?? ''));
  const key = `/__vigil/me/${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  const cache = await caches.open(CACHE);
  let res;
  try {
    res = await fetch(request);
  } catch {
    return (await cache.match(key)) ?? self.Response.error();
  }
  if (res.ok) await cache.put(key, res.clone());
  else if (res.status === 401) await cache.delete(key);
  return res;
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === ME) return event.respondWith(me(event.request));
  if (BYPASS.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (event.request.mode === 'navigate' || url.pathname === '/' || url.pathname === '/index.html') event.respondWith(page(event));
  else if (url.pathname.startsWith('/assets/') || url.pathname.startsWith(FONTS)) event.respondWith(asset(event.request));
  else event.respondWith(staleWhileRevalidate(event));
});
