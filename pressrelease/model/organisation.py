"""The organisation behind a release: its facts, its media contacts, its house style and its lint settings.

Read once from an organisation file and shared by every release that finds
it; a release may override any field for itself. Like the release, these
are frozen values with no knowledge of files or formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from types import MappingProxyType

from ..rules import FONT_FAMILY, HEX_COLOUR

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Literal

    DatelineStyle = Literal["line", "lead"]
    Paper = Literal["a4", "letter"]
    FontStyle = Literal["normal", "italic"]
else:  # at run time (typing.get_type_hints) these are the plain strings __post_init__ keeps to the choices
    DatelineStyle = Paper = FontStyle = str

__all__ = ["LINT_RULES", "Contact", "FontFile", "LintConfig", "Organisation", "Style"]


#: The press-release conventions ``pressrelease check`` warns about: rule id -> what it checks.
LINT_RULES: Mapping[str, str] = MappingProxyType({
    "headline-length": "the headline is longer than the configured maximum (70 characters)",
    "photo-alt": "a photo has no alt text for screen readers",
    "embargo-past": "the embargo has already lifted",
    "embargo-date": "the dateline's date is not the embargo's day",
    "body-length": "the body is shorter or longer than the configured word counts (100 to 1,000)",
    "contact-phone": "a media contact has no phone number",
    "contact-email": "a media contact has no email address",
})


def _frozen_mapping(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


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
    style: FontStyle = "normal"

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
        if not HEX_COLOUR.fullmatch(self.accent_colour):
            raise ValueError("Style.accent_colour is a hex colour such as #1f4e79")
        if self.font_family and not FONT_FAMILY.fullmatch(self.font_family):
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
    """Facts shared by every release an organisation issues.

    ``path`` is the organisation file it was read from, and ``base_dir`` the
    folder its relative files (logo, fonts, boilerplate images) are in.
    """

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
