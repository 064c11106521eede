"""The release as data: typed, immutable, and independent of any file format.

Every later stage starts from a :class:`Release`. The loader builds one from
a source file, but a program can build one directly; the constructors check
the few invariants that no renderer could recover from (an embargo without a
time zone, an empty headline), and leave content rules to the loader and
linter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from types import MappingProxyType

from ..errors import ModelTypeError, position_of
from ..i18n import is_known_language
from ..rules import SLUG
from .checks import as_date, as_path, as_tuple, checked_text, checked_texts, in_years, refuse
from .event import Event
from .kinds import kind_id
from .organisation import Contact, Organisation, Style

TYPE_CHECKING = False

__all__ = ["Dateline", "Embargo", "Origin", "Photo", "Release", "slugify"]


if TYPE_CHECKING:
    from typing import Literal

    Precision = Literal["day", "month"]
else:
    Precision = str


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """Where and when the release was issued ("Geneva, 19 February 2016"), the city optional.

    ``precision`` "month" dates a release by its month only ("November
    2019"); ``date`` is then the month's first day, which is what sorting and
    metadata use.
    """

    date: dt.date
    city: str = ""
    precision: Precision = "day"

    def __post_init__(self) -> None:
        checked_texts(self, ("city",))
        as_date(self, "date")
        if self.precision not in ("day", "month"):
            raise refuse(self, "precision", "is 'day' or 'month'")
        if self.precision == "month" and self.date.day != 1:
            object.__setattr__(self, "date", self.date.replace(day=1))


@dataclass(frozen=True, slots=True, kw_only=True)
class Embargo:
    """The moment the release may be published.

    Always time-zone aware: "10:00" means nothing to a journalist in another
    zone, and a naive time in a YAML file is silently read as UTC by most
    tools. When the zone is an IANA name it is kept, so the release can say
    "10:00 CET" rather than "+01:00".
    """

    until: dt.datetime
    #: Given as a day only ("embargo: 2021-10-14"): ``until`` is midnight in the organisation's zone,
    #: and the release says "Embargoed until 14 October 2021" without a time.
    date_only: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.date_only, bool):
            raise ModelTypeError("Embargo", "date_only", f"is True or False, not {type(self.date_only).__name__}")
        if not isinstance(self.until, dt.datetime):
            raise ModelTypeError("Embargo", "until", f"is a datetime with a time zone, not a {type(self.until).__name__}")
        if self.until.tzinfo is None or self.until.utcoffset() is None:
            raise refuse(self, "until", "needs a time zone (an offset or an IANA zone): an embargo is one instant")
        in_years(self, "until", self.until)

    @property
    def zone_name(self) -> str | None:
        """The IANA zone ("Europe/Zurich") when the embargo was given with one."""
        key = getattr(self.until.tzinfo, "key", None)  # a zoneinfo.ZoneInfo, without importing zoneinfo
        return key if isinstance(key, str) else None

    @property
    def utc(self) -> dt.datetime:
        return self.until.astimezone(dt.timezone.utc)

    def is_past(self, now: dt.datetime) -> bool:
        return now >= self.until


@dataclass(frozen=True, slots=True, kw_only=True)
class Photo:
    """A picture shown with the release; ``file`` is an absolute path once loaded.

    ``credit`` says who took or owns it, ``usage`` how it may be used (a licence or usage note:
    "Editorial use only"); every output that prints the credit prints the usage note too.
    """

    file: Path
    alt: str = ""
    caption: str = ""
    credit: str = ""
    usage: str = ""

    def __post_init__(self) -> None:
        as_path(self, "file")
        checked_texts(self, ("alt", "caption", "credit", "usage"))


@dataclass(frozen=True, slots=True, eq=False)
class Origin:
    """Where a loaded release came from, so later stages can point at a line.

    ``fields`` maps a dotted field path ("photos[0].file") to its (line, col);
    ``data`` is the file's bytes as read (embedded in archival PDFs). Two
    origins are the same only if they are one object: a release compares
    without its origin.
    """

    path: Path
    text: str
    body_line: int
    fields: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    data: bytes = b""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    def locate(self, field_path: str) -> tuple[int, int]:
        """The position of a field, or of its nearest located parent."""
        key = field_path
        while key:
            if key in self.fields:
                return self.fields[key]
            key = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", key) if re.search(r"[.\[]", key) else ""
        return (1, 1)

    def find(self, needle: str, from_line: int = 1) -> tuple[int, int] | None:
        """The first position of ``needle`` in the source text, at or after ``from_line``."""
        return position_of(self.text, needle, from_line)


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """One press release, complete: everything every output format shows.

    ``kind`` says what the release is (a known kind, see :data:`KINDS`, or
    any text); ``label`` is what is printed above the headline: ``None`` for
    the kind's name in the release's language, ``""`` for no label.
    ``subheadline`` is the deck under the headline: one line, or several
    given as a list (kept joined by line breaks; see :attr:`deck`).
    ``dateline`` may be left out when an embargo dates the release.
    ``partners`` are the other organisations of a joint release (the
    ``organisation`` stays the issuer). ``contacts``, when given, replace the
    organisations' own.
    """

    headline: str
    dateline: Dateline | None = None
    body: str
    organisation: Organisation
    kind: str = ""
    label: str | None = None
    subheadline: str = ""
    short_headline: str = ""
    language: str = "en"
    embargo: Embargo | None = None
    #: When the release was last corrected (aware): its pages' and feeds' modified time; None: never.
    updated: dt.datetime | None = None
    photos: tuple[Photo, ...] = ()
    notes_to_editors: str = ""
    disclaimer: str = ""
    footer: str = ""
    event: Event | None = None
    partners: tuple[Organisation, ...] = ()
    tags: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    slug: str = ""
    #: Releases sharing this key are translations of one another ("" for none): lowercase letters,
    #: digits and hyphens, as a slug.
    translation_key: str = ""
    style: Style | None = None
    base_dir: Path | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        checked_text(self, "headline", self.headline, required=True, header=True)  # the email's subject
        checked_texts(self, ("kind", "short_headline"))
        if self.label is not None:
            checked_text(self, "label", self.label)
        if not isinstance(self.subheadline, str):  # a deck given as lines
            lines = as_tuple(self, "subheadline", str)
            object.__setattr__(self, "subheadline", "\n".join(line for line in lines if line.strip()))
        for index, line in enumerate(self.deck):
            checked_text(self, f"subheadline[{index}]", line)
        checked_texts(self, ("body", "notes_to_editors", "disclaimer", "footer"), multiline=True)
        checked_text(self, "language", self.language, required=True, accepts=is_known_language,
                     rule="a known BCP 47 language tag")
        checked_text(self, "translation_key", self.translation_key, accepts=SLUG.fullmatch,
                     rule="lowercase letters, digits and hyphens")
        if not isinstance(self.slug, str):  # the loader's default is the file's stem, whatever it is
            raise ModelTypeError("Release", "slug", f"must be text, not {type(self.slug).__name__}")
        for index, tag in enumerate(as_tuple(self, "tags", str)):
            checked_text(self, f"tags[{index}]", tag, required=True)
        as_tuple(self, "contacts", Contact)
        as_tuple(self, "partners", Organisation)
        for name, kind in (("dateline", Dateline), ("organisation", Organisation), ("embargo", Embargo),
                           ("style", Style), ("event", Event)):
            value = getattr(self, name)
            if not isinstance(value, kind) and not (value is None and name != "organisation"):
                raise ModelTypeError("Release", name, f"must be a {kind.__name__}, not {type(value).__name__}")
        if self.updated is not None:
            if not isinstance(self.updated, dt.datetime):
                raise ModelTypeError("Release", "updated", f"is a datetime with a time zone, not a {type(self.updated).__name__}")
            if self.updated.utcoffset() is None:
                raise refuse(self, "updated", "needs a time zone (an offset or an IANA zone)")
        if self.dateline is None and self.embargo is None:
            raise refuse(self, "dateline", "is needed to date a release that has no embargo")
        base_dir = as_path(self, "base_dir")
        photos = as_tuple(self, "photos", Photo)
        if base_dir is not None and any(not photo.file.is_absolute() for photo in photos):
            # a photo named relative to the release, as in a source: from its folder, not the working directory
            object.__setattr__(self, "photos", tuple(
                photo if photo.file.is_absolute() else dataclasses.replace(photo, file=base_dir / photo.file)
                for photo in photos))

    @property
    def date(self) -> dt.date:
        """The release's date: its dateline's, else its embargo's day in the embargo's zone."""
        if self.dateline is not None:
            return self.dateline.date
        assert self.embargo is not None
        return self.embargo.until.date()

    @property
    def kind_id(self) -> str | None:
        """The known kind this release is ("media-advisory"), or None for a kind of its own."""
        return kind_id(self.kind)

    @property
    def deck(self) -> tuple[str, ...]:
        """The subheadline's lines (none when there is no subheadline)."""
        return tuple(self.subheadline.splitlines()) if self.subheadline else ()

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """The issuer, then the partners."""
        return (self.organisation, *self.partners)

    @property
    def date_utc(self) -> dt.datetime:
        """Midnight UTC on the release date: the instant outputs record as their date."""
        return dt.datetime.combine(self.date, dt.time(0, 0), tzinfo=dt.timezone.utc)

    @property
    def running_head(self) -> str:
        """The headline for page headers: ``short_headline``, or the headline cut at a word."""
        if self.short_headline:
            return self.short_headline
        if len(self.headline) <= 60:
            return self.headline
        return self.headline[:59].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"

    @property
    def media_contacts(self) -> tuple[Contact, ...]:
        """The release's own contacts, or else the issuer's and then each partner's."""
        return self.contacts or tuple(contact for org in self.organisations for contact in org.contacts)

    @property
    def house_style(self) -> Style:
        """The release's own style, or else the organisation's."""
        return self.style or self.organisation.style

    @property
    def name(self) -> str:
        """The stem of every output file: the slug, or date and headline."""
        return self.slug or f"{self.date.isoformat()}-{slugify(self.headline)}"


def slugify(text: str, max_words: int = 6) -> str:
    """A lowercase ASCII file-name stem: "MPs’ cases" -> "mps-cases"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))
    return "-".join(words[:max_words]) or "release"
