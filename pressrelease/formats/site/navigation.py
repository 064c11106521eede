"""The newsroom's header and footer for any page of the site: what the site's shell links to.

:func:`navigation` is a pure function of the site, the page's labels and the
page's own site path, so the index pages and each release's page build the
same header and footer (``templates/site/shell.html`` prints them). Every
``href`` is relative to the page (:func:`..view.site_paths.relative`), so the
site works from any folder of any server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Mapping
from urllib.parse import urljoin

from ...i18n import language_name, text_direction
from ...view.press_kit import KIT_PATH
from ...view.site_paths import listing_path, relative
from .entries import SiteConfig

__all__ = ["Link", "Navigation", "absolute_link", "anchored", "fill", "navigation", "primary_language", "stylesheet_path"]

#: The theme's style sheet, as a site path.
stylesheet_path = "assets/site.css"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(label: str, **values: object) -> str:
    """A label with its {placeholders} filled (not str.format: labels come from files)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), label)


@dataclass(frozen=True, slots=True)
class Link:
    """A link of the shell: its text, its href from the page, and ``current``.

    ``current`` is "page" when the link leads to this very page, "true" when the
    page is inside the link's section (a tag's page under "Tags"), else "" (it
    is printed as ``aria-current``). ``language``/``direction`` are set on a
    language's link, whose name is in that language.
    """

    text: str
    href: str
    current: str = ""
    language: str = ""
    direction: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True)
class Navigation:
    """Everything the site's shell prints: the home link, the sections, the languages, the feeds, the footer."""

    home: Link
    links: tuple[Link, ...]
    languages: tuple[Link, ...]
    feeds: tuple[Link, ...]
    stylesheet: str
    logo: str
    organisation: str
    organisation_url: str
    label: str
    languages_label: str
    feeds_label: str
    skip: str


def primary_language(language: str) -> str:
    """The language part of a tag ("fr-CH" -> "fr"), which a site language matches."""
    return language.split("-")[0].lower()


def _current(path: str, target: str, section: str) -> str:
    if path == target:
        return "page"
    return "true" if section and path.startswith(section) else ""


def _link(path: str, text: str, target: str, section: str = "", **extra: str) -> Link:
    return Link(text, relative(path, target), _current(path, target, section), **extra)


def _language_links(config: SiteConfig, path: str) -> tuple[Link, ...]:
    if len(config.languages) < 2:
        return ()
    links = []
    for language in config.languages:
        target = listing_path("languages", language)
        links.append(_link(path, language_name(language), target, target,
                           language=language, direction=text_direction(language)))
    return tuple(links)


def navigation(config: SiteConfig, labels: Mapping[str, str], path: str) -> Navigation:
    """The shell of the page at site path ``path`` (a folder ending in /, or a file such as 404.html)."""
    home_current = "page" if path == "" else ("true" if path.startswith("page/") else "")
    home = Link(config.title or config.organisation, relative(path, ""), home_current)
    links = (
        _link(path, labels["tags"], listing_path("tags"), "tags/"),
        *((_link(path, labels["press_kit"], KIT_PATH, KIT_PATH),) if config.press_kit else ()),
        _link(path, labels["search"], "search/", "search/"),
    )
    feeds = (
        Link(labels["atom_feed"], relative(path, "feed.atom"), type="application/atom+xml"),
        Link(labels["json_feed"], relative(path, "feed.json"), type="application/feed+json"),
    )
    return Navigation(
        home=home,
        links=links,
        languages=_language_links(config, path),
        feeds=feeds,
        stylesheet=relative(path, stylesheet_path),
        logo=relative(path, config.logo) if config.logo else "",
        organisation=config.organisation,
        organisation_url=config.organisation_url,
        label=labels["site_navigation"],
        languages_label=labels["languages"],
        feeds_label=labels.format("term", term=labels["feeds"]),
        skip=labels["skip_to_content"],
    )


def absolute_link(link: Link, site_url: str) -> Link:
    """The link with its href (relative to the site's root) made absolute."""
    return replace(link, href=urljoin(site_url, link.href))


def anchored(nav: Navigation, site_url: str) -> Navigation:
    """The shell of a page at the site's root with every href made absolute from ``site_url``: for 404.html,
    which a server shows at any address (a ``<base href>`` would do it too, but would send the skip link's
    ``#main`` to the home page)."""
    def fix(link: Link) -> Link:
        return absolute_link(link, site_url)

    return replace(nav, home=fix(nav.home), links=tuple(map(fix, nav.links)),
                   languages=tuple(map(fix, nav.languages)), feeds=tuple(map(fix, nav.feeds)),
                   stylesheet=urljoin(site_url, nav.stylesheet),
                   logo=urljoin(site_url, nav.logo) if nav.logo else "")
