/* Search from disk. Material's search runs in a web worker, which browsers refuse to
   start from file://; there this stands in for Worker and runs the worker's script in a
   hidden frame instead (the idea of the iframe-worker package). Unlike that package it
   writes no inline script into the frame, so the pages' Content Security Policy, which
   runs none, holds there too: the frame's set-up is the file beside this one. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var boot = document.currentScript.src.replace(/[^/]*$/, "file-worker-boot.js");

  function FileWorker(url) {
    var target = document.createDocumentFragment();
    var self = this;
    var frame = document.createElement("iframe");
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    frame.hidden = true;
    document.body.appendChild(frame);
    var win = frame.contentWindow;
    window.addEventListener("message", function (event) {
      if (event.source !== win) return;
      var message = new MessageEvent("message", { data: event.data });
      self.dispatchEvent(message);
      if (self.onmessage) self.onmessage(message);
    });
    var ready = new Promise(function (resolve) { frame.addEventListener("load", resolve); });
    var doc = win.document;
    doc.open();
    doc.write("<!doctype html><html><body></body></html>");
    doc.close();
    var address = new URL(String(url), location.href).href;
    [boot, address].forEach(function (src) {
      var script = doc.createElement("script");
      script.src = src;
      script.dataset.worker = address;
      script.async = false;  // in order: the set-up first
      doc.body.appendChild(script);
    });
    this.postMessage = function (data) {
      ready.then(function () {
        win.dispatchEvent(new win.MessageEvent("message", { data: structuredClone(data) }));
      });
    };
    this.terminate = function () { frame.remove(); };
  }
  window.Worker = FileWorker;
})();
