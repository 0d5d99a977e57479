/* Material for MkDocs 9.8.1's (MIT licence, © Martin Donath) head script (partials/javascripts/base.html), as it is but for the
   scope, which the script tag carries: in a file, so that the page's Content Security
   Policy need allow no inline script. */
var __md_scope = new URL(document.currentScript.dataset.scope, location),
  __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
  __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
  __md_set = (e, _, t = localStorage, a = __md_scope) => {
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) {}
  };
