"""A release's own page in the newsroom site: today's web page inside the site's shell, with its media kit.

The page is ``releases/<slug>/index.html`` in the site. Its photos are
files beside it (``media/<name>``, published by the collection stage from
the very files this release was read from), each offered at full
resolution with its alt text, caption and credit; the PDF, text and
calendar file built for it are offered as downloads (``<slug>.pdf`` ...),
with their sizes. Other images (a logo, a body image) are embedded like
the standalone page's. It carries the canonical address, Open Graph and
Twitter card, NewsArticle JSON-LD and ``hreflang`` alternates
(:mod:`pressrelease.view.site_meta`).

A release whose organisation has no ``site:``, built without
``--site-url``, has no site page: the format is skipped for it, quietly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from ...errors import FormatSkipped
from ...model import Release
from ...view.press_kit import KIT_PATH
from ...view.site_meta import logo_path, media_names, site_url_of
from ...view.site_paths import release_path, relative
from ...view.translations import translation_links
from ..html import HtmlRenderer
from ..page import PhotoView
from ..registry import Job
from .entries import SiteConfig
from .navigation import navigation

__all__ = ["KIT_FORMATS", "KitFile", "SitePageRenderer", "site_config"]

#: The per-release formats a release's media kit offers, when the build makes them.
KIT_FORMATS = ("pdf", "txt", "ics")

_TYPES = {"pdf": "application/pdf", "txt": "text/plain", "ics": "text/calendar"}


@dataclass(frozen=True, slots=True)
class KitFile:
    """A download of the media kit: the format, its file name (beside the page), size in bytes, media type."""

    kind: str
    href: str
    size: int
    type: str


def site_config(release: Release, site_url: str) -> SiteConfig:
    """The site as this release's page sees it (its organisation's ``site:``, the address given)."""
    org, site = release.organisation, release.organisation.site
    languages = site.languages if site is not None and site.languages else (org.language or release.language,)
    return SiteConfig(url=site_url, title=(site.title if site is not None else "") or org.name,
                      per_page=site.per_page if site is not None else 20, languages=languages,
                      organisation=org.name, organisation_url=org.website, domain=urlsplit(site_url).hostname or "",
                      press_kit=org.press_kit is not None, logo=logo_path(org))


class SitePageRenderer(HtmlRenderer):
    """Renders ``site/release.html``: photos as files in ``media/``, the rest embedded as on the web page.

    The site's header and footer are the same on every release page of one site and language (each
    link is ``../../`` from ``releases/<slug>/``): they are rendered once from ``site/shell.html`` for
    each navigation and reused (``shell_html``: head, skip, header, footer).
    """

    template = "site/release.html"
    suffix = "/"
    _SHELL = ("head", "skip", "header", "footer")

    def __init__(self, theme: Any, options: Any) -> None:
        super().__init__(theme, options)
        self._shells: dict[Any, dict[str, Markup]] = {}  # navigation -> the shell's parts, rendered

    def _shell(self, nav: Any) -> dict[str, Markup]:
        shells = self._shells
        if self.theme.auto_reload:  # a theme kept between calls (the one-call API): its templates may change
            shells.clear()
        found = shells.get(nav)
        if found is None:
            if len(shells) >= 64:
                shells.clear()
            found = shells[nav] = {part: Markup(self.theme.call_macro("site/shell.html", part, nav))
                                   for part in self._SHELL}
        return found

    def render(self, job: Job) -> str | bytes:
        release = job.release
        site_url = site_url_of(release, self.options.site_url)
        if site_url is None:
            raise FormatSkipped()  # no site for this release's organisation: nothing to say
        return super().render(job)

    def extra_context(self, job: Job, context: dict[str, Any]) -> None:
        """Add the site's entries to the web page's context (called by :meth:`HtmlRenderer.render`)."""
        release = job.release
        site_url = site_url_of(release, self.options.site_url)
        assert site_url is not None
        names = media_names(release)
        own = release_path(release.name)
        context["photos"] = [PhotoView(view.photo, "media/" + quote(name)) for view, name in zip(context["photos"], names, strict=True)]
        context["media_names"] = names
        context["site"] = site_config(release, site_url)
        context["release_line"] = ""  # published: the site shows it only once its embargo has lifted
        context["page_path"] = own
        context["root"] = relative(own, "")
        context["translations"] = tuple(_site_link(link) for link in translation_links(release, job.translations, "/"))
        context["kit"] = [KitFile(kind, quote(f"{release.name}.{kind}"), _size(output), _TYPES[kind])
                          for kind in self.options.media_kit
                          if (output := job.optional(kind)) is not None]
        context["press_kit"] = relative(own, KIT_PATH) if context["site"].press_kit else ""
        context["nav"] = nav = navigation(context["site"], job.view.labels, own)
        context["shell_html"] = self._shell(nav)
        # context["meta"] is the web page's (HtmlRenderer.render): the same site address, so the same metadata


def _size(output: str | bytes) -> int:
    """The size of a kit file as written: a text's in UTF-8 bytes, not in characters."""
    return len(output.encode("utf-8")) if isinstance(output, str) else len(output)


def _site_link(link: Any) -> Any:
    """A switcher entry pointing at the sibling's page in the site (``../<name>/``)."""
    from dataclasses import replace

    return replace(link, href="../" + link.href)
