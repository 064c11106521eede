/* The search page's one script: Pagefind's UI in the #search box (pagefind/ is written after the site). */
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  var box = document.getElementById("search");
  var root = new URL(box.getAttribute("data-root") || "./", document.baseURI).pathname;
  var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: root });
  /* search/?q=words (the 404 page's form, a browser's search shortcut) searches for them at once. */
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked && asked.trim()) { ui.triggerSearch(asked.trim()); }
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
