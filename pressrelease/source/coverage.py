"""The characters of a release that no font can draw in its PDF (the ``font-coverage`` warning).

A PDF draws a character with the organisation's font files (``style.fonts``),
then the bundled Noto Sans, Noto Sans Arabic and Noto Sans Khmer, then any
installed font Pango falls back to. A character none of them has comes out
as a box (tofu). This module collects every character a release prints, once
each, and asks the font files' ``cmap`` tables (:mod:`.cmap`) and then
fontconfig (:mod:`.fontconfig`) about those still uncovered: the work is
linear in the text, and the fonts are asked about distinct characters only.

Spaces, controls and format characters (categories Cc, Cf, Zs, Zl, Zp: ZWSP,
ZWJ, the direction marks) and the other default-ignorable characters HarfBuzz
draws as nothing (variation selectors, the combining grapheme joiner, Hangul
fillers) need no glyph and are not asked about.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from ..i18n.labels import language_chain
from ..model import Organisation, Release
from .cmap import font_coverage

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Iterable

    Part = tuple[str, str]  # (the field that holds it, a text the PDF prints)

__all__ = ["Uncovered", "bundled_fonts", "candidates", "printed_texts", "uncovered", "warning"]

_IGNORED = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
#: Default-ignorable code points outside Cf (Unicode's DerivedCoreProperties): drawn as nothing.
#: (U+E0000 to U+E0FFF, tags and variation selectors, are compared as a range.)
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\ufe00\ufe01\ufe02"
                       "\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f\uffa0"
                       "\ufff0\ufff1\ufff2\ufff3\ufff4\ufff5\ufff6\ufff7\ufff8")
_LISTED = 5
_PACKAGE = Path(__file__).resolve().parent.parent
HINT = ("install a font for the script (Debian: apt-get install fonts-noto-core, or fonts-noto-cjk for Chinese, "
        "Japanese and Korean) or name one in style.fonts")


class Uncovered:
    """The characters no font draws, in the order the release first prints them; ``installed_known`` is False
    when fontconfig could not be asked (then these are the characters the font files lack)."""

    __slots__ = ("chars", "installed_known")

    def __init__(self, chars: tuple[str, ...], installed_known: bool = True) -> None:
        self.chars, self.installed_known = chars, installed_known

    def __repr__(self) -> str:
        return f"Uncovered({self.chars!r}, installed_known={self.installed_known})"


def bundled_fonts() -> list[Path]:
    """The PDF's bundled font files (the package's templates/fonts, or the checkout's), Noto Sans first."""
    for folder in (_PACKAGE / "templates" / "fonts", _PACKAGE.parent / "templates" / "fonts"):
        files = sorted(folder.glob("*.ttf"), key=lambda path: (not path.name.startswith("NotoSans-"), path.name))
        if files:
            return files
    return []


def printed_texts(release: Release) -> list[Part]:
    """Every text of ``release`` the PDF prints, with the field that holds it (an organisation's: the release's
    ``organisation`` or ``partners[i]`` field)."""
    parts: list[Part] = list(_release_texts(release))
    for index, contact in enumerate(release.contacts):
        parts += [(f"contacts[{index}]", text) for text in _contact_texts(contact)]
    for index, org in enumerate(release.organisations):
        field = "organisation" if index == 0 else f"partners[{index - 1}]"
        parts += [(field, text) for text in _organisation_texts(org, release.language)]
        if not release.contacts:
            parts += [(field, text) for contact in org.contacts for text in _contact_texts(contact)]
    return [part for part in parts if part[1]]


def _release_texts(release: Release) -> Iterable[Part]:
    yield from (("headline", release.headline), ("short_headline", release.short_headline),
                ("subheadline", release.subheadline), ("kind", release.kind), ("label", release.label or ""))
    for name in ("body", "notes_to_editors", "disclaimer", "footer"):
        yield name, _markdown_text(getattr(release, name))
    if release.dateline is not None:
        yield "dateline.city", release.dateline.city + release.dateline.city.upper()  # {CITY} prints capitals
    for index, photo in enumerate(release.photos):
        yield from ((f"photos[{index}].{key}", getattr(photo, key)) for key in ("caption", "credit", "usage"))
    event = release.event
    if event is not None:
        yield from (("event.title", event.title), ("event.venue", event.venue), ("event.address", event.address),
                    ("event.online", event.online), ("event.details", _markdown_text(event.details)))


def _contact_texts(contact) -> Iterable[str]:  # type: ignore[no-untyped-def]
    yield from (contact.name, contact.role, contact.organisation, contact.group, contact.email)
    for phone in contact.phones:
        yield from (phone.number, phone.note)


def _organisation_texts(org: Organisation, language: str) -> Iterable[str]:
    yield from (org.name, org.address, org.city, org.website, org.email, org.about_heading)
    yield from (_markdown_text(org.boilerplate), _markdown_text(org.footer))
    for lang in language_chain(language):  # the organisation's own labels print too
        yield from org.labels.get(lang, {}).values()


def _markdown_text(text: str) -> str:
    """Markdown with its character references resolved ("&#x1230;" prints ሰ); its syntax is ASCII."""
    return html.unescape(text) if "&" in text else text


def candidates(texts: Iterable[str]) -> list[str]:
    """The distinct characters of ``texts`` that need a glyph, in order of first appearance."""
    category = unicodedata.category
    return [char for char in dict.fromkeys("".join(texts))
            if char not in _INVISIBLE and not "\U000e0000" <= char <= "\U000e0fff" and category(char) not in _IGNORED]


def uncovered(release: Release, chars: Iterable[str] | None = None) -> Uncovered:
    """The characters of ``release`` (or ``chars``) that neither its font files nor an installed font has."""
    asked = candidates(part[1] for part in printed_texts(release)) if chars is None else list(chars)
    codes = {ord(char) for char in asked}
    for path in [*(_font_path(font.file, release) for font in release.house_style.fonts), *bundled_fonts()]:
        if not codes:
            break
        codes = font_coverage(path).missing(codes)
    left = [char for char in asked if ord(char) in codes]  # in the order they are printed
    if not left:
        return Uncovered(())
    from .fontconfig import installed_coverage  # ctypes and libfontconfig only for what the files lack

    installed = installed_coverage(left)
    if installed is None:
        return Uncovered(tuple(left), installed_known=False)
    return Uncovered(tuple(char for char in left if not installed[char]))


def _font_path(file: Path, release: Release) -> Path:
    base = release.organisation.base_dir or release.base_dir
    return file if file.is_absolute() or base is None else base / file


def warning(release: Release) -> tuple[Path | None, int, int, str, str] | None:
    """The ``font-coverage`` warning's place, message and hint, or None when every character has a font."""
    parts = printed_texts(release)
    found = uncovered(release, candidates(part[1] for part in parts))
    if not found.chars:
        return None
    listed, (path, line, col) = _first_places(release, parts, found.chars)
    count = len(found.chars)
    shown = ", ".join(describe(char) for char in listed)
    more = f" and {count - len(listed)} more" if count > len(listed) else ""
    fonts = "no font" if found.installed_known else "no bundled or configured font"
    subject = "1 character has" if count == 1 else f"{count} characters have"
    message = f"{subject} {fonts} to draw {'it' if count == 1 else 'them'} in the PDF: {shown}{more}"
    hint = HINT if found.installed_known else (
        "installed fonts were not checked (libfontconfig could not be loaded), so an installed font may have "
        f"{'it' if count == 1 else 'them'}; otherwise {HINT}")
    return path, line, col, message, hint


def describe(char: str) -> str:
    """'ሰ (U+1230 ETHIOPIC SYLLABLE SA)'; a combining mark on a dotted circle; no name for unnamed code points."""
    name = unicodedata.name(char, "")
    shown = f"\u25cc{char}" if unicodedata.category(char).startswith("M") else char
    return f"{shown} (U+{ord(char):04X}{' ' + name if name else ''})"


def _first_places(release: Release, parts: list[Part], chars: tuple[str, ...]
                  ) -> tuple[list[str], tuple[Path | None, int, int]]:
    """The characters to list (first met in the release's source, then its organisation files, then printed
    order) and where the first is: its first occurrence in a source file, else its field's position."""
    pattern = re.compile("[" + "".join(re.escape(char) for char in chars) + "]")
    origin = release.origin
    listed: list[str] = []
    wanted = min(_LISTED, len(chars))
    place: tuple[Path | None, int, int] | None = None
    for path, text in _sources(release):
        for match in pattern.finditer(text):
            if match.group() in listed:
                continue
            if place is None:
                place = (path, *_line_col(text, match.start()))
            listed.append(match.group())
            if len(listed) == wanted:
                break
        if place is not None:
            break
    listed += [char for char in chars if char not in listed][:_LISTED - len(listed)]
    if place is None:
        field = next((part[0] for part in parts if listed[0] in part[1]), "headline")
        if origin is None:
            place = (None, 0, 0)
        else:  # a character written as a reference (&#x10FFFD;): at its field, the body at its first line
            place = (origin.path, *((origin.body_line, 1) if field == "body" else origin.locate(field)))
    return listed, place


def _sources(release: Release) -> Iterable[tuple[Path | None, str]]:
    """The release's source text, then each of its organisations' files (read only if asked for)."""
    if release.origin is not None:
        yield release.origin.path, release.origin.text
    for path in dict.fromkeys(org.path for org in release.organisations if org.path is not None):
        try:
            yield path, path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue


def _line_col(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
