/* store: answers kept in this browser (localStorage), one entry per answer, under the
   course's id and the answer's name, never the page's language. An entry is
   {"v": text or true, "q": the question as the reader saw it}: the question keeps an
   answer readable if a later course drops it. */
(function (W) {
  "use strict";
  var prefix = function () { return "wb:" + W.data.course + ":"; };

  function valid(entry) {
    return entry !== null && typeof entry === "object" &&
      (typeof entry.v === "string" || entry.v === true) &&
      (entry.q === undefined || typeof entry.q === "string");
  }

  W.store = {
    valid: valid,

    /* False in a private window or with storage turned off. */
    available: function () {
      try {
        var probe = prefix() + "__probe";
        localStorage.setItem(probe, "1");
        localStorage.removeItem(probe);
        return true;
      } catch (e) {
        return false;
      }
    },

    /* Every readable entry; one that cannot be read is left alone, with a warning. */
    all: function () {
      var out = {};
      var start = prefix();
      var keys = [];
      try {
        for (var i = 0; i < localStorage.length; i++) keys.push(localStorage.key(i));
      } catch (e) {
        return out;
      }
      keys.forEach(function (key) {
        if (key.indexOf(start) !== 0 || key === start + "__probe") return;
        var entry = null;
        try {
          entry = JSON.parse(localStorage.getItem(key));
        } catch (e) { /* reported below */ }
        if (valid(entry)) out[key.slice(start.length)] = entry;
        else console.warn("Network Workbook: skipped a saved answer it cannot read:", key);
      });
      return out;
    },

    /* An empty answer is no answer: its entry goes. */
    set: function (name, value, question) {
      try {
        if (value === "" || value === false) localStorage.removeItem(prefix() + name);
        else localStorage.setItem(prefix() + name, JSON.stringify({ v: value, q: question }));
        return true;
      } catch (e) {
        console.warn("Network Workbook: could not save", name, e);
        return false;
      }
    },

    put: function (name, entry) {
      localStorage.setItem(prefix() + name, JSON.stringify(entry));
    },

    clear: function () {
      Object.keys(this.all()).forEach(function (name) {
        localStorage.removeItem(prefix() + name);
      });
    },
  };
})(window.Workbook = window.Workbook || {});
