/* The search page's one script: Pagefind's UI in the #search box (pagefind/ is written after the site). */
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  var box = document.getElementById("search");
  var root = new URL(box.getAttribute("data-root") || "./", document.baseURI).pathname;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: root });
});
