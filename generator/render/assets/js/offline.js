/* offline: the course kept in this browser for use without a connection, over http(s)
   only (from file:// the files are already on the reader's disk). Once a page has
   loaded, the service worker (sw.js, at the site's root) is asked to keep this page's
   language: every page, worksheet, search index and font of it, fetched in the
   background. With the browser's data saver on, the reader is asked first. The PDFs are
   kept only when the reader asks. A new build of the site is a new version: the reader
   is told, and reloads when they choose. What to keep and its sizes were worked out at
   build time (offline.json beside each language's pages). */
(function (W) {
  "use strict";
  var ASKED = "wb-offline-asked";  // the reader said yes on a data-saving connection
  var box = null;

  function say(text) {
    var status = box.querySelector(".wb-offline-status");
    status.textContent = text || "";
  }

  function button(name) {
    return box.querySelector("[data-offline=" + name + "]");
  }

  function post(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function keep(pdfs) {
    say(W.t("offline_saving"));
    post({ type: "keep", list: new URL(box.dataset.list, location.href).href, pdfs: !!pdfs });
  }

  function remembered() {
    try { return localStorage.getItem(ASKED) === "1"; } catch (e) { return false; }
  }

  function remember() {
    try { localStorage.setItem(ASKED, "1"); } catch (e) { /* asked again next time */ }
  }

  /* The worker's news: how far it is, done, failed; and the PDFs kept or not. */
  function heard(event) {
    var data = event.data || {};
    if (data.list && data.list !== new URL(box.dataset.list, location.href).href) return;
    var pdfs = button("pdfs");
    if (data.type === "progress") say(W.t("offline_saving"));
    if (data.type === "kept") {
      say(W.t(data.pdfs ? "offline_pdfs_ready" : "offline_ready"));
      button("keep").hidden = true;
      if (pdfs) pdfs.hidden = !!data.pdfs;
    }
    if (data.type === "failed") {
      say(W.t("offline_failed"));
      if (pdfs) pdfs.hidden = false;
    }
  }

  /* A new version waiting: a line at the foot of the screen with a button to reload. */
  function offerUpdate(worker) {
    var holder = document.querySelector(".wb-banners");
    if (!holder) {
      holder = document.createElement("div");
      holder.className = "wb-banners wb-noprint";
      document.body.appendChild(holder);
    }
    if (holder.querySelector(".wb-offline-update")) return;
    var line = document.createElement("p");
    line.className = "wb-offline-update";
    line.setAttribute("role", "status");
    line.textContent = W.t("offline_update") + " ";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.className = "md-button md-button--primary";
    reload.textContent = W.t("offline_reload");
    reload.addEventListener("click", function () {
      worker.postMessage({ type: "activate" });
    });
    line.appendChild(reload);
    holder.appendChild(line);
  }

  function watchInstall(worker) {
    if (!worker) return;
    worker.addEventListener("statechange", function () {
      if (worker.state === "installed" && navigator.serviceWorker.controller) {
        offerUpdate(worker);
      }
    });
  }

  function watchUpdates(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) {
      offerUpdate(registration.waiting);
    }
    watchInstall(registration.installing);  // found before this page listened
    registration.addEventListener("updatefound", function () {
      watchInstall(registration.installing);
    });
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (reloading || !W.offlineUpdating) return;
      reloading = true;
      location.reload();
    });
  }

  function start() {
    box = document.querySelector(".wb-offline");
    if (!box || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) return;
    if (!W.data) return;
    box.hidden = false;
    navigator.serviceWorker.addEventListener("message", heard);
    var pdfs = button("pdfs");
    if (pdfs) {
      pdfs.hidden = false;
      pdfs.addEventListener("click", function () { pdfs.hidden = true; keep(true); });
    }
    button("keep").addEventListener("click", function () {
      remember();
      button("keep").hidden = true;
      keep(false);
    });
    // the reload button's worker takes over, then the page reloads once
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".wb-offline-update button")) {
        W.offlineUpdating = true;
      }
    }, true);
    navigator.serviceWorker.register(box.dataset.worker, { scope: box.dataset.scope })
      .then(function (registration) {
        watchUpdates(registration);
        var connection = navigator.connection;
        if (connection && connection.saveData && !remembered()) {
          say(W.t("offline_ask"));
          button("keep").hidden = false;
          return;
        }
        keep(false);
      })
      .catch(function () { box.hidden = true; });
  }

  /* after the page and what it shows have loaded, and the browser is idle: the first
     visit's own downloads come first */
  function later() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 1000);
  }
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})(window.Workbook = window.Workbook || {});
