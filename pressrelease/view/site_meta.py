"""What sharing and search engines read of a release: its address, image, times and structured data.

Once a site address is known (``site:`` in the organisation file, or
``--site-url``), every web page of a release names its one canonical
address (its page in the newsroom site), its image (the first photo, else
the logo, as the site publishes them), when it was published and modified
(with time and zone), and its translations as absolute, reciprocal
``hreflang`` alternates with an ``x-default``. Without one, a page carries
only what needs no address (no canonical, no image: a ``data:`` URI is
not an address anyone can share).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Iterable
from urllib.parse import quote
from zoneinfo import ZoneInfo

from ..model import Organisation, Release, Translation, slugify
from .site_paths import absolute, media_name, release_path

__all__ = ["PageMeta", "content_created_at", "logo_path", "media_names", "modified_at", "page_meta", "published_at", "site_url_of",
           "x_default"]


def published_at(release: Release) -> dt.datetime:
    """When the release may first be read: its embargo's end, else its date at 00:00 in the organisation's
    zone (UTC without one)."""
    if release.embargo is not None:
        return release.embargo.until
    zone = ZoneInfo(release.organisation.timezone) if release.organisation.timezone else dt.timezone.utc
    return dt.datetime.combine(release.date, dt.time(0, 0), tzinfo=zone)


def content_created_at(release: Release) -> dt.datetime:
    """When the release's content is dated: its dateline's day at 00:00 in the zone it is published in,
    else when it is published (the wire formats' ``contentCreated``)."""
    published = published_at(release)
    if release.dateline is None:
        return published
    return dt.datetime.combine(release.dateline.date, dt.time(0), tzinfo=published.tzinfo)


def modified_at(release: Release) -> dt.datetime:
    """When the release was last changed: its ``updated:``, else when it was published."""
    return release.updated if release.updated is not None else published_at(release)


def site_url_of(release: Release, override: str | None) -> str | None:
    """The site's address for this release: ``--site-url``, else its organisation's ``site.url``."""
    if override:
        return override
    site = release.organisation.site
    return site.url if site is not None else None


def media_names(release: Release) -> list[str]:
    """Each photo's file name in the release's ``media/`` folder of the site, in order."""
    taken: set[str] = set()
    return [media_name(index, PurePath(photo.file).name, taken) for index, photo in enumerate(release.photos, 1)]


def logo_path(organisation: Organisation) -> str:
    """The site path the organisation's logo is published at: a folder per organisation, so two logos
    named alike never replace each other ("" without a logo, or for an SVG one: a file that can hold a
    script is not published on the site; pages embed it)."""
    logo = organisation.logo
    if logo is None or PurePath(logo).suffix.lower() == ".svg":
        return ""
    return f"assets/logos/{slugify(organisation.name, max_words=12)}/{PurePath(logo).name}"


def language_has(language: str, tag: str) -> bool:
    """Whether a site language takes a release's language tag: "fr" takes "fr" and "fr-CH", "zh-Hans" only
    itself (the rule of the site's language pages, and of ``x-default``)."""
    have, want = tag.lower(), language.lower()
    return have == want or have.startswith(want + "-")


def x_default(languages: Iterable[str], ranking: tuple[str, ...]) -> str:
    """The language of a group's x-default page: the version in the first of the site's languages (``ranking``,
    main first) that has one ("en" has "en-GB", as its language page lists it; the tag itself before a
    regional one), else its first tag in order; the same for every member, so the alternates agree (and the
    sitemap's, :func:`pressrelease.formats.site.sitemaps.release_pages`)."""
    def rank(tag: str) -> tuple[int, bool, str]:
        place = next((index for index, language in enumerate(ranking) if language_has(language, tag)), len(ranking))
        exact = place < len(ranking) and tag.lower() == ranking[place].lower()
        return place, not exact, tag

    return min(languages, key=rank)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """``canonical`` (absolute, "" without a site), ``image`` and its alt, ISO times, alternates, JSON-LD."""

    canonical: str
    image: str
    image_alt: str
    published: str
    modified: str
    alternates: tuple[tuple[str, str], ...]
    json_ld: dict[str, Any]


def page_meta(release: Release, *, site_url: str | None, description: str, dateline: str,
              translations: tuple[Translation, ...] = ()) -> PageMeta:
    """The release's metadata for its web pages (``site_url``: the site's address, or None)."""
    published = published_at(release).isoformat()
    canonical = image = image_alt = ""
    alternates: tuple[tuple[str, str], ...] = ()
    if site_url:
        canonical = absolute(site_url, release_path(release.name))
        if release.photos:
            photo = release.photos[0]
            image, image_alt = canonical + "media/" + quote(media_names(release)[0]), photo.alt or photo.caption
        elif logo_path(release.organisation):
            image, image_alt = absolute(site_url, logo_path(release.organisation)), release.organisation.name
        alternates = _alternates(release, site_url, translations)
    modified = modified_at(release).isoformat()
    return PageMeta(canonical, image, image_alt, published, modified, alternates,
                    _json_ld(release, site_url, canonical, image, (published, modified), description, dateline))


def _alternates(release: Release, site_url: str, translations: tuple[Translation, ...]) -> tuple[tuple[str, str], ...]:
    group = {t.language.lower(): t for t in (*translations, Translation.of(release))}
    if len(group) < 2:
        return ()
    site = release.organisation.site
    ranking = site.languages if site is not None and site.languages else (release.organisation.language,)
    links = sorted((t.language, absolute(site_url, release_path(t.name))) for t in group.values())
    default = x_default((t.language for t in group.values()), ranking)
    return (*links, ("x-default", dict(links)[default]))


def _organisation(org: Organisation, site_url: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": org.name}
    if org.website:
        data["url"] = org.website
    if site_url and logo_path(org):
        data["logo"] = {"@type": "ImageObject", "url": absolute(site_url, logo_path(org))}
    return data


def _json_ld(release: Release, site_url: str | None, canonical: str, image: str, times: tuple[str, str],
             description: str, dateline: str) -> dict[str, Any]:
    """schema.org NewsArticle, with the properties Google's article documentation lists."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": release.headline,
        "description": description,
        "datePublished": times[0],
        "dateModified": times[1],
        "inLanguage": release.language,
        "author": [_organisation(org, site_url) for org in release.organisations],
        "publisher": _organisation(release.organisation, site_url),
    }
    if dateline:
        data["dateline"] = dateline
    if release.tags:
        data["keywords"] = list(release.tags)
    if canonical:
        data["url"] = canonical
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": canonical}
    if image:
        data["image"] = [image]
    return data
