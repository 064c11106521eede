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
from ..rules import (FONT_FAMILY, HEX_COLOUR, WEB_ADDRESS, is_dateline_format, is_email_address, is_phone_number,
                     is_time_zone)
from .press_kit import PressKit
from .site import Site
from .checks import as_path, as_tuple, checked_text, checked_texts, refuse

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Literal

    DatelineStyle = Literal["line", "lead", "none"]
    Paper = Literal["a4", "letter"]
    Digits = Literal["latin", "native"]
    FontStyle = Literal["normal", "italic"]
else:  # at run time (typing.get_type_hints) these are the plain strings __post_init__ keeps to the choices
    DatelineStyle = Paper = Digits = FontStyle = str

__all__ = ["LINT_RULES", "SECTIONS", "Contact", "FontFile", "LintConfig", "Organisation", "Phone", "Style"]


#: The press-release conventions ``pressrelease check`` warns about: rule id -> what it checks.
LINT_RULES: Mapping[str, str] = MappingProxyType({
    "headline-length": "the headline is longer than the configured maximum (70 characters)",
    "photo-alt": "a photo has no alt text for screen readers",
    "embargo-past": "the embargo has already lifted",
    "embargo-date": "the dateline's date is not the embargo's day",
    "body-length": "the body is shorter or longer than the configured word counts (100 to 1,000)",
    "contact-phone": "a media contact has no phone number",
    "contact-email": "a media contact has no email address",
    "advisory-event": "a media advisory has no event",
    "dateline-city": "a press release's dateline has no city (statements and advisories need none)",
    "font-coverage": "a character has no font to draw it in the PDF (bundled, configured or installed)",
    "translation-unshared": "a release's translation_key is shared by no other release checked with it",
})

#: The parts after the body, in the default order; ``Style.sections`` may reorder them or leave some out.
SECTIONS = ("notes_to_editors", "boilerplates", "disclaimer", "contacts", "footer")


def _frozen_mapping(value: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number, with an optional note printed after it: "+1.617.253.5628 (US, Eastern Time)"."""

    number: str
    note: str = ""

    def __post_init__(self) -> None:
        checked_text(self, "number", self.number, required=True, accepts=is_phone_number,
                     rule="a phone number such as +41 22 919 41 58")
        checked_texts(self, ("note",))

    def __str__(self) -> str:
        return f"{self.number} ({self.note})" if self.note else self.number

    @property
    def tel(self) -> str:
        """The number for a ``tel:`` link: digits and a leading +, without the note or spaces."""
        number = re.split(r"\s*(?:ext\.?|x)\s*\d", self.number, maxsplit=1, flags=re.IGNORECASE)[0]
        return ("+" if number.lstrip().startswith("+") else "") + re.sub(r"\D", "", number)


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    """A media contact, printed line by line at the end of every output.

    ``group`` puts contacts under a heading of their own ("Investor Relations
    Contact"); without one a contact is grouped by organisation when a
    release has several. Phones may be given as text: each becomes a
    :class:`Phone`.
    """

    name: str
    role: str = ""
    organisation: str = ""
    phones: tuple[Phone, ...] = ()
    email: str = ""
    group: str = ""

    def __post_init__(self) -> None:
        checked_text(self, "name", self.name, required=True, header=True)  # the name goes into the email's From
        checked_texts(self, ("role", "organisation", "group"))
        checked_text(self, "email", self.email, accepts=is_email_address, rule="an email address such as name@example.org")
        phones = as_tuple(self, "phones", (str, Phone))
        if any(isinstance(phone, str) for phone in phones):
            for index, phone in enumerate(phones):
                if isinstance(phone, str):
                    checked_text(self, f"phones[{index}]", phone, required=True, accepts=is_phone_number,
                                 rule="a phone number such as +41 22 919 41 58")
            object.__setattr__(self, "phones", tuple(Phone(p) if isinstance(p, str) else p for p in phones))


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
    dateline_format: str = ""
    end_mark: str | None = None  # None: the language's end mark (the "end" label, ### in English); "": none
    release_line: bool = True
    hyphenate: bool = False
    smart_quotes: bool = False
    digits: Digits = "latin"
    accent_colour: str = "#1f4e79"
    font_family: str = ""
    fonts: tuple[FontFile, ...] = ()
    paper: Paper = "a4"
    date_format: str = "long"
    embargo_zones: tuple[str, ...] = ()
    sections: tuple[str, ...] = SECTIONS

    def __post_init__(self) -> None:
        if self.dateline not in ("line", "lead", "none"):
            raise refuse(self, "dateline", "is 'line', 'lead' or 'none'")
        checked_text(self, "dateline_format", self.dateline_format, accepts=is_dateline_format,
                     rule="a dateline format with {date} and at most one of {city} or {CITY}")
        for index, zone in enumerate(as_tuple(self, "embargo_zones", str)):
            checked_text(self, f"embargo_zones[{index}]", zone, required=True, accepts=is_time_zone,
                         rule="an IANA time zone such as America/New_York")
        sections = as_tuple(self, "sections", str)
        unknown = [name for name in sections if name not in SECTIONS]
        if unknown or len(set(sections)) != len(sections):
            raise refuse(self, "sections", f"lists each of {', '.join(SECTIONS)} at most once, not {list(sections)!r}")
        if self.paper not in ("a4", "letter"):
            raise refuse(self, "paper", "is 'a4' or 'letter'")
        for name in ("release_line", "hyphenate", "smart_quotes"):
            if not isinstance(getattr(self, name), bool):
                raise ModelTypeError("Style", name, f"is True or False, not {type(getattr(self, name)).__name__}")
        if self.digits not in ("latin", "native"):
            raise refuse(self, "digits", "is 'latin' or 'native'")
        checked_texts(self, ("date_format",))
        if self.end_mark is not None:
            checked_text(self, "end_mark", self.end_mark)
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

    ``email`` is the press office's address: the email's From (and its
    Reply-To when no contact has an email). ``timezone`` is an IANA zone: a
    date-only embargo starts at midnight there. ``about_heading`` replaces the
    localised "About {name}" over the boilerplate, and ``footer`` (Markdown)
    holds copyright and trademark lines. ``press_kit`` is what the newsroom's
    press-kit page shows besides the boilerplate and the contacts. ``path`` is the organisation file it
    was read from, and ``base_dir`` the folder its relative files (logo, fonts,
    boilerplate images) are in.
    """

    name: str
    website: str = ""
    logo: Path | None = None
    address: str = ""
    city: str = ""
    language: str = ""
    email: str = ""
    timezone: str = ""
    boilerplate: str = ""
    about_heading: str = ""
    footer: str = ""
    contacts: tuple[Contact, ...] = ()
    style: Style = field(default_factory=Style)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    lint: LintConfig = field(default_factory=lambda: LintConfig())
    site: Site | None = None
    press_kit: PressKit | None = None
    base_dir: Path | None = None
    path: Path | None = None

    def __post_init__(self) -> None:
        checked_text(self, "name", self.name, required=True, header=True)  # the email's From when it has an email
        checked_texts(self, ("city", "about_heading"))
        checked_texts(self, ("address", "boilerplate", "footer"), multiline=True)
        checked_text(self, "email", self.email, accepts=is_email_address, rule="an email address such as press@example.org")
        checked_text(self, "timezone", self.timezone, accepts=is_time_zone, rule="an IANA time zone such as Europe/Zurich")
        checked_text(self, "website", self.website, accepts=WEB_ADDRESS.fullmatch, rule="a web address such as https://www.example.org")
        checked_text(self, "language", self.language, accepts=is_known_language, rule="a known BCP 47 language tag")
        base_dir = as_path(self, "base_dir")
        as_path(self, "path")
        as_path(self, "logo", base_dir)
        as_tuple(self, "contacts", Contact)
        if not isinstance(self.style, Style) or not isinstance(self.lint, LintConfig):
            wrong = "style" if not isinstance(self.style, Style) else "lint"
            raise ModelTypeError("Organisation", wrong, f"must be a {'Style' if wrong == 'style' else 'LintConfig'}")
        if self.site is not None and not isinstance(self.site, Site):
            raise ModelTypeError("Organisation", "site", f"must be a Site, not {type(self.site).__name__}")
        if self.press_kit is not None and not isinstance(self.press_kit, PressKit):
            raise ModelTypeError("Organisation", "press_kit", f"must be a PressKit, not {type(self.press_kit).__name__}")
        frozen = {lang: _frozen_mapping(table) for lang, table in self.labels.items()}
        object.__setattr__(self, "labels", _frozen_mapping(frozen))

    @property
    def domain(self) -> str:
        """The organisation's mail domain, for Message-IDs; from its website or contacts."""
        match = re.match(r"https?://(?:www\.)?([^/:]+)", self.website)
        if match:
            return match.group(1).lower()
        for contact in (self, *self.contacts):
            if "@" in contact.email:
                return contact.email.rsplit("@", 1)[1].lower()
        return ""
