"""Rules that more than one stage checks, each written once.

Which characters a value may hold, what an email address, a colour, a font
family and a slug look like, and whether a file lies inside a folder. The
source readers use them to report located problems, the models to refuse
bad values built in code, the email code to keep headers safe, and the
renderers to decide what they may read. Nothing here imports from the rest
of the package.
"""

from __future__ import annotations

import re
from pathlib import Path

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Iterable

__all__ = [
    "CONTROL",
    "EMAIL_ADDRESS",
    "ENCODED_WORD",
    "FONT_FAMILY",
    "HEADER_UNSAFE",
    "HEX_COLOUR",
    "LINE_BREAK",
    "SLUG",
    "UNPRINTABLE",
    "file_name_problem",
    "hidden_component",
    "is_email_address",
    "is_inside",
    "lazy",
]


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


def is_email_address(text: str) -> bool:
    """Whether ``text`` is a plain address such as ``name@example.org`` (no display name)."""
    return (bool(EMAIL_ADDRESS.fullmatch(text)) and ".." not in text and not text.startswith(".")
            and len(text) <= 254)


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
    bad = HEADER_UNSAFE.search(name) or BIDI_CONTROL.search(name)
    reasons = [f"holds the character U+{ord(bad.group()):04X}" if bad else "",
               "holds '=?...?=', which mail programs would decode as an encoded word" if ENCODED_WORD.search(name) else "",
               "is longer than 200 characters" if len(name) > 200 else ""]
    return next(filter(None, reasons), "")
