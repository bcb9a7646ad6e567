// Medborgarlöfte: the script a municipality's page includes beside the embed's iframe. Each embed tells
// its parent page how tall its content is; this sets the height of the iframe it came from. A message is
// taken only from this script's own origin and only from the window of an iframe marked
// `data-lofte-embed` on this page; anything else is ignored. Without this script the iframe keeps the
// fixed height it was given.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL || !window.addEventListener) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var MIN = 120;
  var MAX = 6000;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "lofte-embed-height" || typeof data.height !== "number" || !isFinite(data.height)) return;
    var frames = document.querySelectorAll("iframe[data-lofte-embed]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      var height = Math.max(MIN, Math.min(MAX, Math.ceil(data.height)));
      frame.style.height = height + "px";
      frame.setAttribute("height", String(height));
      return;
    }
  });
})();
