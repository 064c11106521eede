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
from email.policy import EmailPolicy
from email.headerregistry import Address
from email.parser import BytesParser
from email.utils import parseaddr
from typing import Iterable

from ...errors import Problem, RenderError
from ...model import Release
from ...rules import display_name, display_name_problem, header_text_problem, is_email_address, lazy

__all__ = [
    "HEADER_POLICY",
    "EncodedHeader",
    "HeaderPolicy",
    "check_header_values",
    "header_value_problem",
    "name_value_problem",
    "make_address",
    "parse_address",
    "verify_headers",
]



class EncodedHeader:
    """An unstructured header value (the Subject) we fold ourselves, so it parses back exactly.

    The standard library's folder (3.11 to 3.13 at least) gets two cases
    wrong. An ASCII value of 70 to 77 characters (one that does not fit on the
    header's first line but fits on a line of its own) is moved whole to a
    continuation line, "Subject:" CRLF SP value, and unfolding that (RFC 5322
    section 2.2.3 removes only the CRLF) gives the value with a space in
    front. And before an encoded word it can leave a space at the end of a
    folded line, so "resolve MPs’ cases" decodes back as "resolve  MPs’
    cases".

    So: an ASCII value is folded only before whitespace it already has (the
    first word always stays on the header's first line), and unfolding, which
    removes just the CRLF, gives back every character. A non-ASCII value
    becomes RFC 2047 base64 encoded words, one per line: adjacent encoded
    words separated only by folding whitespace decode with no space between
    them (RFC 2047 section 6.2), so that round-trips exactly too. A word
    longer than a line is left whole: the source limits a value to
    ``rules.HEADER_TEXT_MAX`` characters, so its line stays under the 998
    octets RFC 5322 allows.
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
        return [_encoded_word(chunk) for chunk in chunks if chunk]

    def lines(self) -> list[str]:
        """The folded value's lines: each after the first starts with the whitespace the value had there."""
        if not self.value.isascii():
            words = self.words()
            return [words[0], *(f" {word}" for word in words[1:])] if words else [""]
        return fold_tokens(self.name, _TOKEN.findall(self.value))

    def fold(self, *, policy: object) -> str:
        linesep = getattr(policy, "linesep", "\n")
        return f"{self.name}: " + linesep.join(self.lines()) + linesep


#: A word with the whitespace before it: where an ASCII value may be folded.
_TOKEN = lazy(r"\s*\S+|\s+$")
#: RFC 5322's recommended line length, in octets, CRLF excluded.
MAX_LINE = 78


def _encoded_word(data: bytes) -> str:
    return f"=?utf-8?b?{base64.b64encode(data).decode('ascii')}?="


def fold_tokens(name: str, tokens: list[str]) -> list[str]:
    """Lines of "name: " and ``tokens``, a new line before a token (which starts with whitespace) that would
    pass ``MAX_LINE``; the first token always stays on the first line. Unfolding gives back the tokens joined."""
    lines = [tokens[0] if tokens else ""]
    width = len(name) + 2 + len(lines[0])
    for token in tokens[1:]:
        if width + len(token) > MAX_LINE:
            lines.append(token)
            width = len(token)
        else:
            lines[-1] += token
            width += len(token)
    return lines


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def address_tokens(address: Address) -> list[str]:
    """An address as foldable tokens, its display name written so that the standard parser reads it back exactly.

    The display name is normalised first (:func:`~pressrelease.rules.display_name`: whitespace in a
    phrase is not significant, RFC 5322 section 3.2.5). An ASCII name is one quoted string, folded only
    before its own spaces (unfolding gives back what it held). A non-ASCII name is one word per
    space-separated part: ASCII parts quoted, others each a single RFC 2047 encoded word. A part is never
    split over two encoded words: Python's parser (3.11 to 3.13) reads the folding whitespace between two
    adjacent encoded words of a phrase as a space, against RFC 2047 section 6.2, so "Département" split
    in two came back as "D épartement". ``rules.DISPLAY_NAME_MAX`` keeps such a word within a line.
    """
    name = display_name(address.display_name)
    spec = f"<{address.addr_spec}>"
    if not name:
        return [address.addr_spec]
    if name.isascii():
        words = _TOKEN.findall(_quoted(name))
    else:
        parts = name.split(" ")
        words = [_quoted(part) if part.isascii() else _encoded_word(part.encode("utf-8")) for part in parts]
        words = [words[0], *(f" {word}" for word in words[1:])]
    return [*words, f" {spec}"]


class HeaderPolicy(EmailPolicy):
    """The SMTP policy, but From, To and Reply-To folded by :func:`address_tokens` instead of the library."""

    def fold(self, name: str, value: object) -> str:
        tokens = _address_header_tokens(name, value)
        if tokens is None:
            return super().fold(name, value)
        return f"{name}: " + self.linesep.join(fold_tokens(name, tokens)) + self.linesep

    def fold_binary(self, name: str, value: object) -> bytes:
        if _address_header_tokens(name, value) is None:
            return super().fold_binary(name, value)
        return self.fold(name, value).encode("ascii")


def _address_header_tokens(name: str, value: object) -> list[str] | None:
    """The tokens of a header holding exactly one address, or None for any other header."""
    addresses = getattr(value, "addresses", None)
    if name.lower() not in ("from", "to", "reply-to", "sender", "cc") or not addresses or len(addresses) != 1:
        return None
    return address_tokens(addresses[0])


#: The policy every message is made and written with: SMTP's CRLF, our folding of address headers.
HEADER_POLICY = HeaderPolicy(linesep="\r\n")


def header_value_problem(value: str) -> str:
    """Why ``value`` may not go into a header, or "" if it may."""
    return header_text_problem(value)[0]


def name_value_problem(value: str) -> str:
    """Why ``value`` may not be an address's display name, or "" if it may."""
    return display_name_problem(value)[0]


def check_header_values(release: Release, values: Iterable[tuple[str, str]],
                        names: Iterable[tuple[str, str]] = ()) -> None:
    """Raise a located RenderError for every (field, value) that is unsafe in a header.

    ``names`` are display names, which must also be short enough (:func:`name_value_problem`). The
    source readers refuse all of these first; this is for a release built in code.
    """
    problems = []
    checks = [(field, header_value_problem(value)) for field, value in values]
    checks += [(field, name_value_problem(value)) for field, value in names]
    for field, why in checks:
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
    why = name_value_problem(name)
    if why:
        raise ValueError(f"the address's name {why}")
    return make_address(name, addr)


def make_address(name: str, addr: str) -> Address:
    """An address whose display name is normalised (:func:`~pressrelease.rules.display_name`), as it is sent."""
    user, domain = addr.rsplit("@", 1)
    return Address(display_name=display_name(name), username=user, domain=domain)


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
