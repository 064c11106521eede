"""The per-release output formats: a registry, one renderer module each, and the session that runs them.

The built-in formats are registered here, one line each. Adding a format is
a renderer module (a class with ``render(job) -> str | bytes``), its
templates, and one ``FORMATS.register(...)`` call (see docs/architecture.md).
"""

from __future__ import annotations

import dataclasses

from .registry import PDF_VARIANTS, Collection, CollectionContext, CopyFile, Format, Job, Registry, Renderer, RenderOptions

__all__ = ["COLLECTIONS", "FORMATS", "PDF_VARIANTS", "Collection", "CollectionContext", "CopyFile", "Format", "Job", "Registry", "RenderOptions",
           "Renderer", "email_needs", "options_for"]


def options_for(formats: tuple[str, ...], options: RenderOptions) -> RenderOptions:
    """The render options of a build of ``formats``: the web page links its .ics when one is made beside it,
    and the site page offers the PDF, text and calendar file the build makes."""
    link = "ics" in formats
    kit = tuple(name for name in ("pdf", "txt", "ics") if name in formats) if "site" in formats else ()
    if options.calendar_link == link and options.media_kit == kit:
        return options
    return dataclasses.replace(options, calendar_link=link, media_kit=kit)


def email_needs(options: RenderOptions) -> tuple[str, ...]:
    """The formats a message is made from: the text, the PDF when it is attached, and the event's calendar
    file (attached when the release has an event; :meth:`Job.optional` says whether it has)."""
    return ("txt", "pdf", "ics") if options.attach_pdf else ("txt", "ics")


def site_page_needs(options: RenderOptions) -> tuple[str, ...]:
    """The site page sizes its media kit's files: it needs those the build makes (pdf, txt, ics)."""
    return options.media_kit


#: Every per-release format, in the order outputs are listed.
FORMATS = Registry()
FORMATS.register(Format("html", ".html", "standalone web page", "pressrelease.formats.html:HtmlRenderer",
                        text=True, translations=True))
FORMATS.register(Format("pdf", ".pdf", "print-ready PDF (WeasyPrint)", "pressrelease.formats.pdf.renderer:PdfRenderer"))
FORMATS.register(Format("txt", ".txt", "plain-text email body", "pressrelease.formats.text:TextRenderer",
                        text=True))
FORMATS.register(Format("ics", ".ics", "iCalendar file of a media advisory's event", "pressrelease.formats.ics:IcsRenderer",
                        text=True))
FORMATS.register(Format("eml", ".eml", "complete MIME email", "pressrelease.formats.email.renderer:EmailRenderer",
                        needs=email_needs))
FORMATS.register(Format("site", ".site.html", "the release's page in the newsroom site (with a site: or --site-url)",
                        "pressrelease.formats.site.page:SitePageRenderer", needs=site_page_needs, text=True,
                        translations=True, public=True))
FORMATS.register(Format("ninjs", ".ninjs.json", "IPTC ninjs 3.2 news item (JSON) for wire services", "pressrelease.formats.wire.ninjs:NinjsRenderer", text=True))
FORMATS.register(Format("newsml", ".newsml.xml", "IPTC NewsML-G2 2.35 newsItem", "pressrelease.formats.wire.newsml:NewsmlRenderer"))

#: Every collection output, made after all releases from the summaries of all of them.
COLLECTIONS: list[Collection] = [
    Collection("catalogue", "releases.json: every release with its files' sizes and SHA-256",
               "pressrelease.formats.catalogue:Catalogue"),
    Collection("site-pages", "the newsroom site's published releases in site/: pages, media kits, photos, logos",
               "pressrelease.formats.site.collection:SitePages", contextual=True),
    Collection("site", "the rest of the newsroom site: indexes, tags, years, languages, feeds, sitemaps",
               "pressrelease.formats.site.collection:SiteCollection", contextual=True),
]
