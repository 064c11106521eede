"""One view of a release: everything the formats show that is derived from it, computed once.

Dates and labels in the release's language, the release and embargo lines,
the dateline, the subject, the description, the Markdown parts as HTML and
as text (with one link table), and the images those parts show. A build
makes one :class:`ReleaseView` per release and hands the same one to every
format it renders, so the web page, the PDF, the text and the email cannot
disagree, and nothing is worked out twice. Only how an image is addressed
differs per output (a ``data:`` URI, a ``file:`` URL, a ``cid:``), so
:meth:`ReleaseView.html_parts` takes the format's own addressing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping

from markupsafe import Markup

from ..errors import Problem, RenderError
from ..i18n import Labels, format_embargo, format_release_date
from ..model import Release
from ..source.markdown import image_references, render_markdown, replace_images
from ..source.references import image_path
from ..version import __version__
from .plaintext import WIDTH, LinkTable, first_sentence, html_to_text
from .summary import ReleaseSummary

__all__ = ["PART_NAMES", "Address", "Part", "ReleaseView", "TextParts", "insert_lead"]

#: The Markdown parts of a release, in the order every format shows them.
PART_NAMES = ("body", "notes", "boilerplate")

#: How a format addresses an image: (the ``src`` as written, its local file or None for a URL) -> new ``src``.
Address = Callable[[str, "Path | None"], str]


@dataclass(frozen=True, slots=True)
class Part:
    """One Markdown part as sanitised HTML, and the folder its relative images are in."""

    name: str
    html: Markup
    folder: Path

    def images(self) -> list[tuple[str, Path | None]]:
        """(src, local file or None) of each image this part shows, without repeats."""
        return [(src, image_path(src, self.folder)) for src in dict.fromkeys(image_references(self.html))]


@dataclass(frozen=True, slots=True)
class TextParts:
    """The Markdown parts as wrapped plain text, with the links of all three numbered together."""

    body: str
    notes: str
    boilerplate: str
    links: tuple[tuple[int, str], ...]


def insert_lead(body: Markup, lead: str) -> Markup:
    """Start the first paragraph with the dateline ("GENEVA, 19 February 2016 –").

    If the body does not open with a paragraph the lead becomes its own.
    """
    span = Markup('<span class="dateline-lead">{}</span> ').format(lead)
    if body.startswith("<p>"):
        return Markup("<p>") + span + Markup(body[3:])
    return Markup("<p>") + span.rstrip() + Markup("</p>\n") + body


class ReleaseView:
    """What every format sees of one release, each value worked out at most once."""

    def __init__(self, release: Release) -> None:
        self.release = release
        self.organisation = release.organisation
        self.style = release.house_style
        self.labels = Labels(release.language, release.organisation.labels)
        self.date_text = format_release_date(release.date, release.language, self.style.date_format)
        self.kind = release.kind or self.labels["kind"]
        self.dateline_text = f"{release.dateline.city}, {self.date_text}"
        self.dateline_lead = self.style.dateline == "lead"
        self.contacts = release.media_contacts
        self.running_head = release.running_head
        self.generator = f"pressrelease {__version__}"
        self.embargo_time = self.embargo_date = ""
        self._text: dict[int, TextParts] = {}
        if release.embargo is not None:
            self.embargo_time, self.embargo_date = format_embargo(
                release.embargo.until, release.language, self.style.date_format)

    # -- lines ------------------------------------------------------------------------

    @cached_property
    def release_line(self) -> str:
        """"EMBARGOED UNTIL 10:00 CET, 19 February 2016", "FOR IMMEDIATE RELEASE", or ""."""
        if self.release.embargo is not None:
            return self.labels.format_caps("embargoed", time=self.embargo_time, date=self.embargo_date)
        return self.labels.format_caps("immediate") if self.style.release_line else ""

    @cached_property
    def subject(self) -> str:
        """The email's subject: the headline, after "EMBARGOED until ...:" under embargo."""
        if self.release.embargo is None:
            return self.release.headline
        return self.labels.format("subject_embargoed", time=self.embargo_time, date=self.embargo_date,
                                  headline=self.release.headline)

    @cached_property
    def description(self) -> str:
        """The subheadline, or the body's first sentence: for summaries and meta descriptions."""
        return self.release.subheadline or first_sentence(self.parts["body"].html)

    @cached_property
    def signature(self) -> tuple[str, ...]:
        """The lines that sign off a plain-text email: "-- ", the organisation and its website."""
        return tuple(line for line in ("-- ", self.organisation.name, self.organisation.website) if line)

    # -- the Markdown parts -------------------------------------------------------------

    @cached_property
    def parts(self) -> Mapping[str, Part]:
        """Body, notes and boilerplate as sanitised HTML, their images still as the source wrote them."""
        own = self.release.base_dir or Path.cwd()
        org_dir = self.organisation.base_dir or own
        texts = (("body", self.release.body, own), ("notes", self.release.notes_to_editors, own),
                 ("boilerplate", self.organisation.boilerplate, org_dir))
        return {name: Part(name, render_markdown(text), folder) for name, text, folder in texts}

    @cached_property
    def images(self) -> tuple[Path, ...]:
        """The local image files the Markdown parts show, in order, without repeats."""
        found = [path for part in self.parts.values() for _, path in part.images() if path is not None]
        return tuple(dict.fromkeys(found))

    def html_parts(self, address: Address) -> dict[str, Markup]:
        """Body (with the dateline lead when the style asks for it), notes and boilerplate, images re-addressed."""
        html = {}
        for name, part in self.parts.items():
            try:
                html[name] = replace_images(part.html, lambda src, folder=part.folder: address(src, image_path(src, folder)))
            except ValueError as exc:  # HTML the rewrite could not read: nothing is made from it
                origin = self.release.origin
                raise RenderError([Problem(origin.path if origin else None, origin.body_line if origin else 0, 1,
                                           f"{name}: {exc}", "simplify the raw HTML around the image",
                                           code="image")]) from None
        html["body"] = self._with_lead(html["body"])
        return html

    def _with_lead(self, body: Markup) -> Markup:
        if not self.dateline_lead:
            return body
        return insert_lead(body, f"{self.release.dateline.city.upper()}, {self.date_text} –")

    def text_parts(self, width: int = WIDTH) -> TextParts:
        """Body, notes and boilerplate as plain text wrapped at ``width``, sharing one link table."""
        cached = self._text.get(width)
        if cached is None:
            links = LinkTable()
            label = self.labels["image"]
            html = {name: part.html for name, part in self.parts.items()} | {"body": self._with_lead(self.parts["body"].html)}
            texts = [html_to_text(html[name], links, width=width, image_label=label) if html[name] else ""
                     for name in PART_NAMES]
            cached = self._text[width] = TextParts(*texts, links=tuple(links))
        return cached

    # -- for templates and collections ------------------------------------------------------

    def context(self) -> dict[str, Any]:
        """What every template sees of the release; each format adds its own entries to this new dict."""
        return {
            "release": self.release,
            "organisation": self.organisation,
            "style": self.style,
            "labels": self.labels,
            "generator": self.generator,
            "kind": self.kind,
            "date_text": self.date_text,
            "dateline_text": self.dateline_text,
            "dateline_lead": self.dateline_lead,
            "release_line": self.release_line,
            "embargo_time": self.embargo_time,
            "embargo_date": self.embargo_date,
            "contacts": self.contacts,
            "description": self.description,
            "running_head": self.running_head,
        }

    def summary(self) -> ReleaseSummary:
        """The facts a collection of releases (a catalogue, an index) needs of this one."""
        release = self.release
        return ReleaseSummary(
            slug=release.name,
            headline=release.headline,
            date=release.date.isoformat(),
            language=release.language,
            kind=self.kind,
            tags=release.tags,
            embargo=release.embargo.until.isoformat() if release.embargo is not None else None,
        )
