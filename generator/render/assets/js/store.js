/* store: answers kept in this browser (localStorage), one entry per answer, under the
   course's id and the answer's name, never the page's language. An entry is
   {"v": text or true, "q": the question as the reader saw it}: the question keeps an
   answer readable if a later course drops it. */
(function (W) {
  "use strict";
  var prefix = function () { return "wb:" + W.data.course + ":"; };
  // the shape of every name the build gives (generator/render/online.py): nothing else is kept
  var NAME = /^((lesson|done):)?[a-z0-9-]+(\.[a-z0-9-]+)*$/;
  var full = false;
  var fullAtStart = false;

  function valid(entry) {
    return entry !== null && typeof entry === "object" &&
      (typeof entry.v === "string" || entry.v === true) &&
      (entry.q === undefined || typeof entry.q === "string");
  }

  function isName(name) {
    return typeof name === "string" && name.length <= 200 && NAME.test(name);
  }

  function isQuota(e) {
    return !!e && (e.name === "QuotaExceededError" || e.code === 22 || e.code === 1014 ||
      e.name === "NS_ERROR_DOM_QUOTA_REACHED");
  }

  /* Storage full: say so at once, in a live region, and stop claiming answers are saved;
     the typed text stays in its field. Cleared when a save works again. */
  function setFull(on) {
    if (on === full) return;
    full = on;
    W.banner("alert", on ? W.t("storage_full") : "");
    document.querySelectorAll(".wb-online-note").forEach(function (note) { note.hidden = on; });
  }

  /* Every key this course keeps (readable or not). */
  function keys() {
    var out = [];
    var start = prefix();
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf(start) === 0 && key !== start + "__probe") out.push(key);
      }
    } catch (e) { /* no storage: no keys */ }
    return out;
  }

  /* fn(name, entry, or null when removed) for each answer another tab saves. */
  W.onStored = function (fn) {
    window.addEventListener("storage", function (event) {
      var start = prefix();
      if (!event.key || event.key.indexOf(start) !== 0) return;
      var name = event.key.slice(start.length);
      var entry = null;
      try {
        entry = JSON.parse(event.newValue);
      } catch (e) { /* checked below */ }
      if (isName(name) && (event.newValue === null || valid(entry))) fn(name, entry);
    });
  };

  W.store = {
    valid: valid,
    isName: isName,

    /* False in a private window or with storage turned off; a full storage is there. */
    available: function () {
      try {
        var probe = prefix() + "__probe";
        localStorage.setItem(probe, "1");
        localStorage.removeItem(probe);
        return true;
      } catch (e) {
        try {
          if (isQuota(e) && localStorage.length > 0) {
            fullAtStart = true;  // there, but full: said once the page has started
            return true;
          }
        } catch (e2) { /* no storage at all */ }
        return false;
      }
    },

    /* Make the live regions empty, then say if the probe found storage full. */
    init: function () {
      W.banner("alert", "");
      W.banner("status", "");
      if (fullAtStart) setFull(true);
    },

    /* Every readable entry, in a map with no prototype (a stored "__proto__" is just a
       name); one that cannot be read is left alone, with a warning. */
    all: function () {
      var out = Object.create(null);
      var start = prefix();
      keys().forEach(function (key) {
        var name = key.slice(start.length);
        var entry = null;
        try {
          entry = JSON.parse(localStorage.getItem(key));
        } catch (e) { /* reported below */ }
        if (isName(name) && valid(entry)) out[name] = entry;
        else console.warn("workbook: skipped a saved answer it cannot read:", key);
      });
      return out;
    },

    /* An empty answer is no answer: its entry goes. */
    set: function (name, value, question) {
      try {
        if (value === "" || value === false) localStorage.removeItem(prefix() + name);
        else localStorage.setItem(prefix() + name, JSON.stringify({ v: value, q: question }));
        setFull(false);
        return true;
      } catch (e) {
        console.warn("workbook: could not save", name, e);
        if (isQuota(e)) setFull(true);
        return false;
      }
    },

    put: function (name, entry) {
      localStorage.setItem(prefix() + name, JSON.stringify(entry));
    },

    /* Write every entry or none: if one does not fit, each key written is put back as
       it was. False when nothing was written. */
    putAll: function (answers) {
      var done = [];
      try {
        Object.keys(answers).forEach(function (name) {
          var key = prefix() + name;
          done.push([key, localStorage.getItem(key)]);
          localStorage.setItem(key, JSON.stringify(answers[name]));
        });
        return true;
      } catch (e) {
        done.reverse().forEach(function (item) {
          try {
            if (item[1] === null) localStorage.removeItem(item[0]);
            else localStorage.setItem(item[0], item[1]);
          } catch (e2) { console.warn("workbook: could not restore", item[0], e2); }
        });
        return false;
      }
    },

    /* Everything this course keeps goes, unreadable entries too: "all cleared" is true. */
    clear: function () {
      keys().forEach(function (key) { localStorage.removeItem(key); });
    },
  };
})(window.Workbook = window.Workbook || {});
