/* materials: the facilitator gives the number of participants, the paper and the
   printing (one form a page), and the plan's lists follow: how many of each thing, the
   copies, pages and sheets of each PDF to print and their total, each PDF's link on
   that paper, and how each activity splits the room into pairs and groups. The build
   worked out every rule (generator/render/plans.py): the pages and sheets one copy
   takes, every grouping for 1 to 200 people, the minutes a larger group adds; this
   only multiplies and looks up. The choices are kept in the address
   (?participants=24&paper=letter&sides=double), so a reload or a link keeps them. */
(function (W) {
  "use strict";
  var KEYS = { paper: ["a4", "letter"], sides: ["single", "double"] };

  function room(form) {
    var max = Number(form.participants.max) || 200;
    var n = Math.min(max, Math.max(1, parseInt(form.participants.value, 10) || 1));
    return { n: n, paper: form.paper.value, sides: form.sides.value };
  }

  function fill(text, values) {
    Object.keys(values).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

  function counts(box, r) {
    var unit = W.t("per_participant");
    box.querySelectorAll(".wb-count").forEach(function (el) {
      var per = Number(el.dataset.per);
      var extra = Number(el.dataset.extra);
      el.textContent = (per * r.n + extra) +
        (per ? " (" + per + " " + unit + (extra ? " + " + extra : "") + ")" : "");
    });
    var total = 0;
    box.querySelectorAll(".wb-printout").forEach(function (row) {
      var pages = Number(row.dataset["pages" + (r.paper === "a4" ? "A4" : "Letter")]);
      var sheets = Number(row.getAttribute("data-sheets-" + r.paper + "-" + r.sides));
      row.querySelector(".wb-copies").textContent = r.n;
      row.querySelector(".wb-pages").textContent = r.n * pages;
      row.querySelector(".wb-sheets").textContent = r.n * sheets;
      total += r.n * sheets;
      var link = row.querySelector(".wb-print-link");
      if (link) link.setAttribute("href", link.getAttribute("data-" + r.paper));
    });
    var sum = box.querySelector(".wb-total-sheets");
    if (sum) sum.textContent = total;
  }

  function groups(holder, r) {
    var table;
    try { table = JSON.parse(holder.dataset.table); } catch (e) { return; }
    holder.querySelectorAll("li[data-format]").forEach(function (item) {
      var ways = table[item.dataset.format];
      var split = Array.isArray(ways) ? ways[r.n - 1] : null;
      if (!Array.isArray(split)) return;
      var base = item.dataset.format === "pairs" ? 2 : 4;
      var larger = 0;
      item.querySelector(".wb-group-sizes").textContent = split.map(function (group) {
        if (group[0] > base) larger = group[0];
        return fill(holder.dataset.sizes, { count: group[1], size: group[0] });
      }).join(", ");
      var longer = Number(item.dataset.longer);
      item.querySelector(".wb-group-longer").textContent = larger && longer
        ? "(" + fill(holder.dataset.longerLabel, { size: larger, minutes: longer }) + ")" : "";
    });
  }

  function update(form) {
    var r = room(form);
    document.querySelectorAll(".wb-materials").forEach(function (box) { counts(box, r); });
    document.querySelectorAll(".wb-groups").forEach(function (holder) { groups(holder, r); });
    W.keepInAddress({ participants: String(r.n), paper: r.paper, sides: r.sides });
  }

  /* Set these parameters of the page's address, keeping the others. */
  W.keepInAddress = function (values) {
    try {
      var query = new URLSearchParams(location.search);
      Object.keys(values).forEach(function (name) {
        if (values[name] === null) query["delete"](name);
        else query.set(name, values[name]);
      });
      history.replaceState(null, "", location.pathname + "?" + query.toString() + location.hash);
    } catch (e) { /* some browsers refuse this on file:// pages: the page still works */ }
  };

  W.materials = {
    init: function () {
      var form = document.querySelector(".wb-room");
      if (!form) return;
      var query = new URLSearchParams(location.search);
      var asked = query.get("participants");
      if (asked !== null && /^\d{1,3}$/.test(asked) && Number(asked) >= 1 &&
          Number(asked) <= (Number(form.participants.max) || 200)) {
        form.participants.value = asked;
      }
      Object.keys(KEYS).forEach(function (name) {
        if (KEYS[name].indexOf(query.get(name)) >= 0) form[name].value = query.get(name);
      });
      form.hidden = false;
      form.addEventListener("input", function () { update(form); });
      form.addEventListener("change", function () { update(form); });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
      W.materials.update = function () { update(form); };
      update(form);
    },
    update: function () {},
  };
})(window.Workbook = window.Workbook || {});
