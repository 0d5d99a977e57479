/* progress: lessons marked done, shown on the home page's cards, as a count, and in
   the navigation. A lesson is done when its done mark (named by the build) is kept. */
(function (W) {
  "use strict";

  function doneLessons() {
    var saved = W.store.all();
    return W.data.lessons.filter(function (id) {
      var mark = saved[W.data.done[id]];
      return !!mark && mark.v === true;
    });
  }

  function show() {
    var done = doneLessons();
    document.querySelectorAll(".wb-done-badge").forEach(function (badge) {
      badge.hidden = done.indexOf(badge.dataset.lesson) < 0;
    });
    document.querySelectorAll(".wb-progress").forEach(function (line) {
      line.textContent = W.t("lessons_done", { done: done.length, total: W.data.lessons.length });
      line.hidden = false;
    });
    document.querySelectorAll("a.md-nav__link").forEach(function (link) {
      var path = new URL(link.href, location.href).pathname;
      var id = path.slice(path.lastIndexOf("/") + 1).replace(/\.html$/, "");
      var isDone = done.indexOf(id) >= 0;
      link.classList.toggle("wb-nav-done", isDone);
      var mark = link.querySelector(".wb-nav-mark");
      if (isDone && !mark) {
        mark = document.createElement("span");
        mark.className = "wb-nav-mark";
        mark.textContent = " ✓";
        mark.setAttribute("aria-label", W.t("done_badge"));
        mark.setAttribute("role", "img");
        link.appendChild(mark);
      } else if (!isDone && mark) {
        mark.remove();
      }
    });
  }

  W.progress = {
    init: function () {
      var saved = W.store.all();
      document.querySelectorAll(".wb-done").forEach(function (box) {
        var check = box.querySelector("input[type=checkbox]");
        check.checked = !!saved[check.name] && saved[check.name].v === true;
        check.addEventListener("change", function () {
          W.store.set(check.name, check.checked, box.textContent.trim());
          show();
        });
        box.hidden = false;
      });
      show();
      W.onStored(function (name, entry) {  // marked done in another tab
        document.querySelectorAll(".wb-done input[type=checkbox]").forEach(function (check) {
          if (check.name === name) check.checked = !!entry && entry.v === true;
        });
        show();
      });
    },
  };
})(window.Workbook = window.Workbook || {});
