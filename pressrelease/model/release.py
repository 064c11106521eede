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
from .checks import as_date, as_path, as_tuple, checked_text, checked_texts, refuse
from .organisation import Contact, Organisation, Style

__all__ = ["Dateline", "Embargo", "Origin", "Photo", "Release", "slugify"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Dateline:
    """Where and when the release was issued ("Geneva, 19 February 2016")."""

    city: str
    date: dt.date

    def __post_init__(self) -> None:
        checked_text(self, "city", self.city, required=True)
        as_date(self, "date")


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
        if not isinstance(self.until, dt.datetime):
            raise ModelTypeError("Embargo", "until", f"is a datetime with a time zone, not a {type(self.until).__name__}")
        if self.until.tzinfo is None or self.until.utcoffset() is None:
            raise refuse(self, "until", "needs a time zone (an offset or an IANA zone): an embargo is one instant")

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
    """A picture shown with the release; ``file`` is an absolute path once loaded."""

    file: Path
    alt: str = ""
    caption: str = ""
    credit: str = ""

    def __post_init__(self) -> None:
        as_path(self, "file")
        checked_texts(self, ("alt", "caption", "credit"))


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
        checked_text(self, "headline", self.headline, required=True, header=True)  # the email's subject
        checked_texts(self, ("kind", "subheadline", "short_headline"))
        checked_texts(self, ("body", "notes_to_editors"), multiline=True)
        checked_text(self, "language", self.language, required=True, accepts=is_known_language,
                     rule="a known BCP 47 language tag")
        if not isinstance(self.slug, str):  # the loader's default is the file's stem, whatever it is
            raise ModelTypeError("Release", "slug", f"must be text, not {type(self.slug).__name__}")
        for index, tag in enumerate(as_tuple(self, "tags", str)):
            checked_text(self, f"tags[{index}]", tag, required=True)
        as_tuple(self, "contacts", Contact)
        for name, kind in (("dateline", Dateline), ("organisation", Organisation), ("embargo", Embargo),
                           ("style", Style)):
            value = getattr(self, name)
            if not isinstance(value, kind) and not (value is None and name in ("embargo", "style")):
                raise ModelTypeError("Release", name, f"must be a {kind.__name__}, not {type(value).__name__}")
        base_dir = as_path(self, "base_dir")
        photos = as_tuple(self, "photos", Photo)
        if base_dir is not None and any(not photo.file.is_absolute() for photo in photos):
            # a photo named relative to the release, as in a source: from its folder, not the working directory
            object.__setattr__(self, "photos", tuple(
                photo if photo.file.is_absolute() else dataclasses.replace(photo, file=base_dir / photo.file)
                for photo in photos))

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
