"""What the site's indexes, feeds and sitemaps see of each published release, and the site's settings.

Made by the collection stage from the summaries the manifest keeps, so no
source is parsed again. Every date is aware (it has its zone); every path
is relative to the site's root (see :mod:`pressrelease.view.site_paths`),
every ``url`` absolute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Download", "SiteConfig", "SiteEntry", "SiteImage"]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The site as configured (``site:`` or ``--site-url``), with what every page and feed names.

    ``languages``: the site's languages, its main one first (never empty).
    ``logo``: the organisation's logo as a site path ("" without one).
    ``domain``: the site URL's host, for ``tag:`` ids (RFC 4151).
    ``press_kit``: whether the site has a press-kit page (``press-kit/``), which every page links to.
    """

    url: str
    title: str
    per_page: int
    languages: tuple[str, ...]
    organisation: str
    organisation_url: str = ""
    logo: str = ""
    domain: str = ""
    press_kit: bool = False

    @property
    def language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True, slots=True)
class SiteImage:
    """A photo in the site: its path, alt text, caption, credit, size in bytes, media type and usage note."""

    path: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    size: int = 0
    type: str = ""
    usage: str = ""


@dataclass(frozen=True, slots=True)
class Download:
    """A file of a release's media kit: ``kind`` is the format ("pdf", "txt", "ics"), ``path`` its site path."""

    kind: str
    path: str
    size: int
    type: str


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """One published release as the site's lists show it (newest first by ``published``, then slug).

    ``id`` is its stable ``tag:`` URI (the same in every rebuild and feed);
    ``url`` its page's absolute address and ``path`` its site path.
    ``published`` is when it may first be read (the embargo's end, else the
    dateline's date at 00:00 in the organisation's zone); ``modified`` its
    ``updated:`` time, else ``published``. ``kind`` is the label as shown
    in its language ("Press release"); ``description`` its first sentence.
    """

    slug: str
    id: str
    url: str
    path: str
    headline: str
    language: str
    direction: str
    kind: str
    date: dt.date
    published: dt.datetime
    modified: dt.datetime
    description: str = ""
    city: str = ""
    tags: tuple[str, ...] = ()
    image: SiteImage | None = None
    photos: tuple[SiteImage, ...] = ()
    downloads: tuple[Download, ...] = ()
    translation_key: str = ""
    organisation: str = ""
