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

from ..errors import ModelTypeError
from ..i18n import is_known_language
from ..rules import FONT_FAMILY, HEX_COLOUR, WEB_ADDRESS, is_email_address, is_phone_number
from .checks import as_path, as_tuple, checked_text, checked_texts, refuse

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
        checked_text(self, "name", self.name, required=True, header=True)  # the name goes into the email's From
        checked_texts(self, ("role", "organisation"))
        checked_text(self, "email", self.email, accepts=is_email_address, rule="an email address such as name@example.org")
        for index, phone in enumerate(as_tuple(self, "phones", str)):
            checked_text(self, f"phones[{index}]", phone, required=True, accepts=is_phone_number,
                         rule="a phone number such as +41 22 919 41 58")


@dataclass(frozen=True, slots=True, kw_only=True)
class FontFile:
    """One face of an organisation's own font (TrueType, OpenType or WOFF)."""

    file: Path
    weight: int = 400
    style: FontStyle = "normal"

    def __post_init__(self) -> None:
        as_path(self, "file")
        if not isinstance(self.weight, int) or self.weight not in range(100, 1000, 100):
            raise refuse(self, "weight", "is 100, 200, ... 900")
        if self.style not in ("normal", "italic"):
            raise refuse(self, "style", "is 'normal' or 'italic'")


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
            raise refuse(self, "dateline", "is 'line' or 'lead'")
        if self.paper not in ("a4", "letter"):
            raise refuse(self, "paper", "is 'a4' or 'letter'")
        if not isinstance(self.release_line, bool):
            raise ModelTypeError("Style", "release_line", f"is True or False, not {type(self.release_line).__name__}")
        checked_texts(self, ("end_mark", "date_format"))
        checked_text(self, "accent_colour", self.accent_colour, required=True, accepts=HEX_COLOUR.fullmatch,
                     rule="a hex colour such as #1f4e79")
        checked_text(self, "font_family", self.font_family, accepts=FONT_FAMILY.fullmatch,
                     rule="a font family name (letters, digits, spaces and hyphens)")
        if as_tuple(self, "fonts", FontFile) and not self.font_family:
            raise refuse(self, "fonts", "need a Style.font_family to name them")


@dataclass(frozen=True, slots=True, kw_only=True)
class LintConfig:
    """Thresholds and switches for ``pressrelease check``'s convention warnings."""

    headline_max: int = 70
    body_min_words: int = 100
    body_max_words: int = 1000
    disable: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("headline_max", "body_min_words", "body_max_words"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise refuse(self, name, f"is a whole number, not {value!r}")
        disable = frozenset(as_tuple(self, "disable", str))
        unknown = sorted(disable - set(LINT_RULES))
        if unknown:
            raise refuse(self, "disable", f"names unknown rules: {', '.join(unknown)} (rules: {', '.join(LINT_RULES)})")
        object.__setattr__(self, "disable", disable)


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
        checked_text(self, "name", self.name, required=True)
        checked_texts(self, ("city",))
        checked_texts(self, ("address", "boilerplate"), multiline=True)
        checked_text(self, "website", self.website, accepts=WEB_ADDRESS.fullmatch, rule="a web address such as https://www.example.org")
        checked_text(self, "language", self.language, accepts=is_known_language, rule="a known BCP 47 language tag")
        base_dir = as_path(self, "base_dir")
        as_path(self, "path")
        as_path(self, "logo", base_dir)
        as_tuple(self, "contacts", Contact)
        if not isinstance(self.style, Style) or not isinstance(self.lint, LintConfig):
            wrong = "style" if not isinstance(self.style, Style) else "lint"
            raise ModelTypeError("Organisation", wrong, f"must be a {'Style' if wrong == 'style' else 'LintConfig'}")
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
