/* Network Workbook: search loads when the reader first reaches for it, not with every
   page. Material starts its search worker and fetches the whole search index as soon as
   a page opens over http (from file:// it already waits until search is opened); on
   mobile data that is a third of a first visit. This holds both back until the search
   box is focused, its icon tapped, or a search key pressed, then lets them through.
   Runs in the page head, before Material's bundle. */
(function () {
  "use strict";
  if (location.protocol === "file:" || !window.XMLHttpRequest || !window.Worker) return;

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

  /* The index: Material requests it with XMLHttpRequest. */
  var xhrOpen = XMLHttpRequest.prototype.open;
  var xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.wbSearchIndex = /\/search\/search_index\.json$/.test(String(url));
    return xhrOpen.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    var args = arguments;
    if (!xhr.wbSearchIndex) return xhrSend.apply(xhr, args);
    whenOpened(function () { xhrSend.apply(xhr, args); });
  };

  /* The worker (and the lunr files it loads): made when search opens; messages sent to
     it before then are queued. */
  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
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
    this.terminate = function () {
      if (worker) worker.terminate();
      queue = [];
    };
    whenOpened(function () {
      worker = new RealWorker(url, options);
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
  }
  window.Worker = LazyWorker;
})();
