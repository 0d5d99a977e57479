/* materials: the facilitator types the number of participants and the materials list
   counts for them; without JavaScript it shows the counts per participant. */
(function (W) {
  "use strict";

  function update(box) {
    var n = Math.max(0, parseInt(box.querySelector("input").value, 10) || 0);
    var unit = W.t("per_participant");
    box.querySelectorAll(".wb-count").forEach(function (el) {
      var per = Number(el.dataset.per);
      var extra = Number(el.dataset.extra);
      el.textContent = (per * n + extra) +
        (per ? " (" + per + " " + unit + (extra ? " + " + extra : "") + ")" : "");
    });
  }

  W.materials = {
    init: function () {
      document.querySelectorAll(".wb-materials").forEach(function (box) {
        box.querySelector(".wb-participants").hidden = false;
        box.querySelector("input").addEventListener("input", function () { update(box); });
        update(box);
      });
    },
  };
})(window.Workbook = window.Workbook || {});
