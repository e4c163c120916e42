/**
 * The door page's service worker, so a door helper can reload the page (or reopen the tab) with no connection:
 * it keeps the last copy of the door page (its scripts are inline, so the page is the whole shell) and answers
 * with it when the network does not. The guest list and the queue of check-ins stay in localStorage, where the
 * page's script keeps them; the list is never answered from this cache, so a reload never turns the phone's
 * newer list into an older one. Check-ins (POST) pass straight through: offline, the page queues them.
 *
 * One worker per door link: served at `/door/TOKEN/sw.js` and registered for the scope `/door/TOKEN` (the page's
 * own path, which the route allows with `Service-Worker-Allowed`). It reads its page from its scope, so the
 * script is a constant with nothing of the link in it. A revoked or expired link answers 404/410 from the
 * network, which is shown as it is and never cached.
 */
export const doorServiceWorker = `
const page = new URL(self.registration.scope).pathname.replace(/\\/+$/, "");
const cacheName = "rsvp-door-v1:" + page;

const keep = async (response) => {
  const cache = await caches.open(cacheName);
  await cache.put(page, response);
};

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const response = await fetch(page, { cache: "no-store", credentials: "omit" });
    if (response.ok) await keep(response);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if (name.startsWith("rsvp-door-") && name.endsWith(":" + page) && name !== cacheName) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname !== page) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      // Only the page itself is kept: a search (?q=) or an error is shown, not stored.
      if (response.ok && url.search === "") await keep(response.clone());
      return response;
    } catch (error) {
      const kept = await caches.match(page, { cacheName });
      if (kept) return kept;
      throw error;
    }
  })());
});
`;
