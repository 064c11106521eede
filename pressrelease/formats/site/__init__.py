"""The newsroom site: each release's page (a per-release format) and the collection that ties them together.

``entries`` turns the collection stage's summaries into :class:`SiteEntry`
values (what every index, feed and sitemap shows of a release);
``listings`` renders the index pages, ``feeds`` the Atom and JSON feeds,
``sitemaps`` the sitemaps and robots.txt; ``collection`` runs them all and
says which release files are published, and ``page`` renders a release's
own page in the site.
"""
