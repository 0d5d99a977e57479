/* data: what the build worked out for this page (course id, lessons, texts). */
(function (W) {
  "use strict";
  var el = document.getElementById("wb-data");
  W.data = el ? JSON.parse(el.textContent) : null;

  /* An interface text with its {placeholders} filled in; a value that is not plain text
     or a number (from a damaged file) is left out rather than thrown on. */
  W.t = function (key, values) {
    var text = String(W.data.labels[key] || key);
    Object.keys(values || {}).forEach(function (name) {
      var value = values[name];
      value = typeof value === "string" || typeof value === "number" ? String(value) : "?";
      text = text.split("{" + name + "}").join(value);
    });
    return text;
  };

  /* A message at the foot of the screen, where it is seen while typing: role "alert"
     (storage full) or "status" (changed in another tab). Made empty at start, so that
     screen readers announce the text when it comes; no text hides it. */
  var box = null;
  W.banner = function (role, text) {
    if (!box) {
      box = document.createElement("div");
      box.className = "wb-banners wb-noprint";
      document.body.appendChild(box);
    }
    var line = box.querySelector("[role=" + role + "]");  // role is ours, never the reader's
    if (!line) {
      line = document.createElement("p");
      line.setAttribute("role", role);
      box.appendChild(line);
    }
    line.textContent = text || "";
    line.hidden = !text;
  };
})(window.Workbook = window.Workbook || {});
