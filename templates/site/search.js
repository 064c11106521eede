/* The search page's one script: Pagefind's UI in the #search box (pagefind/ is written after the site). */
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") { return; }
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
});
