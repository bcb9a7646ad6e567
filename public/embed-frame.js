// Medborgarlöfte: inside an embed, tells the page that framed it how tall the content is, whenever that
// changes, so that its iframe can fit it (see embed.js). The height is no secret: any page may frame the
// embed, so it is posted to any origin.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;
  function post() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "lofte-embed-height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
  window.addEventListener("load", post);
  post();
})();
