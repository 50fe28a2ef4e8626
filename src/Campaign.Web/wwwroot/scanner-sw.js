// Service worker for the door scanner (registered with scope /checkin/ or /door/ only). It keeps the scanner's shell
// page and static files, never an API answer and never a response marked no-store, so the scanner opens with no
// network once it was opened online. Navigations go to the network first; with no answer in time, the shell.
const CACHE = 'campaign-door-v2';
const SHELL = '/scanner-shell';
const MODULES = [
  '/js/scanner.js', '/js/ticket-check.js', '/js/door/api.js', '/js/door/store.js', '/js/door/package.js',
  '/js/door/queue.js', '/js/door/verdict.js', '/js/door/camera.js', '/js/door/search.js', '/js/door/counts.js',
  '/js/door/walk-in.js',
];
const STATIC = /^\/(?:js|lib|css|img)\//;
const NAVIGATION_TIMEOUT_MS = 4000;

const cacheable = response => response && response.ok && response.type === 'basic'
  && !/no-store/i.test(response.headers.get('Cache-Control') || '');

const fill = async () => {
  const cache = await caches.open(CACHE);
  // Without cookies: the shell is the same for everyone and carries no account.
  const shell = await fetch(SHELL, { cache: 'no-store', credentials: 'omit' });
  if (!cacheable(shell)) return;
  const html = await shell.clone().text();
  await cache.put(SHELL, shell);
  const assets = [...html.matchAll(/(?:src|href)="(\/(?:js|lib|css|img)\/[^"]+)"/g)].map(m => m[1].replace(/&amp;/g, '&'));
  await Promise.all([...new Set([...assets, ...MODULES])].map(async url => {
    const response = await fetch(url, { cache: 'no-cache' });
    if (cacheable(response)) await cache.put(url, response);
  }));
};

self.addEventListener('install', event => {
  event.waitUntil(fill().then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

const withTimeout = (promise, ms) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('timeout')), ms);
  promise.then(r => { clearTimeout(timer); resolve(r); }, e => { clearTimeout(timer); reject(e); });
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The scanner page itself is no-store (it carries the door): never kept; the shell stands in for it offline.
    event.respondWith(withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS).catch(async () => (await caches.match(SHELL)) || Response.error()));
    return;
  }
  if (!STATIC.test(url.pathname)) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (cacheable(response)) {
        const cache = await caches.open(CACHE);
        await cache.put(request, response.clone());
      }
      return response;
    } catch {
      return (await caches.match(request)) || (await caches.match(url.pathname, { ignoreSearch: true })) || Response.error();
    }
  })());
});
