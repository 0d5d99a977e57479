/* slides: start a deck with reveal.js (served from the site) and its speaker notes
   plugin (press S for the presenter view: notes, next slide, clock), and show a
   countdown on each activity slide from the moment it is shown. */
(function () {
  "use strict";
  var stage = document.querySelector(".reveal");
  var timer = null;

  function clock(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function countdown(slide) {
    clearInterval(timer);
    var shown = slide && slide.querySelector(".wb-countdown");
    if (!shown) return;
    var left = Number(slide.dataset.countdown);
    shown.textContent = clock(left);
    shown.classList.remove("wb-countdown-done");
    timer = setInterval(function () {
      left = Math.max(0, left - 1);
      shown.textContent = clock(left);
      if (left === 0) {
        clearInterval(timer);
        shown.classList.add("wb-countdown-done");
      }
    }, 1000);
  }

  Reveal.initialize({
    hash: true,
    width: Number(stage.dataset.width),
    height: Number(stage.dataset.height),
    transition: "none",
    plugins: [RevealNotes],
  });
  Reveal.on("ready", function (event) { countdown(event.currentSlide); });
  Reveal.on("slidechanged", function (event) { countdown(event.currentSlide); });
})();
