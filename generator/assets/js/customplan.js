/* customplan: the Plan-your-own-session page. The build worked out an agenda for every
   length, with and without a break (generator/plans.py); this shows the one chosen,
   with its clock times from the start chosen, and keeps the choice in the address
   (?minutes=120&start=13:30&break=1) so it can be bookmarked or sent. */
(function (W) {
  "use strict";

  function clock(total) {
    var h = Math.floor(total / 60) % 24;
    var m = total % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  function minutesOf(value) {
    var match = /^(\d{1,2}):(\d{2})$/.exec(value || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : 9 * 60;
  }

  function show(form) {
    var length = form.minutes.value;
    var wantBreak = form["break"].checked;
    var start = minutesOf(form.start.value);
    var pick = document.querySelector(".wb-custom-agenda[data-minutes='" + length +
      "'][data-break='" + (wantBreak ? 1 : 0) + "']");
    var noBreak = !pick && wantBreak;
    if (noBreak) pick = document.querySelector(".wb-custom-agenda[data-minutes='" + length +
      "'][data-break='0']");
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
    try {
      var query = "?minutes=" + length + "&start=" + clock(start) + (wantBreak ? "&break=1" : "");
      history.replaceState(null, "", location.pathname + query);
    } catch (e) { /* some browsers refuse this on file:// pages: the page still works */ }
  }

  W.customplan = {
    init: function () {
      var form = document.querySelector(".wb-plan-form");
      if (!form) return;
      var query = new URLSearchParams(location.search);
      var length = query.get("minutes");
      if (length && form.minutes.querySelector("option[value='" + length + "']")) {
        form.minutes.value = length;
      }
      if (/^\d{1,2}:\d{2}$/.test(query.get("start") || "")) {
        form.start.value = clock(minutesOf(query.get("start")));
      }
      form["break"].checked = query.get("break") === "1";
      form.hidden = false;
      document.querySelector(".wb-fixed-plans").hidden = true;
      form.addEventListener("input", function () { show(form); });
      form.addEventListener("change", function () { show(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      show(form);
    },
  };
})(window.Workbook = window.Workbook || {});
