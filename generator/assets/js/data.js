/* data: what the build worked out for this page (course id, lessons, texts). */
(function (W) {
  "use strict";
  var el = document.getElementById("wb-data");
  W.data = el ? JSON.parse(el.textContent) : null;

  /* An interface text with its {placeholders} filled in. */
  W.t = function (key, values) {
    var text = W.data.labels[key];
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  };
})(window.Workbook = window.Workbook || {});
