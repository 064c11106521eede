"""The release as data: typed, immutable, and independent of any file format.

Every renderer takes a :class:`Release`. The loader builds one from a source
file, but a program can build one directly; the constructors check the few
invariants that no renderer could recover from (an embargo without a time
zone, an empty headline), and leave content rules to the loader and linter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping
from zoneinfo import ZoneInfo

__all__ = [
    "Contact",
    "Dateline",
    "Embargo",
    "FontFile",
    "LintConfig",
    "Organisation",
    "Origin",
    "Photo",
    "Release",
    "Style",
    "position_of",
    "slugify",
]

DatelineStyle = Literal["line", "lead"]
Paper = Literal["a4", "letter"]


def _frozen_mapping(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """Where and when the release was issued ("Geneva, 19 February 2016")."""

    city: str
    date: dt.date

    def __post_init__(self) -> None:
        if not self.city.strip():
            raise ValueError("a dateline needs a city")
        if isinstance(self.date, dt.datetime):
            raise TypeError("Dateline.date is a calendar date, not a datetime")


@dataclass(frozen=True, slots=True, kw_only=True)
class Embargo:
    """The moment the release may be published.

    Always time-zone aware: "10:00" means nothing to a journalist in another
    zone, and a naive time in a YAML file is silently read as UTC by most
    tools. When the zone is an IANA name it is kept, so the release can say
    "10:00 CET" rather than "+01:00".
    """

    until: dt.datetime

    def __post_init__(self) -> None:
        if self.until.tzinfo is None or self.until.utcoffset() is None:
            raise ValueError("an embargo needs a time zone (an offset or an IANA zone)")

    @property
    def zone_name(self) -> str | None:
        tz = self.until.tzinfo
        return tz.key if isinstance(tz, ZoneInfo) else None

    @property
    def utc(self) -> dt.datetime:
        return self.until.astimezone(dt.timezone.utc)

    def is_past(self, now: dt.datetime) -> bool:
        return now >= self.until


@dataclass(frozen=True, slots=True, kw_only=True)
class Photo:
    """A picture shown with the release; ``file`` is an absolute path once loaded."""

    file: Path
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """A media contact, printed line by line at the end of every output."""

    name: str
    role: str = ""
    organisation: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a contact needs a name")
        object.__setattr__(self, "phones", tuple(self.phones))


@dataclass(frozen=True, slots=True, kw_only=True)
class FontFile:
    """One face of an organisation's own font (TrueType, OpenType or WOFF)."""

    file: Path
    weight: int = 400
    style: Literal["normal", "italic"] = "normal"

    def __post_init__(self) -> None:
        if self.weight not in range(100, 1000, 100):
            raise ValueError("FontFile.weight is 100, 200, ... 900")
        if self.style not in ("normal", "italic"):
            raise ValueError("FontFile.style is 'normal' or 'italic'")


@dataclass(frozen=True, slots=True, kw_only=True)
class Style:
    """House-style choices an organisation makes once for all its releases.

    ``fonts`` are files for ``font_family``; without them the family must be
    installed on the machine that builds the PDF.
    """

    dateline: DatelineStyle = "lead"
    end_mark: str = "###"
    release_line: bool = True
    accent_colour: str = "#1f4e79"
    font_family: str = ""
    fonts: tuple[FontFile, ...] = ()
    paper: Paper = "a4"
    date_format: str = "long"

    def __post_init__(self) -> None:
        if self.dateline not in ("line", "lead"):
            raise ValueError("Style.dateline is 'line' or 'lead'")
        if self.paper not in ("a4", "letter"):
            raise ValueError("Style.paper is 'a4' or 'letter'")
        if not re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", self.accent_colour):
            raise ValueError("Style.accent_colour is a hex colour such as #1f4e79")
        if not re.fullmatch(r"[\w \-]*", self.font_family):
            raise ValueError("Style.font_family may hold letters, digits, spaces and hyphens")
        object.__setattr__(self, "fonts", tuple(self.fonts))
        if self.fonts and not self.font_family:
            raise ValueError("Style.fonts need a Style.font_family to name them")


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    """Thresholds and switches for ``pressrelease check``'s convention warnings."""

    headline_max: int = 70
    body_min_words: int = 100
    body_max_words: int = 1000
    disable: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "disable", frozenset(self.disable))


@dataclass(frozen=True, slots=True, kw_only=True)
class Organisation:
    """Facts shared by every release an organisation issues."""

    name: str
    website: str = ""
    logo: Path | None = None
    address: str = ""
    city: str = ""
    language: str = ""
    boilerplate: str = ""
    contacts: tuple[Contact, ...] = ()
    style: Style = field(default_factory=Style)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    lint: LintConfig = field(default_factory=lambda: LintConfig())
    base_dir: Path | None = None
    path: Path | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("an organisation needs a name")
        object.__setattr__(self, "contacts", tuple(self.contacts))
        frozen = {lang: _frozen_mapping(table) for lang, table in self.labels.items()}
        object.__setattr__(self, "labels", _frozen_mapping(frozen))

    @property
    def domain(self) -> str:
        """The organisation's mail domain, for Message-IDs; from its website or contacts."""
        match = re.match(r"https?://(?:www\.)?([^/:]+)", self.website)
        if match:
            return match.group(1).lower()
        for contact in self.contacts:
            if "@" in contact.email:
                return contact.email.rsplit("@", 1)[1].lower()
        return ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a loaded release came from, so later stages can point at a line.

    ``fields`` maps a dotted field path ("photos[0].file") to its (line, col);
    ``data`` is the file's bytes as read (embedded in archival PDFs).
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


def position_of(text: str, needle: str, from_line: int = 1) -> tuple[int, int] | None:
    """(line, col), both from 1, of the first ``needle`` in ``text`` at or after ``from_line``."""
    start = 0
    for _ in range(from_line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    index = text.find(needle, start)
    if index < 0:
        return None
    return (text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """One press release, complete: everything every output format shows."""

    headline: str
    dateline: Dateline
    body: str
    organisation: Organisation
    kind: str = ""
    subheadline: str = ""
    short_headline: str = ""
    language: str = "en"
    embargo: Embargo | None = None
    photos: tuple[Photo, ...] = ()
    notes_to_editors: str = ""
    tags: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    slug: str = ""
    style: Style | None = None
    base_dir: Path | None = None
    origin: Origin | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.headline.strip():
            raise ValueError("a release needs a headline")
        for name in ("photos", "tags", "contacts"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def date(self) -> dt.date:
        return self.dateline.date

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
        """The release's own contacts, or else the organisation's defaults."""
        return self.contacts or self.organisation.contacts

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
