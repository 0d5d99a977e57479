/* slides: one file holds every deck of a language (the whole course, each ready plan,
   each agenda of the Plan-your-own-session page: generator/render/slides.py); the
   address picks one (?plan=half-day, or ?minutes=120&start=09:30&break=1), which works
   from file:// as well. Its slides are kept in the deck's order and the others dropped
   before reveal.js starts; a custom agenda's clock times follow the start asked for.
   Countdowns start and pause when the facilitator says (T, or the button), and keep
   their time while the facilitator steps back and forth. The presenter view (S, or the
   button) is this page in a second window, in the deck's language: the slide, the next
   one's title, the notes, the clock as the language reads it, the countdown. The two
   windows keep each other on the same slide and countdown by postMessage. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("wb-deck").textContent);
  var labels = data.labels;
  var query = new URLSearchParams(location.search);
  var presenting = query.get("view") === "presenter";
  var own = Object.prototype.hasOwnProperty;

  function label(key) { return own.call(labels, key) ? labels[key] : key; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function hm(total) {
    total = ((total % 1440) + 1440) % 1440;
    return two(Math.floor(total / 60)) + ":" + two(total % 60);
  }
  /* Minutes past midnight of "HH:MM", or null if it is not a time of day. */
  function timeOf(value) {
    var match = /^(\d{1,2}):(\d{2})$/.exec(value || "");
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) return null;
    return Number(match[1]) * 60 + Number(match[2]);
  }

  /* The deck the address asks for: its name and start, or the whole course's. */
  function chosen() {
    var plan = query.get("plan");
    if (plan !== null && own.call(data.decks, "plan:" + plan)) {
      return { name: "plan:" + plan, start: data.starts["plan:" + plan] };
    }
    var minutes = query.get("minutes");
    if (plan === null && minutes !== null && /^\d{1,3}$/.test(minutes)) {
      var name = "custom:" + minutes + "-" + (query.get("break") === "1" ? "1" : "0");
      if (!own.call(data.decks, name)) name = "custom:" + minutes + "-0";  // no room for one
      var start = timeOf(query.get("start"));
      if (own.call(data.decks, name)) {
        return { name: name, start: start === null ? data.defaultStart : hm(start) };
      }
    }
    return { name: "course", start: null };
  }

  var pick = chosen();
  var container = document.querySelector(".reveal .slides");
  var byKey = Object.create(null);
  container.querySelectorAll("section[data-key]").forEach(function (section) {
    byKey[section.dataset.key] = section;
    section.remove();
  });
  data.decks[pick.name].forEach(function (key) {
    if (byKey[key]) container.appendChild(byKey[key]);
  });
  var start = timeOf(pick.start);
  if (start !== null) {
    container.querySelectorAll(".wb-clock").forEach(function (el) {
      el.textContent = el.dataset.at !== undefined ? hm(start + Number(el.dataset.at))
        : hm(start + Number(el.dataset.from)) + "–" + hm(start + Number(el.dataset.to));
    });
  }

  /* The clock as CLDR writes the language's short time (HH:mm, h:mm a, HH.mm...). */
  function clockText(date) {
    var h = date.getHours();
    var m = date.getMinutes();
    var tokens = data.clock.pattern.match(/'[^']*'|H+|h+|K+|k+|m+|a+|[^'HhKkma]+/g) || [];
    return tokens.map(function (token) {
      switch (token.charAt(0)) {
        case "'": return token.slice(1, -1);
        case "H": return token.length > 1 ? two(h) : String(h);
        case "h": return token.length > 1 ? two(h % 12 || 12) : String(h % 12 || 12);
        case "K": return String(h % 12);
        case "k": return String(h || 24);
        case "m": return two(m);
        case "a": return h < 12 ? data.clock.am : data.clock.pm;
        default: return token;
      }
    }).join("");
  }

  // -- countdowns: one per slide that has one, by the slide's key ---------------------
  var timers = Object.create(null);
  function timer(section) {
    var key = section.dataset.key;
    if (!timers[key]) timers[key] = { left: Number(section.dataset.countdown), running: false, until: 0 };
    return timers[key];
  }
  function left(state) {
    return state.running ? Math.max(0, Math.ceil((state.until - Date.now()) / 1000)) : state.left;
  }
  function shown(seconds) { return Math.floor(seconds / 60) + ":" + two(seconds % 60); }

  function toggle(section, fromPeer) {
    var state = timer(section);
    if (state.running) {
      state.left = left(state);
      state.running = false;
    } else {
      if (state.left === 0) state.left = Number(section.dataset.countdown);  // again
      state.running = true;
      state.until = Date.now() + state.left * 1000;
    }
    if (!fromPeer) send({ wb: "timer", key: section.dataset.key, left: state.left, running: state.running });
    paint();
  }

  function current() { return window.Reveal && Reveal.isReady() ? Reveal.getCurrentSlide() : null; }

  function paint() {
    container.querySelectorAll("section[data-countdown]").forEach(function (section) {
      var state = timer(section);
      var seconds = left(state);
      if (state.running && seconds === 0) { state.running = false; state.left = 0; }
      var box = section.querySelector(".wb-countdown");
      if (box) {
        box.textContent = shown(seconds);
        box.classList.toggle("wb-countdown-done", seconds === 0);
      }
      var button = section.querySelector(".wb-countdown-toggle");
      if (button) button.textContent = label(state.running ? "countdown_pause" : "countdown_start");
    });
    if (panel) panel.paint();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".wb-countdown-toggle");
    if (!button) return;
    var section = button.closest("section[data-countdown]") || current();
    if (section && section.dataset.countdown) toggle(section, false);
  });

  // -- the presenter view and its peer -----------------------------------------------
  var peer = presenting ? window.opener : null;
  var panel = null;

  function send(message) {
    if (peer && !peer.closed) peer.postMessage(message, "*");
  }

  function openPresenter() {
    if (presenting) return;
    var params = new URLSearchParams(location.search);
    params.set("view", "presenter");
    peer = window.open(location.pathname + "?" + params.toString() + location.hash,
                       "wb-presenter", "width=1200,height=760");
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function presenterPanel() {
    document.body.classList.add("wb-presenter");
    var box = element("div", "wb-presenter-panel");
    var clock = element("p", "wb-presenter-clock");
    clock.appendChild(element("span", "wb-presenter-label", label("presenter_clock")));
    var time = clock.appendChild(element("span", "wb-presenter-time"));
    var count = element("p", "wb-presenter-countdown");
    var remaining = count.appendChild(element("span", "wb-countdown"));
    count.appendChild(document.createTextNode(" "));
    var button = count.appendChild(element("button", "wb-countdown-toggle", label("countdown_start")));
    button.type = "button";
    box.appendChild(clock);
    box.appendChild(count);
    box.appendChild(element("h2", "wb-presenter-label", label("presenter_next")));
    var next = box.appendChild(element("p", "wb-presenter-next"));
    box.appendChild(element("h2", "wb-presenter-label", label("presenter_notes")));
    var notes = box.appendChild(element("div", "wb-presenter-notes"));
    document.body.appendChild(box);
    var shownSlide = null;
    return {
      paint: function () {
        time.textContent = clockText(new Date());
        var section = current();
        var timed = section && section.dataset.countdown;
        count.hidden = !timed;
        if (timed) {
          var state = timer(section);
          remaining.textContent = shown(left(state));
          button.textContent = label(state.running ? "countdown_pause" : "countdown_start");
        }
        if (section === shownSlide) return;
        shownSlide = section;
        var after = section && section.nextElementSibling;
        var heading = after && after.querySelector("h1, h2");
        next.textContent = heading ? heading.textContent : label("presenter_end");
        notes.textContent = "";
        var aside = section && section.querySelector("aside.notes");
        if (aside) {
          Array.prototype.forEach.call(aside.childNodes, function (node) {
            notes.appendChild(node.cloneNode(true));
          });
        }
      },
    };
  }

  window.addEventListener("message", function (event) {
    if (!peer || event.source !== peer) return;  // only the window this one opened, or its opener
    var message = event.data;
    if (!message || typeof message !== "object") return;
    if (message.wb === "slide" && typeof message.h === "number" && typeof message.v === "number") {
      var at = Reveal.getIndices();
      if (at.h !== message.h || at.v !== message.v) Reveal.slide(message.h, message.v);
    } else if (message.wb === "timer" && typeof message.key === "string" && byKey[message.key] &&
               typeof message.left === "number" && typeof message.running === "boolean") {
      timers[message.key] = { left: Math.max(0, Math.round(message.left)), running: message.running,
                              until: Date.now() + message.left * 1000 };
      paint();
    } else if (message.wb === "hello" && !presenting) {
      // the presenter view has opened: it takes this window's slide and countdowns
      var indices = Reveal.getIndices();
      send({ wb: "slide", h: indices.h, v: indices.v || 0 });
      Object.keys(timers).forEach(function (key) {
        send({ wb: "timer", key: key, left: left(timers[key]), running: timers[key].running });
      });
    }
  });

  var stage = document.querySelector(".reveal");
  Reveal.initialize({
    hash: true,
    width: Number(stage.dataset.width),
    height: Number(stage.dataset.height),
    transition: "none",
    embedded: presenting,
    rtl: document.documentElement.dir === "rtl",  // an Arabic deck runs right to left
    keyboard: {
      84: function () { var s = current(); if (s && s.dataset.countdown) toggle(s, false); },  // T
      83: openPresenter,  // S
    },
  });
  var opener = document.querySelector(".wb-presenter-open");
  if (presenting) {
    opener.hidden = true;
    panel = presenterPanel();
  } else {
    opener.addEventListener("click", openPresenter);
  }
  Reveal.on("ready", function () {
    paint();
    if (presenting) send({ wb: "hello" });
  });
  Reveal.on("slidechanged", function (event) {
    send({ wb: "slide", h: event.indexh, v: event.indexv || 0 });
    paint();
  });
  setInterval(paint, 250);
})();
