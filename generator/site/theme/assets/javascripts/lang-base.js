/* Each language has its own search index and sitemap: on a translated page Material's
   config.base points at that language's folder ("../" + "vi/"). The search dialog gets
   the accessible name axe asks for. A file, not inline: the page's policy runs none. */
(function () {
  var me = document.currentScript;
  var el = document.getElementById("__config");
  var root = me.dataset.root;
  if (el && root) {
    var cfg = JSON.parse(el.textContent);
    cfg.base = cfg.base.replace(/\/?$/, "/") + root;
    el.textContent = JSON.stringify(cfg);
  }
  var dialog = document.querySelector(".md-search[role=dialog]");
  if (dialog) dialog.setAttribute("aria-label", me.dataset.label);
})();
