"""The per-release output formats: a registry, one renderer module each, and the session that runs them.

The built-in formats are registered here, one line each. Adding a format is
a renderer module (a class with ``render(job) -> str | bytes``), its
templates, and one ``FORMATS.register(...)`` call (see docs/architecture.md).
"""

from __future__ import annotations

import dataclasses

from .registry import PDF_VARIANTS, Collection, Format, Job, Registry, Renderer, RenderOptions

__all__ = ["COLLECTIONS", "FORMATS", "PDF_VARIANTS", "Collection", "Format", "Job", "Registry", "RenderOptions",
           "Renderer", "email_needs", "options_for"]


def options_for(formats: tuple[str, ...], options: RenderOptions) -> RenderOptions:
    """The render options of a build of ``formats``: the web page links its .ics when one is made beside it."""
    link = "ics" in formats
    return options if options.calendar_link == link else dataclasses.replace(options, calendar_link=link)


def email_needs(options: RenderOptions) -> tuple[str, ...]:
    """The formats a message is made from: the text, the PDF when it is attached, and the event's calendar
    file (attached when the release has an event; :meth:`Job.optional` says whether it has)."""
    return ("txt", "pdf", "ics") if options.attach_pdf else ("txt", "ics")


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

#: Every collection output, made after all releases from the summaries of all of them.
COLLECTIONS: list[Collection] = [
    Collection("catalogue", "releases.json: every release with its files' sizes and SHA-256",
               "pressrelease.formats.catalogue:Catalogue"),
]
