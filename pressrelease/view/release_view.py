"""One view of a release: everything the formats show that is derived from it, computed once.

Dates and labels in the release's language, the label above the headline,
the release and embargo lines, the dateline, the event's block, the subject,
the description, the groups of contacts, the Markdown parts (body, event
details, notes, each organisation's boilerplate, disclaimer, footer) as HTML
and as text (with one link table), and the images those parts show. A build
makes one :class:`ReleaseView` per release and hands the same one to every
format it renders, so the web page, the PDF, the text and the email cannot
disagree, and nothing is worked out twice. Only how an image is addressed
differs per output (a ``data:`` URI, a ``file:`` URL, a ``cid:``), so
:meth:`ReleaseView.html_parts` takes the format's own addressing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Mapping

from markupsafe import Markup

from ..errors import Problem, RenderError
from ..i18n import (Labels, counter_style, digit_table, format_embargo, format_month, format_release_date, letter_spaced,
                    text_direction)
from ..model import SECTIONS, Release
from ..model.kinds import kind_label_key
from ..source.markdown import image_references, render_markdown, replace_images
from ..source.references import image_path
from ..version import __version__
from .dateline import dateline_alone, dateline_html, dateline_pieces, dateline_text
from .moments import embargo_zones_text, event_when
from .plaintext import WIDTH, LinkTable, first_sentence, html_to_text
from .sections import BoilerplateView, ContactGroup, boilerplate_sources, contact_groups
from .summary import PhotoSummary, ReleaseSummary, SiteSummary

__all__ = ["PART_NAMES", "Address", "Part", "ReleaseView", "TextParts", "insert_lead"]

#: The Markdown parts every release may have; partners' boilerplates are "boilerplate_1", "boilerplate_2", ...
PART_NAMES = ("event_details", "body", "notes", "boilerplate", "disclaimer", "footer")

#: The parts each section after the body shows (the boilerplates' are found per release).
_SECTION_PARTS = {"notes_to_editors": ("notes",), "disclaimer": ("disclaimer",), "contacts": (), "footer": ("footer",)}

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
    """The Markdown parts as wrapped plain text (name -> text, "" for an empty part), links numbered together."""

    texts: Mapping[str, str] = field(default_factory=dict)
    links: tuple[tuple[int, str], ...] = ()

    def __getitem__(self, name: str) -> str:
        return self.texts.get(name, "")

    @property
    def body(self) -> str:
        return self["body"]

    @property
    def notes(self) -> str:
        return self["notes"]

    @property
    def boilerplate(self) -> str:
        return self["boilerplate"]


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
        dateline = release.dateline
        self.digits = digit_table(release.language, self.style.digits)
        self.counter_style = counter_style(release.language, self.style.digits)  # the PDF's page numbers
        if dateline is not None and dateline.precision == "month":
            self.date_text = format_month(dateline.date, release.language).translate(self.digits)
        else:
            self.date_text = format_release_date(release.date, release.language, self.style.date_format
                                                 ).translate(self.digits)
        known = release.kind_id
        self.kind = self.labels[kind_label_key(known)] if known is not None else release.kind.strip()
        self.label = self.kind if release.label is None else release.label
        self.dateline_style = "none" if dateline is None else self.style.dateline
        self.dateline_lead = self.dateline_style == "lead"
        self._dateline = [] if dateline is None or self.dateline_style == "none" else dateline_pieces(
            self.style.dateline_format or self.labels["dateline_" + self.dateline_style], dateline.city,
            self.date_text)
        self.dateline_text = dateline_text(self._dateline)
        self.dateline_alone = dateline_alone(self._dateline)  # without what joins it to the text
        self.contacts = release.media_contacts
        self.contact_groups: list[ContactGroup] = contact_groups(release, self.labels)
        self.running_head = release.running_head
        self.generator = f"pressrelease {__version__}"
        self.direction = text_direction(release.language)
        self.end_mark = self.labels["end"] if self.style.end_mark is None else self.style.end_mark
        self.sections = tuple(name for name in self.style.sections if name in SECTIONS)
        self.calendar_href = f"{release.name}.ics" if release.event is not None else ""
        self.embargo_time = self.embargo_date = self.embargo_zones = ""
        self._text: dict[int, TextParts] = {}
        if release.embargo is not None:
            self.embargo_time, self.embargo_date = (text.translate(self.digits) for text in format_embargo(
                release.embargo.until, release.language, self.style.date_format))
            self.embargo_zones = embargo_zones_text(release.embargo, self.style.embargo_zones, release.language,
                                                    self.labels).translate(self.digits)

    # -- lines ------------------------------------------------------------------------

    @cached_property
    def dateline_html(self) -> Markup:
        """The dateline on its own line as HTML ("" when it is a lead or there is none)."""
        if self.dateline_style != "line" or self.release.dateline is None:
            return Markup("")
        dateline = self.release.dateline
        iso = dateline.date.isoformat()[:7] if dateline.precision == "month" else dateline.date.isoformat()
        return dateline_html(self._dateline, iso)

    @cached_property
    def release_line(self) -> str:
        """"EMBARGOED UNTIL 10:00 CET, 19 FEBRUARY 2016", "FOR IMMEDIATE RELEASE", or "": all in capitals
        (in the scripts that have them), so the embargo reads like the line it replaces."""
        embargo = self.release.embargo
        if embargo is not None:
            line = (self.labels.format("embargoed_date", date=self.embargo_date) if embargo.date_only
                    else self.labels.format("embargoed", time=self.embargo_time, date=self.embargo_date))
            return (f"{line} {self.embargo_zones}" if self.embargo_zones else line).upper()
        return self.labels.format("immediate").upper() if self.style.release_line else ""

    @cached_property
    def subject(self) -> str:
        """The email's subject: the headline, after "EMBARGOED until ...:" under embargo (the main zone only)."""
        embargo, headline = self.release.embargo, self.release.headline
        if embargo is None:
            return headline
        if embargo.date_only:
            return self.labels.format("subject_embargoed_date", date=self.embargo_date, headline=headline)
        return self.labels.format("subject_embargoed", time=self.embargo_time, date=self.embargo_date,
                                  headline=headline)

    @cached_property
    def description(self) -> str:
        """The deck (its lines joined), or the body's first sentence: for summaries and meta descriptions."""
        return " ".join(self.release.deck) or first_sentence(self.parts["body"].html)

    @cached_property
    def preheader(self) -> str:
        """The body's first sentence: what an inbox previews after the subject."""
        return first_sentence(self.parts["body"].html)

    @cached_property
    def signature(self) -> tuple[str, ...]:
        """The lines that sign off a plain-text email: "-- ", the organisation and its website."""
        return tuple(line for line in ("-- ", self.organisation.name, self.organisation.website) if line)

    @cached_property
    def event_lines(self) -> tuple[tuple[str, str, str], ...]:
        """The event block's (label, value, link) lines: what, when, where, online (link: its URL; else "")."""
        event = self.release.event
        if event is None:
            return ()
        where = self.labels["separator"].join(line.strip() for line in [event.venue, *event.address.splitlines()] if line.strip())
        lines = [("event_what", event.title),
                 ("event_when", event_when(event, self.release.language, self.labels, self.style.date_format
                                           ).translate(self.digits)),
                 ("event_where", where), ("event_online", event.online)]
        return tuple((self.labels[key], value, value if key == "event_online" else "") for key, value in lines if value)

    # -- the Markdown parts -------------------------------------------------------------

    @cached_property
    def _boilerplates(self) -> list[tuple[BoilerplateView, str, Path | None]]:
        return boilerplate_sources(self.release, self.labels)

    @cached_property
    def part_order(self) -> tuple[str, ...]:
        """The Markdown parts in the order this release shows them: event details, body, then its sections'."""
        order = ["event_details", "body"]
        for section in self.sections:
            if section == "boilerplates":
                order.extend(view.part for view, _, _ in self._boilerplates)
            else:
                order.extend(_SECTION_PARTS[section])
        return tuple(order)

    @cached_property
    def parts(self) -> Mapping[str, Part]:
        """Every Markdown part as sanitised HTML, in :attr:`part_order`, images still as the source wrote them.

        An image is found from the folder of what wrote it: the release's, or the organisation's for
        its boilerplate (and its footer, when the release has none of its own).
        """
        release = self.release
        own = release.base_dir or Path.cwd()
        org_dir = self.organisation.base_dir or own
        event = release.event
        sources: dict[str, tuple[str, Path]] = {
            "body": (release.body, own), "notes": (release.notes_to_editors, own),
            "event_details": (event.details if event is not None else "", own),
            "disclaimer": (release.disclaimer, own),
            "footer": (release.footer, own) if release.footer.strip() else (self.organisation.footer, org_dir),
            "boilerplate": ("", org_dir)}
        for view, text, folder in self._boilerplates:
            sources[view.part] = (text, folder or own)
        names = list(dict.fromkeys([*self.part_order, *sources]))
        quotes = ((self.labels["quote_open"], self.labels["quote_close"], self.labels["quote_inner_open"])
                  if self.style.smart_quotes else None)
        return {name: Part(name, render_markdown(sources[name][0], quotes), sources[name][1]) for name in names}

    @cached_property
    def images(self) -> tuple[Path, ...]:
        """The local image files the shown Markdown parts show, in order, without repeats."""
        shown = [self.parts[name] for name in self.part_order]
        found = [path for part in shown for _, path in part.images() if path is not None]
        return tuple(dict.fromkeys(found))

    def html_parts(self, address: Address) -> dict[str, Markup]:
        """Every part (the body with the dateline lead when the style asks for it), images re-addressed."""
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

    def html_context(self, address: Address) -> dict[str, Any]:
        """The parts as HTML for a template: each by name, and ``boilerplates`` (heading and HTML, in order)."""
        html = self.html_parts(address)
        return html | {"boilerplates": [replace(view, html=html[view.part]) for view, _, _ in self._boilerplates]}

    def _with_lead(self, body: Markup) -> Markup:
        if not self.dateline_lead or not self.dateline_text:
            return body
        return insert_lead(body, self.dateline_text)

    def text_parts(self, width: int = WIDTH) -> TextParts:
        """Every part as plain text wrapped at ``width``, numbering links in :attr:`part_order` in one table."""
        cached = self._text.get(width)
        if cached is None:
            links = LinkTable()
            label = self.labels["image"]
            texts = {}
            for name in self.part_order:
                html = self._with_lead(self.parts[name].html) if name == "body" else self.parts[name].html
                texts[name] = html_to_text(html, links, width=width, image_label=label) if html else ""
            cached = self._text[width] = TextParts(texts, links=tuple(links))
        return cached

    def text_context(self, width: int = WIDTH) -> dict[str, Any]:
        """The parts as text for a template: ``<name>_text`` for each, ``boilerplates`` and ``links``."""
        text = self.text_parts(width)
        names = {name: text[name] for name in self.parts}
        return {f"{name}_text": value for name, value in names.items()} | {
            "boilerplates": [replace(view, text=text[view.part]) for view, _, _ in self._boilerplates],
            "links": list(text.links)}

    # -- for templates and collections ------------------------------------------------------

    def context(self) -> dict[str, Any]:
        """What every template sees of the release; each format adds its own entries to this new dict."""
        return {
            "release": self.release,
            "organisation": self.organisation,
            "organisations": self.release.organisations,
            "style": self.style,
            "labels": self.labels,
            "generator": self.generator,
            "kind": self.kind,
            "label": self.label,
            "deck": self.release.deck,
            "date_text": self.date_text,
            "dateline_text": self.dateline_text,
            "dateline_html": self.dateline_html,
            "dateline_lead": self.dateline_lead,
            "dateline_style": self.dateline_style,
            "release_line": self.release_line,
            "embargo_time": self.embargo_time,
            "embargo_date": self.embargo_date,
            "embargo_zones": self.embargo_zones,
            "event": self.release.event,
            "event_lines": self.event_lines,
            "calendar_href": self.calendar_href,
            "label_spaced": letter_spaced(self.release.language),
            "direction": self.direction,
            # the physical sides where a line starts and ends, for CSS without logical properties
            # (page margin boxes, email clients)
            "start_side": "right" if self.direction == "rtl" else "left",
            "end_side": "left" if self.direction == "rtl" else "right",
            "end_mark": self.end_mark,
            "contacts": self.contacts,
            "contact_groups": self.contact_groups,
            "sections": self.sections,
            "description": self.description,
            "preheader": self.preheader,
            "running_head": self.running_head,
        }

    def summary(self) -> ReleaseSummary:
        """The facts a collection of releases (a catalogue, the site's indexes and feeds) needs of this one."""
        from .site_meta import logo_path, media_names, modified_at, published_at

        release, org = self.release, self.organisation
        site = org.site
        published = published_at(release).isoformat()
        return ReleaseSummary(
            slug=release.name, headline=release.headline, date=release.date.isoformat(),
            language=release.language, kind=self.kind, tags=release.tags,
            embargo=release.embargo.until.isoformat() if release.embargo is not None else None,
            direction=self.direction, description=self.description,
            city=release.dateline.city if release.dateline is not None else "",
            published=published, modified=modified_at(release).isoformat(), translation_key=release.translation_key,
            organisation=org.name, organisation_url=org.website, organisation_language=org.language,
            organisation_file=str(org.path) if org.path is not None else "",
            logo=str(org.logo) if org.logo is not None else "", logo_path=logo_path(org),
            partner_logos=tuple((str(partner.logo), path) for partner in release.organisations[1:]
                                if partner.logo is not None and (path := logo_path(partner))),
            photos=tuple(PhotoSummary(str(photo.file), name, photo.alt, photo.caption, photo.credit, photo.usage)
                         for photo, name in zip(release.photos, media_names(release), strict=True)),
            site=SiteSummary(site.url, site.title, site.per_page, site.languages) if site is not None else None,
            accent_colour=self.style.accent_colour, font_family=self.style.font_family,
        )
