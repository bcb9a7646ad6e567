// Medborgarlöfte service worker: keeps the officer pages usable with no network at all.
//
// It is registered as /sw.js?v=<hash of the built assets>, so every deploy installs a new worker whose
// cache is named after that hash, and the old caches are removed when it takes over. Officer pages and
// the app's assets are fetched from the network first and kept; with no network the kept copy is served.
// Public pages are never intercepted: they work the same with or without this worker.
// Signing out ends on /logga-in?utloggad: the kept officer pages (which carry the officer's name) are then
// removed, so whoever picks up the phone next cannot read them offline. The queue in localStorage stays.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = `lofte-shell-${VERSION}`;
const PAGES = ['/rapportera', '/rapportera/mote', '/rapportera/aktivitet', '/rapportera/ko'];
const ASSETS = ['/pkg/lofte.js', '/pkg/lofte.wasm', '/pkg/lofte.css', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];
const OFFICER_PAGE = /^\/rapportera(\/|$)/;
const PKG = '/pkg/';

// A page is kept only when it is the real page: not a sign-in prompt (401) or a redirect.
function keepable(response) {
  return response.ok && !response.redirected && response.type === 'basic';
}

// The parts of the WASM that the build split off to load when first needed (the queue page's island), as
// its manifest names them, and the script that loads them: kept with the rest, so that a page opened
// offline finds them too. None when the build split nothing off.
async function lazyAssets() {
  try {
    const response = await fetch(`${PKG}__wasm_split_manifest.json`, { cache: 'no-store' });
    if (!response.ok) return [];
    const chunks = Object.values(await response.json()).flat();
    return [`${PKG}__wasm_split.______________________.js`, ...new Set(chunks.map((name) => `${PKG}${name}.wasm`))];
  } catch (_) {
    return [];
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // One by one, so that a page that cannot be had now does not fail the whole install.
    const keep = async (url) => {
      try {
        const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
        if (keepable(response)) await cache.put(url, response);
      } catch (_) {
        // Offline during install: the page is kept the next time it is visited online.
      }
    };
    await Promise.all([
      ...[...PAGES, ...ASSETS].map(keep),
      lazyAssets().then((urls) => Promise.all(urls.map(keep))),
    ]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('lofte-shell-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (keepable(response)) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(key);
    if (kept) return kept;
    if (request.mode === 'navigate') {
      return new Response(
        '<!DOCTYPE html><html lang="sv"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
          '<title>Ingen anslutning</title><h1>Ingen anslutning</h1>' +
          '<p>Sidan är inte sparad på enheten ännu. Öppna den en gång med täckning, så fungerar den sedan utan.</p>',
        { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    }
    throw error;
  }
}

async function forgetOfficerPages() {
  for (const key of await caches.keys()) {
    if (key.startsWith('lofte-shell-')) await caches.delete(key);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.searchParams.has('utloggad')) {
    event.waitUntil(forgetOfficerPages());
    return;
  }
  if (request.mode === 'navigate' && OFFICER_PAGE.test(url.pathname)) {
    // Kept per page, whatever its query string (?ratta=…, ?sparad=…).
    event.respondWith(networkFirst(request, url.pathname));
  } else if (ASSETS.includes(url.pathname) || url.pathname.startsWith(PKG)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
