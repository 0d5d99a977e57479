/* a stand-in for Material's wordcut.js (662 KiB), which its search
   worker loads for a Hindi index. wordcut segments Thai, which writes no spaces; Hindi
   separates its words with spaces, so splitting at spaces and punctuation is enough.
   lunr.hi calls wordcut.init() once and wordcut.cut(text), which returns the words
   joined by "|". */
(function (scope) {
  "use strict";
  var lunr = scope.lunr || (scope.lunr = {});
  lunr.wordcut = {
    init: function () {},
    cut: function (text) {
      return String(text).split(/[\s\u0964\u0965.,;:!?()[\]{}"'“”‘’«»\-–—/|]+/)
        .filter(Boolean).join("|");
    },
  };
})(typeof self !== "undefined" ? self : this);
