"""The site's feeds: Atom (RFC 4287) and JSON Feed 1.1, for the site and for each tag and language.

Both are pure: they take the site's settings and its entries (newest first)
and return bytes, the same bytes for the same input; nothing here reads a
clock or a file. ``path`` is the feed file's own site path ("feed.atom",
"tags/health/feed.json"), ``page_path`` the HTML listing it belongs to
("", "tags/health/"); both become absolute addresses through
:func:`pressrelease.view.site_paths.absolute`.

Ids: an entry's id is its :attr:`SiteEntry.id`, the stable ``tag:`` URI
the collection gives it, so it is the same in every rebuild and in every
feed that lists it. A feed's id is the absolute address of the feed file
itself, which is stable as long as the site's URL is.

A feed lists at most :data:`MAX_ENTRIES` entries, the newest by
``published`` (then slug). Its ``updated`` is the newest ``modified`` of
those it lists; a feed with no entries says :data:`EPOCH` (1970-01-01T00:00:00Z),
so its bytes never change until a release is published.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ...view.site_paths import absolute, listing_path
from .entries import SiteConfig, SiteEntry
from .xmltext import EPOCH, clean, element, rfc3339, xml_bytes

__all__ = ["ATOM_TYPE", "JSON_FEED_TYPE", "MAX_ENTRIES", "atom_feed", "feed_entries", "json_feed"]

#: The most entries a feed lists (the newest). Readers poll the feed; 50 covers weeks of any newsroom.
MAX_ENTRIES = 50

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_entries(entries: Sequence[SiteEntry]) -> list[SiteEntry]:
    """The entries a feed lists: newest ``published`` first (then slug), at most :data:`MAX_ENTRIES`."""
    ordered = sorted(entries, key=lambda entry: entry.slug)
    ordered.sort(key=lambda entry: entry.published, reverse=True)
    return ordered[:MAX_ENTRIES]


def _updated(entries: Sequence[SiteEntry]):
    return max((entry.modified for entry in entries), default=EPOCH)


def _author_name(config: SiteConfig, entry: SiteEntry | None = None) -> str:
    return (entry.organisation if entry is not None else "") or config.organisation or config.title


def atom_feed(config: SiteConfig, entries: Sequence[SiteEntry], *, path: str, title: str, language: str,
              page_path: str) -> bytes:
    """The Atom feed at ``path`` listing ``entries`` (see the module's notes on ids, order and ``updated``)."""
    listed = feed_entries(entries)
    feed = element(None, "feed", xmlns=ATOM_NS, xml_lang=language)
    element(feed, "id", absolute(config.url, path))
    element(feed, "title", title, type_="text")
    element(feed, "updated", rfc3339(_updated(listed)))
    _atom_author(feed, _author_name(config), config.organisation_url)
    element(feed, "link", rel="self", type_=ATOM_TYPE, href=absolute(config.url, path))
    element(feed, "link", rel="alternate", type_="text/html", href=absolute(config.url, page_path))
    if config.logo:
        element(feed, "logo", absolute(config.url, config.logo))
    for entry in listed:
        _atom_entry(feed, config, entry)
    return xml_bytes(feed)


def _atom_author(parent: ET.Element, name: str, uri: str = "") -> None:
    author = element(parent, "author")
    element(author, "name", name)
    if uri:
        element(author, "uri", uri)


def _atom_entry(feed: ET.Element, config: SiteConfig, entry: SiteEntry) -> None:
    node = element(feed, "entry", xml_lang=entry.language)
    element(node, "id", entry.id)
    element(node, "title", entry.headline, type_="text")
    element(node, "updated", rfc3339(entry.modified))
    element(node, "published", rfc3339(entry.published))
    own = bool(entry.organisation) and entry.organisation != config.organisation
    _atom_author(node, _author_name(config, entry), "" if own else config.organisation_url)
    element(node, "link", rel="alternate", type_="text/html", hreflang=entry.language, href=entry.url)
    if entry.image is not None:
        _enclosure(node, config, entry.image.path, entry.image.type, entry.image.size)
    for download in entry.downloads:
        _enclosure(node, config, download.path, download.type, download.size)
    scheme = absolute(config.url, listing_path("tags"))
    for tag in entry.tags:
        element(node, "category", term=tag, scheme=scheme)
    if entry.description:
        element(node, "summary", entry.description, type_="text")


def _enclosure(node: ET.Element, config: SiteConfig, path: str, media_type: str, size: int) -> None:
    attributes = {"rel": "enclosure", "href": absolute(config.url, path)}
    if media_type:
        attributes["type"] = media_type
    if size > 0:
        attributes["length"] = str(size)
    element(node, "link", **attributes)


def json_feed(config: SiteConfig, entries: Sequence[SiteEntry], *, path: str, title: str, language: str,
              page_path: str) -> bytes:
    """The JSON Feed 1.1 at ``path`` listing ``entries``: the same entries, ids and order as the Atom feed."""
    author = {"name": clean(_author_name(config))}
    if config.organisation_url:
        author["url"] = clean(config.organisation_url)
    feed: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": clean(title),
        "home_page_url": absolute(config.url, page_path),
        "feed_url": absolute(config.url, path),
        "language": clean(language),
        "authors": [author],
    }
    feed["items"] = [_json_item(config, entry) for entry in feed_entries(entries)]
    return json.dumps(feed, ensure_ascii=False, indent=2).encode() + b"\n"


def _json_item(config: SiteConfig, entry: SiteEntry) -> dict[str, object]:
    item: dict[str, object] = {
        "id": clean(entry.id),
        "url": clean(entry.url),
        "title": clean(entry.headline),
        "content_text": clean(entry.description or entry.headline),
    }
    if entry.description:
        item["summary"] = clean(entry.description)
    if entry.image is not None:
        item["image"] = absolute(config.url, entry.image.path)
    item["date_published"] = rfc3339(entry.published)
    item["date_modified"] = rfc3339(entry.modified)
    if entry.organisation and entry.organisation != config.organisation:
        item["authors"] = [{"name": clean(entry.organisation)}]
    if entry.tags:
        item["tags"] = [clean(tag) for tag in entry.tags]
    item["language"] = clean(entry.language)
    if entry.downloads:
        item["attachments"] = [_attachment(config, download) for download in entry.downloads]
    return item


def _attachment(config: SiteConfig, download) -> dict[str, object]:
    attachment: dict[str, object] = {"url": absolute(config.url, download.path),
                                     "mime_type": download.type or "application/octet-stream"}
    if download.size > 0:
        attachment["size_in_bytes"] = download.size
    return attachment
