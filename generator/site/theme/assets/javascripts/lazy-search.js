/* search loads when the reader first reaches for it, not with every
   page. Material starts its search worker and fetches the whole search index as soon as
   a page opens over http (from file:// it already waits until search is opened); on
   mobile data that is a third of a first visit. This holds both back until the search
   box is focused, its icon tapped, or a search key pressed, then lets them through.
   The same for the sitemaps Material's language selector fetches, one per language, on
   every page: held back until the reader reaches for the selector (its links go to the
   page in the other language without them).
   From file://, where browsers start no worker, it loads the file-worker.js shim that
   stands in for one, before search needs it; over http(s) that file is never fetched.
   Runs deferred in the page head, before Material's (deferred) bundle. */
(function () {
  "use strict";
  if (location.protocol === "file:") {
    fileWorker();
    return;
  }
  if (!window.XMLHttpRequest || !window.Worker) return;

  var waiting = [];
  var opened = false;
  function open() {
    if (opened) return;
    opened = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  function whenOpened(go) {
    if (opened) go(); else waiting.push(go);
  }

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) open();
  });
  document.addEventListener("pointerdown", function (event) {
    if (event.target.closest && event.target.closest("label[for='__search'], .md-search")) open();
  }, true);
  document.addEventListener("keydown", function (event) {
    var typing = event.target.closest && event.target.closest("input, textarea, select");
    if (!typing && ["/", "s", "S", "f", "F"].indexOf(event.key) >= 0) open();
  }, true);

  var sitemaps = [];
  var selecting = false;
  function select() {
    if (selecting) return;
    selecting = true;
    sitemaps.splice(0).forEach(function (go) { go(); });
  }
  ["pointerdown", "pointerover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target.closest && event.target.closest(".md-select")) select();
    }, true);
  });

  /* The index and the sitemaps: Material requests them with XMLHttpRequest. */
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.wbSearchIndex = /\/search\/search_index\.json$/.test(String(url));
    this.wbSitemap = /\/sitemap\.xml$/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (xhr.wbSitemap && !selecting) {
      sitemaps.push(function () { xhrSend.apply(xhr, args); });
      return;
    }
    if (!xhr.wbSearchIndex) return xhrSend.apply(xhr, args);
    whenOpened(function () { xhrSend.apply(xhr, args); });
  };

  /* The worker (and the lunr files it loads): made when search opens. */
  var RealWorker = window.Worker;
  window.Worker = laterWorker(whenOpened, function (url, options) {
    return new RealWorker(url, options);
  });

  /* From file://: the shim, loaded beside this file; Material makes its worker only once
     search opens there, and a worker asked for before the shim has come waits for it. */
  function fileWorker() {
    var script = document.createElement("script");
    script.src = document.currentScript.src.replace(/[^/]*$/, "file-worker.js");
    var loaded = new Promise(function (resolve) { script.onload = resolve; });
    document.head.appendChild(script);
    // a worker asked for before the shim has come is made once it has: the shim's, by then
    window.Worker = laterWorker(function (go) { loaded.then(go); }, function (url, options) {
      return new window.Worker(url, options);
    });
  }

  /* A stand-in for a Worker made later, once ``ready`` calls back: messages sent to it
     before then are queued, and its worker's events are passed on. */
  function laterWorker(ready, make) {
    return function (url, options) {
      var target = document.createDocumentFragment();
      var self = this;
      var queue = [];
      var worker = null;
      this.addEventListener = target.addEventListener.bind(target);
      this.removeEventListener = target.removeEventListener.bind(target);
      this.dispatchEvent = target.dispatchEvent.bind(target);
      this.postMessage = function (message) {
        if (worker) worker.postMessage(message); else queue.push(message);
      };
      this.terminate = function () { if (worker) worker.terminate(); queue = []; };
      ready(function () {
        worker = make(url, options);
        ["message", "error", "messageerror"].forEach(function (type) {
          worker.addEventListener(type, function (event) {
            var copy = type === "error" ? new ErrorEvent("error", { message: event.message })
              : new MessageEvent(type, { data: event.data });
            self.dispatchEvent(copy);
            if (typeof self["on" + type] === "function") self["on" + type](copy);
          });
        });
        queue.splice(0).forEach(function (message) { worker.postMessage(message); });
      });
    };
  }
})();
