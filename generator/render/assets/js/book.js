/* book: the My workbook page. The build lists every answer the course asks for, each
   slot named as its control is; this fills them from what the browser keeps, and lists
   answers whose question the course no longer has, so none is ever dropped unseen. */
(function (W) {
  "use strict";

  /* A kept date (yyyy-mm-dd, as a date field gives it) written out in the page's language. */
  function dateText(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return value;
    try {
      var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { dateStyle: "long", timeZone: "UTC" }).format(day);
    } catch (e) {
      return value;
    }
  }

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
      } else if (slot.dataset.kind === "pick") {
        // the option or point chosen; a value the course no longer offers is an orphan
        var chosen = entry && typeof entry.v === "string" ? entry.v : "";
        var found = false;
        slot.querySelectorAll("[data-value]").forEach(function (option) {
          option.hidden = option.dataset.value !== chosen;
          found = found || !option.hidden;
        });
        known[name] = found || !chosen;
      } else if (slot.dataset.kind === "date") {
        slot.textContent = entry && typeof entry.v === "string" ? dateText(entry.v) : "";
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

  /* "Print my workbook as a book": the handbook's pages (built into the page, inert in
     a template element) with every kept answer in its field, printed on their own. */
  function printBook() {
    var holder = document.querySelector(".wb-handbook");
    if (!holder) return;
    Array.prototype.slice.call(holder.children).forEach(function (child) {
      if (child.tagName !== "TEMPLATE") child.remove();  // the answers as they are now
    });
    var book = document.createElement("div");
    book.appendChild(holder.querySelector("template").content.cloneNode(true));
    var saved = W.store.all();
    book.querySelectorAll("[name]").forEach(function (control) {
      W.fields.show(control, saved[control.name] || null);
      // a printed field grows with its text (handbook.css.j2): at least its ruled lines
      if (control.tagName === "TEXTAREA") control.style.setProperty("--wb-lines", control.rows);
    });
    holder.appendChild(book);
    W.ringmap.init();  // the names typed for each ring, drawn on the map
    document.documentElement.classList.add("wb-book-printing");
    window.print();
  }

  W.book = {
    fill: fill,
    init: function () {
      if (!document.querySelector(".wb-book")) return;
      document.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("[data-action=print-book]")) printBook();
      });
      // the next print (the answer list) is the page as it is
      window.addEventListener("afterprint", function () {
        document.documentElement.classList.remove("wb-book-printing");
      });
      document.querySelectorAll(".wb-transfer").forEach(function (box) { box.hidden = false; });
      fill();
      W.onStored(fill);  // answers typed in another tab
    },
  };
})(window.Workbook = window.Workbook || {});
