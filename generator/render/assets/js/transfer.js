/* transfer: move answers to another browser as a JSON file, or clear them all. An import
   is read and checked whole before anything is written: a bad file changes nothing. */
(function (W) {
  "use strict";

  function say(text) {
    document.querySelector(".wb-status").textContent = text;
  }

  function exportAnswers() {
    var file = { format: W.data.format, version: W.data.version, course: W.data.course,
                 title: W.data.title, author: W.data.author, answers: W.store.all() };
    var blob = new Blob([JSON.stringify(file, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = W.data.course + "-answers.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  /* The answers of a file, or a message saying why it cannot be imported. Every value's
     type is checked before anything is written; the answers are copied into a map with
     no prototype, and a name that is not shaped as the build names answers is refused. */
  function read(text) {
    var file;
    try {
      file = JSON.parse(text);
    } catch (e) {
      return { error: W.t("import_not_json") };
    }
    // the types first: a crafted value's own toString never runs
    if (!file || typeof file !== "object" || typeof file.format !== "string" ||
        typeof file.course !== "string" || typeof file.version !== "number" ||
        file.format !== file.course + W.data.formatSuffix) {
      return { error: W.t("import_not_json") };
    }
    if (file.course !== W.data.course) {
      return { error: W.t("import_other_course", { course: file.course }) };
    }
    if (file.version !== W.data.version) {
      return { error: W.t("import_bad_version", { version: file.version }) };
    }
    var given = file.answers;
    if (!given || typeof given !== "object" || Array.isArray(given)) {
      return { error: W.t("import_not_json") };
    }
    var answers = Object.create(null);
    var names = Object.keys(given);
    for (var i = 0; i < names.length; i++) {
      var entry = given[names[i]];
      if (!W.store.isName(names[i]) || !W.store.valid(entry)) {
        return { error: W.t("import_not_json") };
      }
      answers[names[i]] = entry.q === undefined ? { v: entry.v } : { v: entry.v, q: entry.q };
    }
    return { answers: answers };
  }

  function importText(text) {
    var result = read(text);
    if (result.error) {
      say(result.error);
      return;
    }
    var saved = W.store.all();
    var replaced = Object.keys(result.answers).filter(function (name) {
      return saved[name] && saved[name].v !== result.answers[name].v;
    });
    if (replaced.length && !window.confirm(W.t("import_confirm", { count: replaced.length }))) {
      return;
    }
    if (!W.store.putAll(result.answers)) {  // all or nothing: it did not fit
      say(W.t("import_too_big"));
      return;
    }
    W.book.fill();
    say(W.t("imported", { count: Object.keys(result.answers).length }));
  }

  W.transfer = {
    init: function () {
      var box = document.querySelector(".wb-transfer");
      if (!box) return;
      var picker = box.querySelector("input[type=file]");
      box.querySelector("[data-action=export]").addEventListener("click", exportAnswers);
      box.querySelector("[data-action=import]").addEventListener("click", function () {
        picker.value = "";
        picker.click();
      });
      picker.addEventListener("change", function () {
        if (!picker.files.length) return;
        var reader = new FileReader();
        reader.onload = function () { importText(String(reader.result)); };
        reader.onerror = function () { say(W.t("import_not_json")); };
        reader.readAsText(picker.files[0]);
      });
      box.querySelector("[data-action=clear]").addEventListener("click", function () {
        if (!window.confirm(W.t("clear_confirm"))) return;
        W.store.clear();
        W.book.fill();
        say(W.t("cleared"));
      });
    },
  };
})(window.Workbook = window.Workbook || {});
