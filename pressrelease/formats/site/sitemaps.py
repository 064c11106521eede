"""The site's sitemaps (sitemaps.org 0.9, with hreflang alternates), its Google News sitemap and robots.txt.

Pure renderers: site settings and pages or entries in, bytes out; the
news sitemap's window is measured from the ``now`` it is given (the
build's ``--now``), never from a clock.

Every address is absolute (:func:`pressrelease.view.site_paths.absolute`).
A sitemap holds at most :data:`MAX_URLS` addresses and :data:`MAX_BYTES`
bytes (the protocol's limits). :func:`sitemaps` returns the files to
write: ``sitemap.xml`` alone while the site fits, else ``sitemap.xml`` is a
sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml`` ... Those parts sit at the
site's root, because a sitemap may only list addresses under its own folder;
robots.txt always names ``sitemap.xml``, whichever it is.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...view.site_meta import x_default
from ...view.site_paths import absolute
from .entries import SiteConfig, SiteEntry
from .xmltext import element, rfc3339, xml_bytes

__all__ = ["MAX_BYTES", "MAX_NEWS", "MAX_URLS", "NEWS_SITEMAP", "NEWS_WINDOW", "ROBOTS", "SITEMAP", "SitemapPage",
           "in_news_window", "news_language", "news_sitemap", "release_pages", "robots_txt", "sitemap", "sitemaps"]

SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
ROBOTS = "robots.txt"
#: The protocol's limits for one sitemap file: 50,000 addresses and 50 MiB uncompressed.
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024
#: Google News lists articles from the last two days, at most 1,000 a sitemap.
NEWS_WINDOW = dt.timedelta(days=2)
MAX_NEWS = 1_000

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(frozen=True, slots=True)
class SitemapPage:
    """A page the sitemap lists: its site path, when it last changed, and its translations.

    ``alternates``: (hreflang, site path) pairs, the page itself and
    ``x-default`` included (see :func:`release_pages`); empty when it has none.
    """

    path: str
    lastmod: dt.datetime | None = None
    alternates: tuple[tuple[str, str], ...] = ()


def release_pages(config: SiteConfig, entries: Iterable[SiteEntry]) -> list[SitemapPage]:
    """Each release's page with its ``modified`` time and, when it has translations, its alternates.

    Releases sharing a ``translation_key`` are one page's versions; each lists
    every version (itself included, by language) and ``x-default``: the version
    in the site's main language, else in the first of the site's languages that
    has one, else the first by language tag. So the alternates are reciprocal.
    """
    entries = list(entries)
    groups: dict[str, list[SiteEntry]] = {}
    for entry in entries:
        if entry.translation_key:
            groups.setdefault(entry.translation_key, []).append(entry)
    pages = []
    for entry in entries:
        group = groups.get(entry.translation_key, [])
        alternates = _alternates(config, group) if len(group) > 1 else ()
        pages.append(SitemapPage(entry.path, entry.modified, alternates))
    return pages


def _alternates(config: SiteConfig, group: list[SiteEntry]) -> tuple[tuple[str, str], ...]:
    versions = sorted({entry.language: entry.path for entry in sorted(group, key=lambda e: e.slug)}.items())
    default = x_default((language for language, _ in versions), config.languages)  # as the pages' own alternates
    return (*versions, ("x-default", dict(versions)[default]))


def sitemap(config: SiteConfig, pages: Sequence[SitemapPage]) -> bytes:
    """One sitemap (a ``urlset``) of ``pages``, by path; ValueError beyond :data:`MAX_URLS` (use :func:`sitemaps`)."""
    if len(pages) > MAX_URLS:
        raise ValueError(f"a sitemap holds at most {MAX_URLS} addresses, not {len(pages)}: use sitemaps()")
    root = element(None, "urlset", xmlns=SITEMAP_NS, xmlns__xhtml=XHTML_NS)
    for page in _ordered(pages):
        url = element(root, "url")
        element(url, "loc", absolute(config.url, page.path))
        if page.lastmod is not None:
            element(url, "lastmod", rfc3339(page.lastmod))
        for hreflang, path in page.alternates:
            element(url, "xhtml:link", rel="alternate", hreflang=hreflang, href=absolute(config.url, path))
    return xml_bytes(root)


def _ordered(pages: Iterable[SitemapPage]) -> list[SitemapPage]:
    """By path, each path once (the first given wins), so the bytes never depend on the caller's order."""
    seen: dict[str, SitemapPage] = {}
    for page in pages:
        seen.setdefault(page.path, page)
    return [seen[path] for path in sorted(seen)]


def sitemaps(config: SiteConfig, pages: Sequence[SitemapPage]) -> dict[str, bytes]:
    """The sitemap files to write: ``{"sitemap.xml": ...}``, or an index and its parts past the limits."""
    ordered = _ordered(pages)
    chunks = [ordered[start:start + MAX_URLS] for start in range(0, len(ordered), MAX_URLS)] or [[]]
    parts = [part for chunk in chunks for part in _fitting(config, chunk)]
    if len(parts) == 1:
        return {SITEMAP: parts[0][1]}
    files = {f"sitemap-{number}.xml": data for number, (_, data) in enumerate(parts, start=1)}
    index = element(None, "sitemapindex", xmlns=SITEMAP_NS)
    for number, (chunk, _) in enumerate(parts, start=1):
        node = element(index, "sitemap")
        element(node, "loc", absolute(config.url, f"sitemap-{number}.xml"))
        newest = max((page.lastmod for page in chunk if page.lastmod is not None), default=None)
        if newest is not None:
            element(node, "lastmod", rfc3339(newest))
    return {SITEMAP: xml_bytes(index), **files}


def _fitting(config: SiteConfig, chunk: list[SitemapPage]) -> list[tuple[list[SitemapPage], bytes]]:
    """``chunk`` as one sitemap, or halved until each half is under :data:`MAX_BYTES`."""
    data = sitemap(config, chunk)
    if len(data) <= MAX_BYTES or len(chunk) <= 1:
        return [(chunk, data)]
    middle = len(chunk) // 2
    return _fitting(config, chunk[:middle]) + _fitting(config, chunk[middle:])


def in_news_window(entry: SiteEntry, now: dt.datetime) -> bool:
    """Published at most :data:`NEWS_WINDOW` before ``now`` (48 h exactly is in, a second more is out)."""
    return dt.timedelta(0) <= now - entry.published <= NEWS_WINDOW


def news_sitemap(config: SiteConfig, entries: Sequence[SiteEntry], now: dt.datetime) -> bytes:
    """The Google News sitemap: releases published in the two days before ``now``, the newest 1,000.

    The publication's name is the site's title; its language the release's
    (ISO 639, with ``zh-cn`` and ``zh-tw`` for Chinese as Google asks). With no
    release in the window it is an empty ``urlset``, which crawlers accept.
    """
    if now.utcoffset() is None:
        raise ValueError(f"the news sitemap's 'now' needs its zone: {now.isoformat()}")
    recent = sorted((entry for entry in entries if in_news_window(entry, now)), key=lambda entry: entry.slug)
    recent.sort(key=lambda entry: entry.published, reverse=True)
    root = element(None, "urlset", xmlns=SITEMAP_NS, xmlns__news=NEWS_NS)
    for entry in recent[:MAX_NEWS]:
        _news_url(root, config, entry)
    return xml_bytes(root)


def _news_url(root: ET.Element, config: SiteConfig, entry: SiteEntry) -> None:
    url = element(root, "url")
    element(url, "loc", absolute(config.url, entry.path))
    news = element(url, "news:news")
    publication = element(news, "news:publication")
    element(publication, "news:name", config.title)
    element(publication, "news:language", news_language(entry.language))
    element(news, "news:publication_date", rfc3339(entry.published))
    element(news, "news:title", entry.headline)


def news_language(tag: str) -> str:
    """A BCP 47 tag as Google News wants it: the language subtag, but ``zh-cn`` / ``zh-tw`` for Chinese."""
    subtags = tag.replace("_", "-").lower().split("-")
    if subtags[0] != "zh":
        return subtags[0]
    traditional = {"hant", "tw", "hk", "mo"} & set(subtags[1:])
    return "zh-tw" if traditional else "zh-cn"


def robots_txt(config: SiteConfig) -> bytes:
    """Every crawler may read everything; the two sitemaps' absolute addresses.

    Crawlers read robots.txt only at a host's root: a site served from a
    subfolder should submit its sitemaps to the search engines instead.
    """
    if any(character.isspace() for character in config.url):
        raise ValueError(f"a site URL has no spaces or line breaks: {config.url!r}")
    lines = ["User-agent: *", "Allow: /", "",
             f"Sitemap: {absolute(config.url, SITEMAP)}", f"Sitemap: {absolute(config.url, NEWS_SITEMAP)}"]
    return ("\n".join(lines) + "\n").encode()
