/* customplan: the Plan-your-own-session page. The build worked out an agenda for every
   length, with and without a break (generator/render/plans.py); this shows the one chosen,
   with its clock times from the start chosen, and keeps the choice in the address
   (?minutes=120&start=13:30&break=1, beside the participants materials.js keeps) so it
   can be bookmarked or sent; it links to the deck of that agenda and shows the teaching
   notes of its lessons, in its versions, to print with it. The address is
   read as numbers and clock times only, never put into a selector; a value it cannot
   use falls back to the default, and the page says so. */
(function (W) {
  "use strict";
  var DEFAULT_START = 9 * 60;

  function clock(total) {
    var h = Math.floor(total / 60) % 24;
    var m = total % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  /* Minutes past midnight of "HH:MM", or null if it is not a time of day. */
  function timeOf(value) {
    var match = /^(\d{1,2}):(\d{2})$/.exec(value || "");
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
    return Number(match[1]) * 60 + Number(match[2]);
  }

  /* The agenda built for this length and break, found by comparing its data values. */
  function agenda(length, withBreak) {
    var found = null;
    document.querySelectorAll(".wb-custom-agenda").forEach(function (section) {
      if (section.dataset.minutes === length && section.dataset["break"] === withBreak) {
        found = section;
      }
    });
    return found;
  }

  function show(form) {
    var length = form.minutes.value;
    var wantBreak = form["break"].checked;
    var start = timeOf(form.start.value);
    if (start === null) start = DEFAULT_START;
    var pick = agenda(length, wantBreak ? "1" : "0");
    var noBreak = !pick && wantBreak;
    if (noBreak) pick = agenda(length, "0");
    document.querySelector(".wb-no-break").hidden = !noBreak;
    document.querySelectorAll(".wb-custom-agenda").forEach(function (section) {
      section.hidden = section !== pick;
    });
    if (!pick) return;
    var at = start;
    pick.querySelectorAll("tbody tr[data-minutes]").forEach(function (row) {
      var end = at + Number(row.dataset.minutes);
      row.querySelector(".wb-clock").textContent = clock(at) + "–" + clock(end);
      at = end;
    });
    var total = pick.querySelector("tfoot th");
    if (total) total.textContent = total.textContent.replace(/\(.*\)/, "(" + clock(start) +
      "–" + clock(at) + ")");
    var plan = "minutes=" + length + "&start=" + clock(start) + (wantBreak ? "&break=1" : "");
    W.keepInAddress({ minutes: length, start: clock(start), "break": wantBreak ? "1" : null });
    // the deck of this agenda: the same choice in its address, so it opens from file:// too
    var deck = document.querySelector(".wb-plan-deck");
    if (deck) {
      deck.setAttribute("href", deck.dataset.deck + "?" + plan);
      deck.parentNode.hidden = false;
    }
    // the teaching notes of this agenda's lessons, in its versions and order: the handout
    var notes = document.querySelector(".wb-handout-notes");
    if (notes) {
      var wanted = (pick.dataset.lessons || "").split(" ");
      var items = notes.querySelectorAll("article[data-lesson]");
      items.forEach(function (article) {
        article.hidden = wanted.indexOf(article.dataset.lesson + ":" + article.dataset.version) < 0;
      });
      wanted.forEach(function (key) {  // in the agenda's order
        items.forEach(function (article) {
          if (article.dataset.lesson + ":" + article.dataset.version === key) notes.appendChild(article);
        });
      });
      notes.hidden = false;
      var hint = document.querySelector(".wb-handout-hint");
      if (hint) hint.hidden = false;
    }
  }

  W.customplan = {
    init: function () {
      var form = document.querySelector(".wb-plan-form");
      if (!form) return;
      var query = new URLSearchParams(location.search);
      var bad = false;
      var length = query.get("minutes");
      if (length !== null) {
        var known = Array.prototype.some.call(form.minutes.options, function (option) {
          return option.value === length;
        });
        if (known) form.minutes.value = length;
        else bad = true;
      }
      var start = query.get("start");
      if (start !== null) {
        if (timeOf(start) === null) bad = true;
        else form.start.value = clock(timeOf(start));
      }
      var wantBreak = query.get("break");
      if (wantBreak !== null && wantBreak !== "0" && wantBreak !== "1") bad = true;
      form["break"].checked = wantBreak === "1";
      var notice = document.createElement("p");
      notice.className = "wb-plan-notice wb-noprint";
      notice.setAttribute("role", "status");
      notice.textContent = W.t("plan_bad_address");
      notice.hidden = !bad;
      form.parentNode.insertBefore(notice, form.nextSibling);
      form.hidden = false;
      document.querySelector(".wb-fixed-plans").hidden = true;
      var changed = function () {
        notice.hidden = true;  // the address is the reader's own choice now
        show(form);
      };
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      show(form);
    },
  };
})(window.Workbook = window.Workbook || {});
