/* fields: every control on a worksheet page and every reflection box on a lesson page is
   restored when the page opens and saved as the reader types (after a pause, and at
   once when the page is hidden). Text boxes grow with their text; ruled ones add rules. */
(function (W) {
  "use strict";
  var DELAY = 400;
  var pending = {};
  var timer = null;

  function question(control) {
    if (control.type === "radio") {  // its group's legends: the label, and the item rated
      var legends = [];
      for (var set = control.closest("fieldset"); set; set = set.parentElement.closest("fieldset")) {
        var legend = set.querySelector("legend");
        if (legend) legends.unshift(legend.textContent.trim());
      }
      return legends.join(": ") || control.name;
    }
    var by = control.getAttribute("aria-labelledby");
    if (by && document.getElementById(by)) return document.getElementById(by).textContent.trim();
    if (control.getAttribute("aria-label")) return control.getAttribute("aria-label");
    var label = control.closest("label");
    return label ? label.textContent.trim() : control.name;
  }

  /* What is kept of a control: a tick, the text typed, or of radio buttons the value of
     the one chosen, its number (which no translation changes), "" for none. */
  function value(control) {
    if (control.type === "checkbox") return control.checked;
    if (control.type === "radio") {
      var chosen = Array.prototype.filter.call(document.getElementsByName(control.name),
        function (button) { return button.checked; })[0];
      return chosen ? chosen.value : "";
    }
    return control.value;
  }

  /* Show a kept entry (or null: none) in a control. */
  function show(control, entry) {
    if (control.type === "checkbox") control.checked = !!entry && entry.v === true;
    else if (control.type === "radio") control.checked = !!entry && entry.v === control.value;
    else control.value = entry && typeof entry.v === "string" ? entry.v : "";
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
      var before = control.type === "radio" ? control.checked : value(control);
      var now = control.type === "checkbox" ? !!entry && entry.v === true
        : control.type === "radio" ? !!entry && entry.v === control.value
          : entry && typeof entry.v === "string" ? entry.v : "";
      if (now === before) return;
      if (control === document.activeElement && control.type !== "radio") {
        W.banner("status", W.t("answer_changed"));
        return;
      }
      delete pending[name];
      show(control, entry);
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
    show: show,  // My workbook's printed book shows kept answers as this page does
    init: function () {
      var controls = document.querySelectorAll(
        ".wb-sheet [name], .wb-reflection [name], .wb-ring-inputs [name]");
      if (!controls.length) return;
      var saved = W.store.all();
      controls.forEach(function (control) {
        var entry = saved[control.name];
        if (entry) show(control, entry);
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
