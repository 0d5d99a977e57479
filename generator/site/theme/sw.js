/* The site's service worker: the course kept in this browser for use without a
   connection. Served from the site's root, so that its scope is the whole site. The page
   (assets/workbook.js, offline) asks it to keep a language; it fetches that language's
   list (offline.json, written at build time) and every file on it into one cache named
   after the build, then answers every request it holds from there. A new build is a new
   version of this file: it installs beside the old one, fetches again what the reader
   kept, and waits until the reader reloads; then the old cache goes. No framework: the
   precaching that Workbox and Material's offline plugin do, for one list per language. */
"use strict";
var VERSION = "dev";  // the build's hash: this line is rewritten by the build
// a course's caches are named for its scope: two courses on one host (github.io/a/ and
// github.io/b/) share the origin's cache storage, and one must not clear the other's
var PREFIX = "workbook:" + self.registration.scope + ":";
var CACHE = PREFIX + VERSION;
var STALE = "another version: ";
var KEPT = new URL("__kept__/", self.registration.scope).href;  // what the reader keeps

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage(message); });
  });
}

/* Fetch the files one after another, a few at a time: a phone's connection is slow and
   the reader is using it. A file already kept for this version is not fetched again. */
function fetchAll(cache, urls) {
  var queue = urls.slice();
  function next() {
    var url = queue.shift();
    if (!url) return Promise.resolve();
    return cache.match(url).then(function (hit) {
      if (hit) return next();
      return fetch(new Request(url, { cache: "no-cache", credentials: "same-origin" }))
        .then(function (response) {
          if (!response.ok) throw new Error(response.status + " " + url);
          return cache.put(url, response);
        })
        .then(next);
    });
  }
  return Promise.all([next(), next(), next()]);
}

/* Keep a language (its list's address) and, if asked, its PDFs, in ``cacheName``. */
function keep(cacheName, list, pdfs) {
  return caches.open(cacheName).then(function (cache) {
    var marker = KEPT + encodeURIComponent(list);
    return cache.match(marker).then(function (hit) {
      return hit ? hit.json() : { pdfs: false, done: false };
    }).then(function (before) {
      pdfs = pdfs || before.pdfs;
      if (before.done && before.pdfs === pdfs) return pdfs;
      return fetch(new Request(list, { cache: "no-cache" }))
        .then(function (response) { return response.json(); })
        .then(function (files) {
          if (files.version !== VERSION) throw new Error(STALE + files.version);
          var base = new URL(list);
          var urls = files.pages.concat(pdfs ? files.pdfs : []).map(function (path) {
            return new URL(path, base).href;
          });
          return fetchAll(cache, urls);
        })
        .then(function () {
          var mark = JSON.stringify({ list: list, pdfs: pdfs, done: true });
          return cache.put(marker, new Response(mark, {
            headers: { "Content-Type": "application/json" } }));
        })
        .then(function () { return pdfs; });
    });
  });
}

/* What the reader kept in the caches of earlier versions. */
function keptBefore() {
  return caches.keys().then(function (names) {
    var older = names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    });
    return Promise.all(older.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) {
            return request.url.indexOf(KEPT) === 0;
          }).map(function (request) {
            return cache.match(request).then(function (hit) { return hit.json(); });
          }));
        });
      });
    }));
  }).then(function (lists) { return [].concat.apply([], lists); });
}

self.addEventListener("install", function (event) {
  event.waitUntil(keptBefore().then(function (kept) {
    if (!kept.length) return self.skipWaiting();  // nothing kept yet: nothing to replace
    return kept.reduce(function (done, item) {
      return done.then(function () { return keep(CACHE, item.list, item.pdfs); });
    }, Promise.resolve());
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "activate") {
    self.skipWaiting();
    return;
  }
  if (data.type !== "keep" || typeof data.list !== "string") return;
  var list = new URL(data.list, self.registration.scope);
  if (list.origin !== self.location.origin || list.href.indexOf(self.registration.scope) !== 0) {
    return;
  }
  event.waitUntil(keep(CACHE, list.href, !!data.pdfs).then(function (pdfs) {
    return tell({ type: "kept", list: list.href, pdfs: pdfs });
  }, function (error) {
    // the site has a newer build than this worker: the newer worker keeps it
    if (String(error.message).indexOf(STALE) === 0) return undefined;
    return tell({ type: "failed", list: list.href });
  }));
});

/* Requests inside the site: from the cache when kept (a page's ?h= search highlight and
   #anchor aside; a folder means its index.html), else from the network; a page that is
   neither kept nor reachable gets its language's "not found" page if that is kept. */
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.href.indexOf(self.registration.scope) !== 0) {
    return;
  }
  url.hash = "";
  url.search = "";
  if (url.pathname.slice(-1) === "/") url.pathname += "index.html";
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(url.href).then(function (hit) {
      if (hit) return hit;
      return fetch(request).catch(function (error) {
        if (request.mode !== "navigate") throw error;
        return notFound(cache, url).then(function (page) {
          if (!page) throw error;
          return page;
        });
      });
    });
  }));
});

function notFound(cache, url) {
  return cache.keys().then(function (requests) {
    var pages = requests.map(function (request) { return request.url; }).filter(function (href) {
      return /\/404\.html$/.test(href) && url.href.indexOf(href.slice(0, -8)) === 0;
    }).sort(function (a, b) { return b.length - a.length; });  // the nearest folder's
    return pages.length ? cache.match(pages[0]) : undefined;
  });
}
