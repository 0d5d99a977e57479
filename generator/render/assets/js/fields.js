/* fields: every control on a worksheet page and every reflection box on a lesson page is
   restored when the page opens and saved as the reader types (after a pause, and at
   once when the page is hidden). Text boxes grow with their text; ruled ones add rules. */
(function (W) {
  "use strict";
  var DELAY = 400;
  var pending = {};
  var timer = null;

  function question(control) {
    var by = control.getAttribute("aria-labelledby");
    if (by && document.getElementById(by)) return document.getElementById(by).textContent.trim();
    if (control.getAttribute("aria-label")) return control.getAttribute("aria-label");
    var label = control.closest("label");
    return label ? label.textContent.trim() : control.name;
  }

  function value(control) {
    return control.type === "checkbox" ? control.checked : control.value;
  }

  /* An answer that could not be saved (storage full) stays pending: tried again with
     the next save, its text still in the field. */
  function flush() {
    clearTimeout(timer);
    timer = null;
    var failed = {};
    Object.keys(pending).forEach(function (name) {
      var control = pending[name];
      if (!W.store.set(name, value(control), question(control))) failed[name] = control;
    });
    pending = failed;
  }

  /* Another tab saved an answer (a "storage" event): show it in every field not being
     typed in; the one being typed in keeps its text, and the reader is told. The
     "input" event redraws the map, and is not saved back (tabs would echo each other). */
  var syncing = false;
  function sync(controls, name, entry) {
    controls.forEach(function (control) {
      if (control.name !== name) return;
      var before = value(control);
      var now = control.type === "checkbox" ? !!entry && entry.v === true
        : entry && typeof entry.v === "string" ? entry.v : "";
      if (now === before) return;
      if (control === document.activeElement) {
        W.banner("status", W.t("answer_changed"));
        return;
      }
      delete pending[name];
      if (control.type === "checkbox") control.checked = now;
      else control.value = now;
      syncing = true;
      control.dispatchEvent(new Event("input", { bubbles: true }));
      syncing = false;
    });
  }

  /* A ruled area keeps its rules and adds more when the text runs past them. */
  function grow(control) {
    if (control.tagName !== "TEXTAREA") return;
    var ruled = control.parentElement.classList.contains("wb-write") ? control.parentElement : null;
    if (ruled) {
      var rule = ruled.querySelector(".wb-rule");
      var step = rule.getBoundingClientRect().height;
      var base = Number(ruled.dataset.rules || ruled.querySelectorAll(".wb-rule").length);
      ruled.dataset.rules = base;
      control.style.height = "auto";
      var style = getComputedStyle(control);
      var text = control.scrollHeight - parseFloat(style.paddingTop) -
        parseFloat(style.paddingBottom);
      var need = Math.max(base, Math.ceil(text / step - 0.25));
      var rules = ruled.querySelectorAll(".wb-rule");
      for (var i = rules.length; i < need; i++) ruled.insertBefore(rule.cloneNode(), control);
      for (var j = rules.length - 1; j >= need; j--) rules[j].remove();
      ruled.style.height = (need * step) + "px";
      control.style.height = "";
    } else {
      control.style.height = "";
      var min = control.offsetHeight;
      if (control.scrollHeight > control.clientHeight) {
        control.style.height = (control.scrollHeight + min - control.clientHeight) + "px";
      }
    }
  }

  W.fields = {
    init: function () {
      var controls = document.querySelectorAll(
        ".wb-sheet [name], .wb-reflection [name], .wb-ring-inputs [name]");
      if (!controls.length) return;
      var saved = W.store.all();
      controls.forEach(function (control) {
        var entry = saved[control.name];
        if (entry) {
          if (control.type === "checkbox") control.checked = entry.v === true;
          else if (typeof entry.v === "string") control.value = entry.v;
        }
        control.hidden = false;
        var changed = function () {
          if (syncing) return grow(control);
          W.banner("status", "");
          pending[control.name] = control;
          grow(control);
          clearTimeout(timer);
          timer = setTimeout(flush, DELAY);
          document.dispatchEvent(new CustomEvent("wb:answer", { detail: control }));
        };
        control.addEventListener("input", changed);
        control.addEventListener("change", changed);
      });
      controls.forEach(grow);
      W.onStored(function (name, entry) { sync(controls, name, entry); });
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") flush();
      });
      window.addEventListener("pagehide", flush);
      window.addEventListener("beforeprint", function () { controls.forEach(grow); });
      window.addEventListener("afterprint", function () { controls.forEach(grow); });
    },
  };
})(window.Workbook = window.Workbook || {});
