/* Inside the frame file-worker.js makes: what a worker's script expects of its global
   scope. postMessage answers the page; importScripts loads scripts one after another
   (and returns a promise, which Material's search worker waits for). */
(function () {
  "use strict";
  var base = document.currentScript.dataset.worker;  // as in a worker: against its script
  window.postMessage = function (data) { parent.postMessage(data, "*"); };
  window.importScripts = function () {
    return [].slice.call(arguments).reduce(function (done, src) {
      return done.then(function () {
        return new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = new URL(src, base).href;
          script.onload = resolve;
          script.onerror = reject;
          document.body.appendChild(script);
        });
      });
    }, Promise.resolve());
  };
})();
