"""The newsroom site: each release's page (a per-release format) and the collection that ties them together.

``entries`` turns the collection stage's summaries into :class:`SiteEntry`
values (what every index, feed and sitemap shows of a release);
``listings`` renders the index pages, ``feeds`` the Atom and JSON feeds,
``sitemaps`` the sitemaps and robots.txt; ``collection`` runs them all and
says which release files are published, and ``page`` renders a release's
own page in the site.
"""

#: The templates only the collection stage renders (the index, tag, search, 404 and press-kit pages, the theme's
#: style sheet and script): an edit to one of them makes the site again without rendering any release again
#: (unless another template names it: an override of a release's page that includes a card, say).
COLLECTION_TEMPLATES = frozenset({"site/base.html", "site/index.html", "site/card.html", "site/tags.html",
                                  "site/404.html", "site/search.html", "site/search.js", "site/site.css",
                                  "site/press-kit.html"})
