/* The search page's one script: Pagefind's UI in the #search box (pagefind/ is written after the site). */
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  var box = document.getElementById("search");
  var root = new URL(box.getAttribute("data-root") || "./", document.baseURI).pathname;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: root });
  /* Pagefind's field has only a placeholder and a title: the page's heading is its visible label. */
  var label = function () {
    var field = box.querySelector("input");
    if (field) { field.setAttribute("aria-labelledby", "search-heading"); }
    return field;
  };
  if (!label()) {
    new MutationObserver(function (changes, observer) { if (label()) { observer.disconnect(); } })
      .observe(box, { childList: true, subtree: true });
  }
});
