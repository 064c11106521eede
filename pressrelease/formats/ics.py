"""The iCalendar file (RFC 5545) of a media advisory's event: one VEVENT a journalist adds to a calendar.

Built with the ``icalendar`` library, which escapes every text value
(``\\``, ``;``, ``,`` and line breaks), quotes parameter values (RFC 6868 for
a ``"`` in a name), ends lines with CRLF and folds them at 75 octets, so no
text from a source can start a property or a component of its own.

The file is reproducible: its DTSTAMP is the moment the release dates
itself (the embargo's end, else midnight UTC on the release day), never
the time of the build, and its UID is the release's name at the
organisation's domain, so a corrected advisory updates the event a
calendar already holds instead of adding a second one.

A release without an event has no calendar file: the renderer raises
:class:`~pressrelease.errors.FormatSkipped` with nothing to say, and the
build writes the release's other formats.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from ..errors import FormatSkipped
from ..model import Event, Release
from ..source.markdown import render_markdown
from ..theme import Theme
from ..version import __version__
from ..view.plaintext import LinkTable, html_to_text
from .registry import Job, RenderOptions

__all__ = ["PRODID", "IcsRenderer", "event_description", "event_location", "event_uid"]

PRODID = f"-//pressrelease//{__version__}//EN"
#: Calendar programs wrap a description themselves: the details' paragraphs are not wrapped here.
_UNWRAPPED = 100_000


def event_uid(release: Release) -> str:
    """The event's UID: the same for every build of the release, unique to its organisation."""
    return f"{release.name}@{release.organisation.domain or 'pressrelease.invalid'}"


def event_location(event: Event) -> str:
    """The venue and the lines of the address on one line, joined by commas."""
    lines = [event.venue.strip(), *(line.strip() for line in event.address.splitlines())]
    return ", ".join(line for line in lines if line)


def event_description(event: Event) -> str:
    """The details (Markdown) as plain text, links numbered and listed after them, then the online link."""
    blocks = []
    if event.details.strip():
        links = LinkTable()
        blocks.append(html_to_text(render_markdown(event.details), links, width=_UNWRAPPED))
        if len(links):
            blocks.append("\n".join(f"[{number}] {url}" for number, url in links))
    if event.online:
        blocks.append(event.online)
    return "\n\n".join(block.strip("\n") for block in blocks if block.strip())


class _Text(icalendar.vText):
    """A TEXT value escaped exactly as RFC 5545 §3.3.11 says: backslash, semicolon, comma, line breaks.

    icalendar's own escaping first turns a literal ``\\N`` into a line break, so an event's details that
    say ``C:\\New`` would come back broken across two lines.
    """

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n").encode(self.encoding)


def _moment(value: dt.datetime) -> dt.datetime:
    """A time as the file writes it: in its IANA zone (a TZID) when it has one, else in UTC."""
    value = value.replace(microsecond=0)
    key = getattr(value.tzinfo, "key", None)  # a zoneinfo.ZoneInfo
    return value if isinstance(key, str) and key != "UTC" else value.astimezone(dt.timezone.utc)


def _when(event: Event) -> tuple[dt.date, dt.date | None]:
    """DTSTART and DTEND: whole days end the day after the last one (DTEND is exclusive)."""
    if event.all_day:
        last = event.end if event.end is not None else event.start
        return event.start, last + dt.timedelta(days=1)
    assert isinstance(event.start, dt.datetime)
    end = event.end
    assert end is None or isinstance(end, dt.datetime)
    return _moment(event.start), _moment(end) if end is not None else None


def _stamp(release: Release) -> dt.datetime:
    """When the release dates itself, in UTC: the embargo's end, else midnight UTC on its day."""
    return release.embargo.utc if release.embargo is not None else release.date_utc


class IcsRenderer:
    """Renders the ``.ics`` of a release's event as UTF-8 bytes."""

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options

    def render(self, job: Job) -> bytes:
        release = job.release
        if release.event is None:
            raise FormatSkipped()  # no event, no calendar file; nothing to say about it
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add_component(self.vevent(release, release.event))
        start, end = _when(release.event)
        if isinstance(start, dt.datetime):
            last = end if end is not None else start
            # A VTIMEZONE for each IANA zone used, covering the event only: the same bytes every year.
            calendar.add_missing_timezones(first_date=start.date() - dt.timedelta(days=1),
                                           last_date=last.date() + dt.timedelta(days=1))
        return calendar.to_ical()

    def vevent(self, release: Release, event: Event) -> icalendar.Event:
        vevent = icalendar.Event()
        vevent.add("uid", event_uid(release))
        vevent.add("dtstamp", _stamp(release))
        start, end = _when(event)
        vevent.add("dtstart", start)
        if end is not None:
            vevent.add("dtend", end)
        language = {"language": release.language}
        vevent.add("summary", _Text(event.title), parameters=language)
        location = event_location(event)
        if location:
            vevent.add("location", _Text(location), parameters=language)
        description = event_description(event)
        if description:
            vevent.add("description", _Text(description), parameters=language)
        if event.online:
            vevent.add("url", event.online)
        organisation = release.organisation
        if organisation.email:
            vevent.add("organizer", f"mailto:{organisation.email}", parameters={"cn": organisation.name})
        return vevent
