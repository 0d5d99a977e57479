/* ringmap: the names typed for each ring of a ring map field, drawn on that ring at the
   places the build worked out (data-slots); names past the last place are counted. */
(function (W) {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function draw(map, inputs) {
    var layer = map.querySelector(".wb-ring-names");
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    inputs.forEach(function (input) {
      var slots = JSON.parse(input.dataset.slots);
      var names = input.value.split(/[\n,;]+/).map(function (s) { return s.trim(); })
        .filter(Boolean);
      names.forEach(function (name, i) {
        if (i >= slots.length) return;
        var text = name;
        if (i === slots.length - 1 && names.length > slots.length) {
          text = "+" + (names.length - slots.length + 1);
        }
        var node = document.createElementNS(SVG, "text");
        node.setAttribute("x", slots[i][0]);
        node.setAttribute("y", slots[i][1]);
        node.textContent = text.length > 16 ? text.slice(0, 15) + "…" : text;
        layer.appendChild(node);
      });
    });
  }

  W.ringmap = {
    init: function () {
      document.querySelectorAll(".wb-ring-inputs").forEach(function (box) {
        var map = box.previousElementSibling;
        var inputs = Array.prototype.slice.call(box.querySelectorAll("textarea"));
        box.hidden = false;
        draw(map, inputs);
        inputs.forEach(function (input) {
          input.addEventListener("input", function () { draw(map, inputs); });
        });
      });
    },
  };
})(window.Workbook = window.Workbook || {});
