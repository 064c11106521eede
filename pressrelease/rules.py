"""Rules that more than one stage checks, each written once.

Which characters a value may hold, what an email address, a colour, a font
family and a slug look like, whether a file lies inside a folder, and how a
file is read when it must be a regular one (:func:`read_regular`). The
source readers use them to report located problems, the models to refuse
bad values built in code, the email code to keep headers safe, and the
renderers to decide what they may read. Nothing here imports from the rest
of the package.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Iterable

__all__ = [
    "BIDI_CONTROL",
    "CONTROL",
    "DATELINE_PLACEHOLDER",
    "DISPLAY_NAME_MAX",
    "EMAIL_ADDRESS",
    "ENCODED_WORD",
    "FONT_FAMILY",
    "HEADER_UNSAFE",
    "HEADER_TEXT_MAX",
    "HEX_COLOUR",
    "ISO_DATE",
    "LINE_BREAK",
    "PHOTO_TYPES",
    "SLUG",
    "UNPRINTABLE",
    "WEB_ADDRESS",
    "YEARS",
    "display_name",
    "display_name_problem",
    "file_name_problem",
    "header_text_problem",
    "hidden_component",
    "is_dateline_format",
    "is_email_address",
    "is_inside",
    "is_phone_number",
    "is_time_zone",
    "lazy",
    "open_regular",
    "read_regular",
]


#: A release photo's name must end in one of these (the site publishes it under its name: ``.html`` would be a
#: page), and the media type it is published and sent as.
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
               ".webp": "image/webp"}


class LazyPattern:
    """A regular expression compiled when first used.

    Compiling a character class that reaches past Latin-1 costs more than a
    ``check`` of a whole release spends using it, and most rules are not
    used by every run; this keeps start-up to the ones that are.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the compiled pattern's methods
        attribute = getattr(re.compile(self.pattern, self.flags), name)
        setattr(self, name, attribute)
        return attribute


def lazy(pattern: str, flags: int = 0) -> Any:
    """A pattern with the methods of ``re.Pattern`` (search, sub, fullmatch...), compiled on first use."""
    return LazyPattern(pattern, flags)


# -- characters -----------------------------------------------------------------

_C0 = "\x00-\x08\x0b-\x1f"  # the C0 controls but tab and line feed
_C1 = "\x7f-\x9f"  # DEL and the C1 controls, NEL (U+0085) among them
_SEPARATORS = "\u2028\u2029"  # the Unicode line and paragraph separators
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # direction marks, embeddings and isolates

#: Characters no value may hold: none belongs in a headline, a name or a paragraph.
CONTROL = lazy(f"[{_C0}{_C1}{_SEPARATORS}]")
#: Everything ``str.splitlines()`` breaks at: a one-line value holds none of these.
LINE_BREAK = lazy("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: What may not reach an email header: a line break or any control character.
HEADER_UNSAFE = lazy(f"[\n{_C0}{_C1}{_SEPARATORS}]")
#: What a printed message escapes, so a quoted value cannot forge a line, a CI command or a colour.
UNPRINTABLE = lazy(f"[\x00-\x1f{_C1}{_SEPARATORS}{_BIDI}]")
#: Bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): they reorder what a
#: reader sees, so a header or a page title holding one can show a sender or a subject it is not (display
#: spoofing). The direction marks U+200E and U+200F reorder nothing and are allowed.
BIDI_CONTROL = lazy("[\u202a-\u202e\u2066-\u2069]")
#: An RFC 2047 encoded word ("=?utf-8?q?...?="): mail programs decode these in headers.
ENCODED_WORD = lazy(r"=\?[^?\s]*\?[bBqQ]\?")

#: The longest text one source value may put into an email header (a headline, a name): with the header's
#: name, one unbroken word of it still fits the 998-octet line RFC 5322 allows.
HEADER_TEXT_MAX = 900


def header_text_problem(value: str) -> tuple[str, str]:
    """(why, hint) if ``value`` may not go into an email header or a page title, else ("", "").

    The source readers report it located, the email code refuses it again
    (a value built in code, an option, a recipient list), so both say the same.
    """
    bad = HEADER_UNSAFE.search(value)
    if bad:
        return f"contains a line break or control character (U+{ord(bad.group()):04X})", "delete the invisible character"
    bidi = BIDI_CONTROL.search(value)
    if bidi:
        return (f"contains a bidirectional control character (U+{ord(bidi.group()):04X}), which can make a "
                "header or title show something else", "delete the invisible character; the text's own script "
                "sets its direction")
    if ENCODED_WORD.search(value):
        return "contains '=?...?=', which mail programs would decode as an encoded word", "remove it"
    if len(value) > HEADER_TEXT_MAX:
        return (f"is {len(value)} characters long, more than the {HEADER_TEXT_MAX} an email header takes",
                "shorten it")
    return "", ""


#: The longest display name (a contact's, a recipient's) an address header takes: a name in a script
#: without spaces is one RFC 2047 encoded word, and this keeps that word (4 bytes a character at worst)
#: within one 998-octet line.
DISPLAY_NAME_MAX = 150


def display_name(text: str) -> str:
    """A name as an address header carries it: each run of whitespace one space (RFC 5322 phrases ignore it)."""
    return " ".join(text.split())


def display_name_problem(name: str) -> tuple[str, str]:
    """(why, hint) if ``name`` may not be an address's display name, else ("", "")."""
    why, hint = header_text_problem(name)
    if not why and len(name) > DISPLAY_NAME_MAX:
        return (f"is {len(name)} characters long, more than the {DISPLAY_NAME_MAX} a name in an email "
                "address takes"), "shorten it"
    return why, hint


# -- values ---------------------------------------------------------------------------

#: An addr-spec with a dot-atom local part and a DNS domain, in ASCII: what every mail server takes.
EMAIL_ADDRESS = lazy(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
#: "#1f4e79" or "#15a": the only colours a house style takes, so nothing else reaches the CSS.
HEX_COLOUR = lazy(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")
#: A font family name that is safe inside a quoted CSS string: letters, digits, spaces and hyphens.
FONT_FAMILY = lazy(r"[\w \-]+")
#: An output file stem: lowercase ASCII letters, digits and hyphens.
SLUG = lazy(r"[a-z0-9][a-z0-9\-]*")
#: An organisation's website: http or https, with nothing that could end an HTML attribute.
WEB_ADDRESS = lazy(r"https?://[^\s<>\"']+")
#: A calendar date as a source writes it: YYYY-MM-DD (year, month and day as groups).
ISO_DATE = lazy(r"(\d{4})-(\d{2})-(\d{2})")
_PHONE = lazy(r"\+?[0-9 ()./\-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?")
#: A dateline format's placeholders: {city}, {CITY} (the city in capitals) and {date}.
DATELINE_PLACEHOLDER = lazy(r"\{(city|CITY|date)\}")
_IANA_ZONE = lazy(r"[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+){0,2}")


def is_email_address(text: str) -> bool:
    """Whether ``text`` is a plain address such as ``name@example.org`` (no display name)."""
    return (bool(EMAIL_ADDRESS.fullmatch(text)) and ".." not in text and not text.startswith(".")
            and len(text) <= 254)


def is_phone_number(text: str) -> bool:
    """Whether ``text`` is written as a phone number: digits (five at least), spaces, ``( ) . / -``, a leading +."""
    return bool(_PHONE.fullmatch(text)) and sum(ch.isdigit() for ch in text) >= 5


#: The years a release's dates and times may be in: far from the calendar's ends, so that a day later or
#: an instant in any other zone (an event's end, an embargo shown in New York) still exists.
YEARS = range(1000, 9000)


def is_dateline_format(text: str) -> bool:
    """Whether ``text`` is a dateline format: ``{date}`` once, at most one city placeholder, no other braces."""
    names = DATELINE_PLACEHOLDER.findall(text)
    rest = DATELINE_PLACEHOLDER.sub("", text)
    return (names.count("date") == 1 and names.count("city") + names.count("CITY") <= 1
            and "{" not in rest and "}" not in rest and len(text) <= 200)


def is_time_zone(text: str) -> bool:
    """Whether ``text`` names an IANA time zone this machine's zone data has ("Europe/Zurich", "UTC")."""
    if not _IANA_ZONE.fullmatch(text) or len(text) > 64:
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder in tzdata
        return False
    return True


# -- folders ----------------------------------------------------------------------------


def is_inside(resolved: Path, roots: Iterable[Path]) -> bool:
    """Whether a resolved path (``..`` and symbolic links already followed) lies in one of ``roots``.

    Every check that keeps a source, a template or a renderer inside its
    folders comes here, so they cannot disagree about what "inside" means.
    """
    return any(resolved == root or resolved.is_relative_to(root) for root in roots)


def hidden_component(resolved: Path, roots: Iterable[Path]) -> str | None:
    """The first name starting with "." on the way from its folder to a resolved path inside ``roots``; else None.

    ``.git/config``, ``.env`` and whatever sits under ``.github/`` are never a
    release's files, even inside its folder. A path is judged from each root it
    lies in, and passes if from one of them it crosses no such name (a release
    kept in a hidden folder may still show the images next to it).
    """
    found = None
    for root in roots:
        if resolved == root or resolved.is_relative_to(root):
            hidden = next((part for part in resolved.relative_to(root).parts if part.startswith(".")), None)
            if hidden is None:
                return None
            found = found or hidden
    return found


def file_name_problem(name: str) -> str:
    """Why a file's name may not be shown to a mail program (it becomes a part's file name), or ""."""
    why = header_text_problem(name)[0]  # the header rule: controls, bidi controls, encoded words
    return why or ("is longer than 200 characters" if len(name) > 200 else "")


def open_regular(path: str | Path, *, follow: bool = True) -> int:
    """A descriptor open for reading on the regular file ``path``; OSError for anything else. A named pipe or a
    device is opened without waiting (open() on a pipe waits for a writer), then refused; with
    ``follow=False`` a link at the end of the path is refused too."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(handle)
        raise
    return handle


def read_regular(path: str | Path, limit: int | None = None, *, follow: bool = True) -> bytes:
    """The bytes of the regular file ``path`` (:func:`open_regular`), at most ``limit`` + 1 of them (all: None)."""
    with os.fdopen(open_regular(path, follow=follow), "rb") as handle:
        return handle.read() if limit is None else handle.read(limit + 1)
