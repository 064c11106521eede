"""The newsroom's index pages: the home page, a page per tag, year and language, the tags, search and 404.

:class:`ListingRenderer` renders them all from the site's entries (newest
first, as the collection gives them) with the theme's ``templates/site/``
templates, and returns ``{site path of the file: bytes}``: it never writes a
file. Every page of a listing lists ``per_page`` cards (``page/2/`` ...);
the root index, the tags and the years speak the site's main language, a
language's pages their own. The theme's style sheet and the search page's
script are in the answer too (``assets/``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin
from functools import lru_cache

from markupsafe import Markup
from typing import Any, Callable, Mapping, Sequence

from ...i18n import format_release_date, language_name, text_direction
from ...model import Style
from ...theme import Theme
from ...version import __version__
from ...view.site_paths import absolute, file_of, listing_path, relative, tag_slug
from ...view.site_meta import language_has
from .entries import SiteConfig, SiteEntry
from .navigation import Link, absolute_link, anchored, fill, navigation, stylesheet_path

__all__ = ["Card", "CardImage", "ListingRenderer", "Pagination", "SEARCH_SCRIPT", "TagCount", "site_tags"]

#: The search page's script, as a site path (the only script of the theme).
SEARCH_SCRIPT = "assets/search.js"
#: Where Pagefind writes its index and UI, as a site path.
PAGEFIND = "pagefind/"

LabelsFor = Callable[[str], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class CardImage:
    src: str
    alt: str


@dataclass(frozen=True, slots=True)
class Card:
    """One release on an index page; ``language``/``direction`` only when they differ from the page's."""

    headline: str
    href: str
    url: str
    kind: str
    date: str
    datetime: str
    description: str
    image: CardImage | None
    language: str
    direction: str


@dataclass(frozen=True, slots=True)
class Pagination:
    """A page's place in its listing: the label of its nav, "Page 2 of 5", and the hrefs around it."""

    label: str
    text: str
    prev: str
    next: str


@dataclass(frozen=True, slots=True)
class TagCount:
    text: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class _Listing:
    """One paginated listing: where it lives, what it shows, in which language, with which feeds."""

    kind: str
    key: str
    entries: tuple[SiteEntry, ...]
    language: str
    heading: str
    eyebrow: str = ""


def _spelling(tag: str) -> str:
    """What tells two tags apart: the text NFKC-normalised and case-folded, runs of spaces, hyphens and
    underscores as one hyphen (other signs count: "C++" is not "C#")."""
    return _SEPARATORS.sub("-", unicodedata.normalize("NFKC", tag).casefold()).strip("-")


_SEPARATORS = re.compile(r"[\s\-_]+")


def site_tags(entries: Sequence[SiteEntry]) -> list[tuple[str, str, tuple[SiteEntry, ...]]]:
    """Every tag: (folder name, name as shown, its entries newest first), by name.

    Tags spelt alike ("Climate change", "climate-change": the same once NFKC-normalised and case-folded,
    spaces, hyphens and underscores alike) are one tag, shown as the newest release spells it. Tags
    spelt differently whose folder names would be the same ("C++" and "C#" are both ``c``) stay apart:
    the first by that spelling keeps the folder, the others take ``c-2``, ``c-3`` ...
    """
    names: dict[str, str] = {}  # spelling -> the name as shown
    tagged: dict[str, list[SiteEntry]] = {}
    for entry in entries:
        for tag in dict.fromkeys(entry.tags):
            key = _spelling(tag)
            names.setdefault(key, tag)
            bucket = tagged.setdefault(key, [])
            if not bucket or bucket[-1] is not entry:
                bucket.append(entry)
    by_slug: dict[str, list[str]] = {}
    for key in sorted(names):  # the folder from the spelling, not from the name shown (which may change)
        by_slug.setdefault(tag_slug(key), []).append(key)
    folders: dict[str, str] = {}  # spelling -> folder name
    for slug, keys in by_slug.items():
        folders[keys[0]] = slug
        number = 1
        for key in keys[1:]:  # -2, -3 ...: past any tag's own folder; another slug's numbers all start "it-"
            number += 1
            while f"{slug}-{number}" in by_slug:
                number += 1
            folders[key] = f"{slug}-{number}"
    found = [(folders[key], names[key], tuple(tagged[key])) for key in names]
    return sorted(found, key=lambda item: (item[1].casefold(), item[1], item[0]))


def in_language(entry: SiteEntry, language: str) -> bool:
    """Whether a release belongs to a site language's pages: "fr" has "fr" and "fr-CH", "zh-Hans" only itself."""
    return language_has(language, entry.language)


class ListingRenderer:
    """Renders the site's index pages with a theme; ``style`` gives the accent colour and font."""

    def __init__(self, theme: Theme, style: Style | None = None) -> None:
        self.theme = theme
        self.style = style if style is not None else Style()
        self._cards: dict[tuple[str, int, str, bool], Markup] = {}

    def render(self, config: SiteConfig, entries: Sequence[SiteEntry], labels_for: LabelsFor) -> dict[str, bytes]:
        """Every index page, the tags page, 404.html, the search page and the theme's assets."""
        entries = tuple(entries)
        main = labels_for(config.language)
        files: dict[str, bytes] = {}
        for listing in self._listings(config, entries, main, labels_for):
            labels = labels_for(listing.language) if listing.language != config.language else main
            files.update(self._listing(config, listing, labels))
        files[file_of(listing_path("tags"))] = self._tags_page(config, entries, main)
        files["404.html"] = self._not_found(config, main)
        files[file_of("search/")] = self._search(config, main)
        for language in config.languages[1:]:  # Pagefind searches the index of the page's own language
            path = listing_path("languages", language) + "search/"
            files[file_of(path)] = self._search(config, labels_for(language), language, path)
        files[stylesheet_path] = self.theme.render_utf8("site/site.css", {"style": self.style})
        files[SEARCH_SCRIPT] = self.theme.render_utf8("site/search.js", {})
        return dict(sorted(files.items()))

    def _listings(self, config: SiteConfig, entries: tuple[SiteEntry, ...], main: Mapping[str, str],
                  labels_for: LabelsFor) -> list[_Listing]:
        found = [_Listing("", "", entries, config.language, main["latest"])]
        for slug, name, tagged in site_tags(entries):
            found.append(_Listing("tags", slug, tagged, config.language, name, eyebrow=main["tag"]))
        years = sorted({entry.date.year for entry in entries}, reverse=True)
        for year in years:
            dated = tuple(entry for entry in entries if entry.date.year == year)
            found.append(_Listing("years", str(year), dated, config.language, fill(main["year"], year=year)))
        if len(config.languages) > 1:
            for language in config.languages:
                own = tuple(entry for entry in entries if in_language(entry, language))
                found.append(_Listing("languages", language, own, language, labels_for(language)["latest"],
                                      eyebrow=language_name(language)))
        return found

    def _listing(self, config: SiteConfig, listing: _Listing, labels: Mapping[str, str]) -> dict[str, bytes]:
        per_page = max(1, config.per_page)
        pages = max(1, -(-len(listing.entries) // per_page))
        files = {}
        for number in range(1, pages + 1):
            path = listing_path(listing.kind, listing.key, number)
            chunk = listing.entries[(number - 1) * per_page:number * per_page]
            context = self._common(config, labels, listing.language, path, self._title(config, listing, labels,
                                                                                         number, pages))
            context.update(
                heading=listing.heading,
                eyebrow=listing.eyebrow,
                cards=[self._card_html(entry, path, listing.language, number == 1 and index < 3)
                       for index, entry in enumerate(chunk)],
                pagination=_pagination(listing, labels, path, number, pages),
                first_page=number == 1,
                archive=_archive(config, listing, path) if listing.kind == "" else [],
                feeds=_feeds(labels, path, listing),
            )
            context["prev"] = context["pagination"].prev if context["pagination"] else ""
            context["next"] = context["pagination"].next if context["pagination"] else ""
            files[file_of(path)] = self.theme.render_utf8("site/index.html", context)
        return files

    @staticmethod
    def _title(config: SiteConfig, listing: _Listing, labels: Mapping[str, str], number: int, pages: int) -> str:
        title = listing.heading if not listing.eyebrow or listing.kind == "languages" \
            else f"{listing.eyebrow}: {listing.heading}"
        if number > 1:
            title = f"{title} ({fill(labels['page_of'], page=number, pages=pages)})"
        return f"{title} – {config.title}" if config.title else title

    def _common(self, config: SiteConfig, labels: Mapping[str, str], language: str, path: str,
                title: str) -> dict[str, Any]:
        """What base.html needs of every page."""
        nav = navigation(config, labels, path)
        return {
            "site": config,
            "nav": nav,
            "labels": labels,
            "language": language,
            "direction": text_direction(language),
            "title": title,
            "canonical": absolute(config.url, path) if config.url else "",
            "generator": f"pressrelease {__version__}",
            "feeds": _feeds(labels, path),
            "prev": "",
            "next": "",
        }

    def _card_html(self, entry: SiteEntry, path: str, page_language: str, eager: bool) -> Markup:
        """A card, rendered once for every index page at the same depth in the same language (a release is
        on the home page, its tags', year's and language's pages: each link is the same "../" * depth)."""
        key = (entry.slug, path.count("/"), page_language, eager)
        found = self._cards.get(key)
        if found is None:
            card = _card(entry, path, page_language)
            found = self._cards[key] = Markup(self.theme.render("site/card.html", {"item": card, "eager": eager}))
        return found

    def _tags_page(self, config: SiteConfig, entries: tuple[SiteEntry, ...], labels: Mapping[str, str]) -> bytes:
        path = listing_path("tags")
        title = f"{labels['all_tags']} – {config.title}" if config.title else labels["all_tags"]
        context = self._common(config, labels, config.language, path, title)
        context.update(heading=labels["all_tags"], tags=[
            TagCount(name, relative(path, listing_path("tags", slug)), len(tagged))
            for slug, name, tagged in site_tags(entries)])
        return self.theme.render_utf8("site/tags.html", context)

    def _not_found(self, config: SiteConfig, labels: Mapping[str, str]) -> bytes:
        """404.html: served at any address, so its links are absolute, from the site's address."""
        title = f"{labels['not_found']} – {config.title}" if config.title else labels["not_found"]
        context = self._common(config, labels, config.language, "", title)
        context.update(heading=labels["not_found"], canonical="", search=urljoin(config.url, "search/"),
                       feeds=[absolute_link(feed, config.url) for feed in context["feeds"]])
        context["nav"] = anchored(navigation(config, labels, "404.html"), config.url)
        return self.theme.render_utf8("site/404.html", context)

    def _search(self, config: SiteConfig, labels: Mapping[str, str], language: str = "",
                path: str = "search/") -> bytes:
        """A search page in ``language`` (the site's main one by default): it searches that language's index."""
        title = f"{labels['search_title']} – {config.title}" if config.title else labels["search_title"]
        context = self._common(config, labels, language or config.language, path, title)
        context.update(heading=labels["search_title"], pagefind=relative(path, PAGEFIND),
                       script=relative(path, SEARCH_SCRIPT), root=relative(path, ""))
        return self.theme.render_utf8("site/search.html", context)


def _feeds(labels: Mapping[str, str], path: str, listing: _Listing | None = None) -> list[Link]:
    """The page's own feeds (<link rel=alternate>): a tag's or a language's, else the site's."""
    own = listing is not None and listing.kind in ("tags", "languages")
    folder = listing_path(listing.kind, listing.key) if own and listing is not None else ""
    return [Link(labels["atom_feed"], relative(path, folder + "feed.atom"), type="application/atom+xml"),
            Link(labels["json_feed"], relative(path, folder + "feed.json"), type="application/feed+json")]


@lru_cache(maxsize=8192)
def _date_text(date: dt.date, language: str) -> str:
    """A card's date in its language (Babel's formatting, once per day and language: a release is on
    several index pages)."""
    return format_release_date(date, language)


def _card(entry: SiteEntry, path: str, page_language: str) -> Card:
    image = None
    if entry.image is not None:
        image = CardImage(relative(path, entry.image.path), entry.image.alt or entry.image.caption)
    same = entry.language == page_language
    return Card(
        headline=entry.headline,
        href=relative(path, entry.path),
        url=entry.url,
        kind=entry.kind,
        date=_date_text(entry.date, entry.language),
        datetime=entry.date.isoformat(),
        description=entry.description,
        image=image,
        language="" if same else entry.language,
        direction="" if same else entry.direction or text_direction(entry.language),
    )


def _pagination(listing: _Listing, labels: Mapping[str, str], path: str, number: int,
                pages: int) -> Pagination | None:
    if pages <= 1:
        return None

    def href(page: int) -> str:
        return relative(path, listing_path(listing.kind, listing.key, page)) if 1 <= page <= pages else ""

    return Pagination(labels["pagination"], fill(labels["page_of"], page=number, pages=pages),
                      href(number - 1), href(number + 1))


def _archive(config: SiteConfig, listing: _Listing, path: str) -> list[Link]:
    """The years, linked from the home page's every page (the tags are in the header)."""
    years = sorted({entry.date.year for entry in listing.entries}, reverse=True)
    return [Link(str(year), relative(path, listing_path("years", str(year)))) for year in years]
