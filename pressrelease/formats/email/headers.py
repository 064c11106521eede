"""Email header values: checked by us before the standard library sees them.

Python's email package has let crafted values inject headers (CVE-2024-6923,
fixed in 3.13 and back-ported to 3.12.5/3.11.10, but not in the 3.11.7 this
project is developed on), and distributions differ in what they patched. So
we never rely on the interpreter: a value with a line break, a control
character or something that looks like an RFC 2047 encoded word (which the
library might decode back into a line break) is refused, located in the
source, and every message we write is parsed back and its header names
compared with the ones we set.
"""

from __future__ import annotations

import base64
from email import policy
from email.headerregistry import Address
from email.parser import BytesParser
from email.utils import parseaddr
from typing import Iterable

from ...errors import Problem, RenderError
from ...model import Release
from ...rules import ENCODED_WORD, HEADER_UNSAFE, is_email_address

__all__ = [
    "EncodedHeader",
    "check_header_values",
    "header_value_problem",
    "make_address",
    "parse_address",
    "verify_headers",
]



class EncodedHeader:
    """A header value we encode and fold ourselves, as RFC 2047 base64 encoded words.

    The standard library's folder (3.11 to 3.13 at least) can leave a space at
    the end of a folded line before an encoded word, so "resolve MPs’ cases"
    decodes back as "resolve  MPs’ cases". Adjacent encoded words separated
    only by folding whitespace decode with no space between them (RFC 2047
    section 6.2), so this form round-trips exactly. Used for non-ASCII values.
    """

    max_bytes = 39  # 52 base64 characters: each line stays under 78 octets

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def __str__(self) -> str:
        return self.value

    def words(self) -> list[str]:
        chunks: list[bytes] = []
        current = b""
        for char in self.value:
            encoded = char.encode("utf-8")
            if len(current) + len(encoded) > self.max_bytes:
                chunks.append(current)
                current = b""
            current += encoded
        chunks.append(current)
        return [f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks if chunk]

    def fold(self, *, policy: object) -> str:
        linesep = getattr(policy, "linesep", "\n")
        return f"{self.name}: " + f"{linesep} ".join(self.words()) + linesep


def header_value_problem(value: str) -> str:
    """Why ``value`` may not go into a header, or "" if it may."""
    bad = HEADER_UNSAFE.search(value)
    if bad:
        return f"contains a line break or control character (U+{ord(bad.group()):04X})"
    if ENCODED_WORD.search(value):
        return "contains '=?...?=', which mail programs would decode as an encoded word"
    if len(value) > 900:
        return "is longer than 900 characters"
    return ""


def check_header_values(release: Release, values: Iterable[tuple[str, str]]) -> None:
    """Raise a located RenderError for every (field, value) that is unsafe in a header."""
    problems = []
    for field, value in values:
        why = header_value_problem(value)
        if why:
            origin = release.origin
            path, (line, col) = (origin.path, origin.locate(field)) if origin else (None, (0, 0))
            problems.append(Problem(path, line, col, f"{field} {why}; it cannot be put in an email header",
                                    "remove it from the text", code="header"))
    if problems:
        raise RenderError(problems)


def parse_address(text: str) -> Address:
    """An address from "name@example.org" or "Name <name@example.org>"; ValueError if it is not one."""
    why = header_value_problem(text)
    if why:
        raise ValueError(f"the address {why}")
    name, addr = parseaddr(text, strict=True) if _supports_strict() else parseaddr(text)
    if not addr or not is_email_address(addr):
        raise ValueError(f"'{text}' is not an email address (write name@example.org or Name <name@example.org>)")
    return make_address(name, addr)


def make_address(name: str, addr: str) -> Address:
    user, domain = addr.rsplit("@", 1)
    return Address(display_name=name, username=user, domain=domain)


def _supports_strict() -> bool:
    try:
        parseaddr("a@b.c", strict=True)  # type: ignore[call-arg]
    except TypeError:
        return False
    return True


def verify_headers(data: bytes, expected: dict[str, str]) -> None:
    """Parse a serialised message back: exactly our headers, with exactly our values.

    ``expected`` maps lower-case header names to their decoded values ("" to
    skip the value check). A difference means the email library wrote
    something we did not ask for, and the message must not be sent.
    """
    parsed = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    names = [name.lower() for name in parsed.keys()]
    unexpected = sorted(set(names) - set(expected) - {"mime-version", "content-type", "content-transfer-encoding"})
    duplicated = sorted({name for name in names if names.count(name) > 1})
    wrong = sorted(name for name, value in expected.items() if value and str(parsed.get(name, "")) != value)
    if unexpected or duplicated or wrong:
        raise RenderError([Problem(None, 0, 0, "the serialised email's headers differ from the ones set: "
                                   f"unexpected {unexpected}, repeated {duplicated}, altered {wrong}",
                                   "this is a bug in the email library; the message was not written",
                                   code="header")])
