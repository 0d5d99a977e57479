/* book: the My workbook page. The build lists every answer the course asks for, each
   slot named as its control is; this fills them from what the browser keeps, and lists
   answers whose question the course no longer has, so none is ever dropped unseen. */
(function (W) {
  "use strict";

  function fill() {
    var book = document.querySelector(".wb-book");
    var saved = W.store.all();
    var known = {};
    book.querySelectorAll("[data-answer]").forEach(function (slot) {
      var name = slot.dataset.answer;
      var entry = saved[name];
      known[name] = true;
      if (slot.dataset.kind === "check") {
        var checked = !!entry && entry.v === true;
        slot.classList.toggle("wb-checked", checked);
        var said = slot.querySelector(".wb-sr");
        if (checked && !said) {
          said = document.createElement("span");
          said.className = "wb-sr";
          said.textContent = " (" + W.t("done_badge") + ")";
          slot.appendChild(said);
        } else if (!checked && said) {
          said.remove();
        }
      } else {
        slot.textContent = entry && typeof entry.v === "string" ? entry.v : "";
      }
    });
    var marks = W.data.lessons.map(function (id) { return W.data.done[id]; });
    marks.forEach(function (name) { known[name] = true; });
    var orphans = document.querySelector(".wb-orphans");
    var list = orphans.querySelector("dl");
    list.textContent = "";
    Object.keys(saved).sort().forEach(function (name) {
      if (known[name]) return;
      var term = document.createElement("dt");
      term.textContent = saved[name].q || name;
      var answer = document.createElement("dd");
      answer.textContent = saved[name].v === true ? "✓" : saved[name].v;
      list.appendChild(term);
      list.appendChild(answer);
    });
    orphans.hidden = !list.children.length;
    var empty = !Object.keys(saved).some(function (name) { return marks.indexOf(name) < 0; });
    document.querySelector(".wb-empty").hidden = !empty;
  }

  W.book = {
    fill: fill,
    init: function () {
      if (!document.querySelector(".wb-book")) return;
      document.querySelectorAll(".wb-transfer").forEach(function (box) { box.hidden = false; });
      fill();
      W.onStored(fill);  // answers typed in another tab
    },
  };
})(window.Workbook = window.Workbook || {});
