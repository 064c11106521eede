"""The newsroom site as a collection: which releases it publishes, and every file of ``site/``.

It sees every release the manifest records (:class:`~pressrelease.view.CollectedRelease`)
and publishes those that have a site page and are not held back: a release
whose embargo has not lifted at the build's ``now`` is in none of the
site's files (its page, indexes, tags, feeds, sitemaps, search), until the
first build after the lift. Its PDF and email still build outside ``site/``.

A release's page, its media kit (the PDF, text and calendar file built for
it) and its photos are copied in (:class:`~pressrelease.formats.CopyFile`):
each only as it was recorded, so a photo swapped after the release was read
is not published. The indexes, feeds and sitemaps are rendered from the
summaries alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Mapping, Sequence
from urllib.parse import urlsplit

from ...errors import Problem
from ...i18n import Labels
from ...model import Style
from ...rules import PHOTO_TYPES
from ...theme import Theme
from ...view import CollectedRelease
from ...view.site_paths import SITE_FOLDER, absolute, release_path
from ..registry import CollectionContext, CopyFile
from .entries import Download, SiteConfig, SiteEntry, SiteImage

__all__ = ["SiteCollection", "SitePages", "site_entries", "site_of", "site_owner"]

_TYPES = {"pdf": "application/pdf", "txt": "text/plain", "ics": "text/calendar"}
_KIT = ("pdf", "txt", "ics")


def site_owner(releases: Sequence[CollectedRelease]) -> CollectedRelease | None:
    """The release whose organisation's ``site:`` the site follows: the first (in source order) with one,
    else the first with a site page."""
    with_page = [r for r in releases if "site" in r.outputs]
    return next((r for r in with_page if r.summary.site is not None), with_page[0] if with_page else None)


def site_of(releases: Sequence[CollectedRelease], site_url: str | None) -> SiteConfig | None:
    """The site's settings: ``--site-url`` or the first release's ``site:`` (in source order), with its title,
    page size and languages (else every language its releases use, its organisation's first)."""
    with_page = [r for r in releases if "site" in r.outputs]
    owner = site_owner(releases)
    url = site_url or (owner.summary.site.url if owner is not None and owner.summary.site is not None else None)
    if url is None or owner is None:
        return None
    given = owner.summary.site
    languages = tuple(given.languages) if given is not None and given.languages else ()
    if not languages:
        main = owner.summary.organisation_language or owner.summary.language
        others = sorted({r.summary.language for r in with_page} - {main}, key=str.lower)
        languages = (main, *others)
    return SiteConfig(url=url, title=(given.title if given is not None else "") or owner.summary.organisation,
                      per_page=given.per_page if given is not None else 20, languages=languages,
                      organisation=owner.summary.organisation, organisation_url=owner.summary.organisation_url,
                      logo=owner.summary.logo_path,
                      domain=urlsplit(url).hostname or "")


def _entry(release: CollectedRelease, config: SiteConfig) -> SiteEntry:
    summary = release.summary
    path = release_path(summary.slug)
    photos = tuple(SiteImage(f"{path}media/{photo.name}", photo.alt, photo.caption, photo.credit,
                             release.sizes.get(photo.file, 0), PHOTO_TYPES.get(PurePath(photo.name).suffix.lower(), ""),
                             usage=photo.usage)
                   for photo in summary.photos)
    downloads = tuple(Download(kind, f"{path}{summary.slug}.{kind}", release.outputs[kind].size, _TYPES[kind])
                      for kind in _KIT if kind in release.outputs)
    published = dt.datetime.fromisoformat(summary.published)
    return SiteEntry(
        slug=summary.slug, id=f"tag:{config.domain},{summary.date}:{summary.slug}", url=absolute(config.url, path),
        path=path, headline=summary.headline, language=summary.language, direction=summary.direction,
        kind=summary.kind, date=dt.date.fromisoformat(summary.date), published=published,
        modified=dt.datetime.fromisoformat(summary.modified or summary.published), description=summary.description,
        city=summary.city, tags=summary.tags, image=photos[0] if photos else None, photos=photos,
        downloads=downloads, translation_key=summary.translation_key, organisation=summary.organisation)


def site_entries(releases: Sequence[CollectedRelease], config: SiteConfig, held: Mapping[str, dt.datetime],
                 every_site: bool = False) -> list[tuple[SiteEntry, CollectedRelease]]:
    """The published releases, newest first, then by slug: those with a site page, not held, whose
    organisation publishes to this site (``every_site``: all of them, as ``--site-url`` asks)."""
    chosen = [r for r in releases if "site" in r.outputs and r.source not in held
              and (every_site or r.summary.site is None or r.summary.site.url == config.url)]
    pairs = [(_entry(release, config), release) for release in chosen]
    pairs.sort(key=lambda pair: pair[0].slug)
    pairs.sort(key=lambda pair: pair[0].published, reverse=True)
    return pairs


class SitePages:
    """Publishes the releases in ``site/``: each one's page, its media kit's files, its photos; the logos.

    A collection of its own, run before :class:`SiteCollection`, so the search index can start on the
    pages while the indexes, feeds and sitemaps are made.
    """

    def __init__(self, context: CollectionContext) -> None:
        self.context = context

    def site(self, releases: Sequence[CollectedRelease]) -> tuple[SiteConfig | None, list[tuple[SiteEntry, CollectedRelease]],
                                                               CollectedRelease | None]:
        """The site's settings, its published releases (entry, release) and its owner; a held release names
        nothing of the site."""
        visible = [release for release in releases if release.source not in self.context.held]
        config = site_of(visible, self.context.options.site_url)
        if config is None:
            return None, [], None
        config = replace(config, press_kit=self.context.press_kit is not None)
        return config, site_entries(visible, config, self.context.held, bool(self.context.options.site_url)), \
            site_owner(visible)

    def render(self, releases: Sequence[CollectedRelease]) -> dict[str, bytes | CopyFile]:
        config, pairs, _ = self.site(releases)
        if config is None:
            return {}
        files: dict[str, bytes | CopyFile] = {}
        for entry, release in pairs:
            files.update(self._published(entry, release))
        files.update(self._logo(pairs, config))
        return {f"{SITE_FOLDER}/{name}": data for name, data in files.items()}

    def _published(self, entry: SiteEntry, release: CollectedRelease) -> dict[str, bytes | CopyFile]:
        """A release's page, its media kit's files and its photos, each as it was recorded."""
        files: dict[str, bytes | CopyFile] = {}
        page = release.outputs["site"]
        files[entry.path + "index.html"] = CopyFile(page.source, page.sha256, page.size, page.mtime_ns)
        for kind in _KIT:
            if kind in release.outputs:
                out = release.outputs[kind]
                files[f"{entry.path}{entry.slug}.{kind}"] = CopyFile(out.source, out.sha256, out.size, out.mtime_ns)
        for photo in release.summary.photos:
            recorded = release.inputs.get(photo.file)
            if recorded is None:
                self.context.problems.append(Problem(Path(release.source), 1, 1, f"photo {photo.file} was not recorded "
                                                     "when the release was read: not published",
                                                     "build again with --force", code="publish", severity="warning"))
                continue
            files[f"{entry.path}media/{photo.name}"] = CopyFile(photo.file, recorded)
        return files

    def _logo(self, pairs: list[tuple[SiteEntry, CollectedRelease]], config: SiteConfig) -> dict[str, CopyFile]:
        files: dict[str, CopyFile] = {}
        for _, release in pairs:  # each organisation's logo (the issuer's, the partners'), once
            summary = release.summary
            for source, path in ((summary.logo, summary.logo_path), *summary.partner_logos):
                recorded = release.inputs.get(source) if source else None
                if recorded is not None and path and path not in files:
                    files[path] = CopyFile(source, recorded)
        return files



class SiteCollection(SitePages):
    """Renders the rest of ``site/``: the indexes, tags, years, languages, feeds, sitemaps, robots.txt."""

    def __init__(self, context: CollectionContext) -> None:
        super().__init__(context)
        self.theme = Theme(context.options.templates, auto_reload=False)  # one collection: its templates stay

    def render(self, releases: Sequence[CollectedRelease]) -> dict[str, bytes | CopyFile]:
        config, pairs, owner = self.site(releases)
        if config is None:
            return {}
        files: dict[str, bytes | CopyFile] = dict(self._generated(config, [entry for entry, _ in pairs], owner))
        return {f"{SITE_FOLDER}/{name}": data for name, data in files.items()}

    def _generated(self, config: SiteConfig, entries: list[SiteEntry], chosen: CollectedRelease | None,
                   ) -> dict[str, bytes | CopyFile]:
        from .feeds import atom_feed, json_feed
        from .listings import ListingRenderer
        from .sitemaps import SitemapPage, news_sitemap, release_pages, robots_txt, sitemaps

        def labels_for(language: str) -> Labels:
            return Labels(language, self.context.labels)

        owner = chosen.summary if chosen is not None else None
        style = Style(accent_colour=owner.accent_colour or Style().accent_colour, font_family=owner.font_family) \
            if owner is not None else Style()
        files: dict[str, bytes | CopyFile] = dict(ListingRenderer(self.theme, style).render(config, entries, labels_for))
        if self.context.press_kit is not None:
            from .press_kit import PressKitRenderer

            files.update(PressKitRenderer(self.theme, style).render(config, self.context.press_kit, entries, labels_for))
        now = self.context.now or dt.datetime.now(dt.timezone.utc)
        for path, page_path, title, language, chosen in _feeds(config, entries, labels_for):
            files[path + "feed.atom"] = atom_feed(config, chosen, path=path + "feed.atom", title=title,
                                                  language=language, page_path=page_path)
            files[path + "feed.json"] = json_feed(config, chosen, path=path + "feed.json", title=title,
                                                  language=language, page_path=page_path)
        listed = [SitemapPage(name[: -len("index.html")]) for name in files
                  if name.endswith("index.html") and not name.startswith("search/")]
        files.update(sitemaps(config, [*release_pages(config, entries), *listed]))
        files["news-sitemap.xml"] = news_sitemap(config, entries, now)
        files["robots.txt"] = robots_txt(config)
        return files


def _feeds(config: SiteConfig, entries: list[SiteEntry], labels_for):  # type: ignore[no-untyped-def]
    """(folder, listing page, title, language, entries) of every feed: the site's, each tag's, each language's,
    with the same releases as the page it belongs to (:mod:`.listings`)."""
    from ...view.site_paths import listing_path
    from .listings import in_language, site_tags

    yield "", "", config.title, config.language, entries
    for slug, name, chosen in site_tags(entries):
        path = listing_path("tags", slug)
        yield path, path, f"{config.title}: {name}", config.language, list(chosen)
    if len(config.languages) > 1:
        for language in config.languages:
            path = listing_path("languages", language)
            yield path, path, f"{config.title} ({language})", language, [e for e in entries if in_language(e, language)]
