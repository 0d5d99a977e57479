/* `workbook serve` only: reload the page when the preview rebuilds. MkDocs injects an
   inline script for this, which the pages' policy blocks like any inline script; this is
   the same polling of MkDocs' /livereload/ address, from a file. The first answer gives
   the preview's current build; a later, newer one reloads. */
(function () {
  "use strict";
  var epoch = 0;
  var request = null;
  var id = String(Date.now());
  function poll() {
    if (request) return;
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var seen = parseFloat(this.responseText);
      var ok = this.status === 200;
      request = null;
      if (ok && epoch && seen > epoch) return location.reload();
      if (ok && seen) epoch = seen;
      setTimeout(poll, ok ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }
  window.addEventListener("load", poll);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll();
  });
})();
