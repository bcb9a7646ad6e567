// Medborgarlöfte service worker: keeps the officer pages usable with no network at all.
//
// It is registered as /sw.js?v=<hash of the built assets>, so every deploy installs a new worker whose
// cache is named after that hash, and the old caches are removed when it takes over. Officer pages and
// the app's assets are fetched from the network first and kept; with no network the kept copy is served.
// Public pages are never intercepted: they work the same with or without this worker.
// The kept officer pages carry the officer's name, so they are removed whenever that officer is no longer
// the one signed in, and whoever picks up the phone next cannot read them offline: on signing out (which
// ends on /logga-in?utloggad, or DELETE /api/v1/session), on any sign-in, when an officer page comes back
// 401 or without an officer (the session ended), and when it names another officer than the kept ones did
// (the X-Lofte-Officer header). A page whose address carries a refused form (__err, __path) is never kept.
// Requests that write are only watched, never answered by the worker: they reach the network as the page
// sent them. The queue in localStorage stays.

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = `lofte-shell-${VERSION}`;
const PAGES = ['/rapportera', '/rapportera/mote', '/rapportera/aktivitet', '/rapportera/ko'];
const ASSETS = ['/pkg/lofte.js', '/pkg/lofte.wasm', '/pkg/lofte.css', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];
const OFFICER_PAGE = /^\/rapportera(\/|$)/;
const PKG = '/pkg/';
// Where the officer the kept pages belong to is noted, in the same cache.
const OFFICER_KEY = '/__kept-for-officer';
const OFFICER_HEADER = 'x-lofte-officer';
// Requests that sign someone in or out.
const SESSION_CHANGE = /^\/api\/(v1\/session|login|logout)/;

// A page is kept only when it is the real page: not a sign-in prompt (401) or a redirect, and not a page
// sent back with a refused form in its address.
function keepable(response, url) {
  return (
    response.ok &&
    !response.redirected &&
    response.type === 'basic' &&
    !(url && (url.searchParams.has('__err') || url.searchParams.has('__path')))
  );
}

// Before an officer page is kept: if it names no officer (the session ended) or another officer than the
// pages kept so far, those go. Whether the page may be kept.
async function noteOfficer(cache, response) {
  const officer = response.headers.get(OFFICER_HEADER);
  if (!officer) {
    await forgetOfficerPages();
    return false;
  }
  const kept = await cache.match(OFFICER_KEY);
  if (kept && (await kept.text()) !== officer) await forgetOfficerPages();
  await (await caches.open(CACHE)).put(OFFICER_KEY, new Response(officer));
  return true;
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
        if (!keepable(response)) return;
        if (OFFICER_PAGE.test(url) && !(await noteOfficer(cache, response))) return;
        await cache.put(url, response);
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
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    if (response.status === 401) {
      await forgetOfficerPages();
    } else if (keepable(response, url)) {
      const officerPage = OFFICER_PAGE.test(url.pathname);
      if (!officerPage || (await noteOfficer(cache, response))) {
        await (await caches.open(CACHE)).put(key, response.clone());
      }
    }
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
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // A sign-in or sign-out: whoever is signed in next, the kept pages are not theirs.
    if (SESSION_CHANGE.test(url.pathname)) event.waitUntil(forgetOfficerPages());
    return;
  }
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
