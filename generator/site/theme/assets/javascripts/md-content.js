/* Material for MkDocs 9.8.1's (MIT licence, © Martin Donath) content script (partials/javascripts/content.html), as a file for
   the Content Security Policy: a #hash naming a tab opens it. */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
})();
