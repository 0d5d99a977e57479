/* each page's head names its versions in the other languages by their
   public addresses, as search engines ask. Material's language selector fetches the
   sitemap beside each of those links; on a copy of the site read from anywhere else (a
   USB stick, a preview server) that would ask the public host. So there, before
   Material's bundle runs, the links are pointed at this copy instead. */
(function () {
  "use strict";
  var canonical = document.querySelector("link[rel=canonical][data-address]");
  if (!canonical) return;
  var address = canonical.getAttribute("data-address");
  var here = location.href.split("#")[0].split("?")[0];
  if (here.indexOf(address) === 0) return;
  var path = canonical.href.slice(address.length);
  if (path === "" || path.slice(-1) === "/") path += "index.html";
  if (here.slice(-path.length) !== path) return;
  var root = here.slice(0, here.length - path.length);
  document.querySelectorAll("link[rel=alternate][hreflang]").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href.indexOf(address) === 0) link.setAttribute("href", root + href.slice(address.length));
  });
})();
