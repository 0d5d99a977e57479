/* main: start every part once the page is read. Without storage the page still works
   as a form, and says that answers will not be kept. */
(function (W) {
  "use strict";
  function start() {
    if (!W.data) return;
    W.materials.init();  // the facilitators' pages need no storage
    W.customplan.init();
    if (!W.store.available()) {
      document.querySelectorAll(".wb-online-note").forEach(function (note) {
        note.textContent = W.t("storage_unavailable");
        note.hidden = false;
      });
      return;
    }
    document.querySelectorAll(".wb-online-note").forEach(function (note) { note.hidden = false; });
    W.store.init();
    W.fields.init();
    W.ringmap.init();
    W.progress.init();
    W.book.init();
    W.transfer.init();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window.Workbook = window.Workbook || {});
