"""Mutations of a release source (and its organisation file), each a function of a seeded Random.

Every mutation takes ``(rng, data)`` and returns new bytes; :func:`mutate`
applies one to three of them to a seed, deterministically for a given Random.
The families: bytes (flip, insert, delete), lines (delete, duplicate, swap),
YAML values (every kind YAML has, anchors and tags included), Unicode edge
cases, deep nesting, huge values (the whole file kept under the 2 MB source
limit, mostly), image references to odd paths and line endings.
"""

from __future__ import annotations

import random
import re
from typing import Callable

from fuzzing import SEEDS, Case, decoded, encoded

LIMIT = 2_000_000
FIELD = re.compile(r"^( *(?:- )?)([A-Za-z_][A-Za-z_0-9-]*):( ?)(.*)$", re.M)
DEPTHS = (20, 100, 1_000, 10_000, 100_000)
ODD_PATHS = (
    "../outside.jpg", ".git/config", "../.git/config", "../.git/secret.jpg", "/etc/passwd", "/dev/zero",
    "/proc/self/environ", "file:///etc/passwd", "http://127.0.0.1:9/a.png", "https://example.org/a.jpg",
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "photos/../../outside.jpg",
    "link.jpg", "%2e%2e/outside.jpg", "..%2Foutside.jpg", "photos\\..\\..\\outside.jpg", "C:/Windows/win.ini",
    "//example.org/a.png", "javascript:alert(1)", "logo.svg", "organisation.yaml", "~/x.jpg", "a\x00.jpg",
    " ../outside.jpg", "photos/placeholder-ipu-cambodia-mission.jpg?x=../../outside.jpg", "." , "", "photos/",
    "library.jpg#../outside.jpg", "x" * 5000 + ".jpg", "/tmp", "rel/../../outside.jpg", "\u202e gpj.jpg",
)
IMAGE_FORMS = (
    "![alt]({p})", "![alt](<{p}>)", '<img src="{p}">', "[![a]({p})]({p})", "![a][r]\n\n[r]: {p}",
    '<img srcset="{p} 2x">', '<a href="{p}">x</a>', '<div style="background:url({p})">x</div>',
    '<svg><image href="{p}"/></svg>', '<link rel=stylesheet href="{p}">', '<iframe src="{p}"></iframe>',
    '<object data="{p}"></object>', "![alt]({p} \"title\")", "<{p}>",
)
UNICODE = (
    "\u202e", "\u2066", "\u2067\u202bעברית\u202c\u2069", "e" + "\u0301" * 50, "\u0301", "\x00", "\u2028", "\u2029",
    "\x85", "مرحبا بالعالم", "שלום עולם", "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\ufeff",
    "a" * 200_000, "\ufffe", "\uffff", "\U0010ffff", "\x1b[31m", "\r", "\t", "\x7f", "\u200b", "\x0c", "\x0b",
    "\ue000", "\U000e0001", "\u0000\u202e", "Z\u0351\u0346\u036b" * 1000, "\udce9",
)
YAML_ESCAPES = ('"\\u202e"', '"\\0"', '"\\x85"', '"\\L"', '"\\P"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\U0010FFFF"',
                '"a\\nb"', '"\\e[31m"', '"\\uFEFF"', "'\u2028'", '"\\_"', '"\\t"')


def _pos(rng: random.Random, data: bytes | str) -> int:
    return rng.randrange(len(data) + 1)


def byte_flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def byte_insert(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, data)
    return data[:i] + bytes(rng.randrange(256) for _ in range(rng.choice((1, 1, 2, 4)))) + data[i:]


def byte_delete(rng: random.Random, data: bytes) -> bytes:
    i = _pos(rng, data)
    return data[:i] + data[i + rng.choice((1, 1, 2, 8, 64)) :]


def _lines_op(rng: random.Random, data: bytes, op: str) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if op == "delete":
        del lines[i : i + rng.choice((1, 1, 2, 5))]
    elif op == "duplicate":
        lines[i:i] = lines[i : i + rng.choice((1, 1, 3))] * rng.choice((1, 2, 10))
    else:
        lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def line_delete(rng: random.Random, data: bytes) -> bytes:
    return _lines_op(rng, data, "delete")


def line_duplicate(rng: random.Random, data: bytes) -> bytes:
    return _lines_op(rng, data, "duplicate")


def line_swap(rng: random.Random, data: bytes) -> bytes:
    return _lines_op(rng, data, "swap")


def yaml_value(rng: random.Random, indent: str = "") -> str:
    """Any YAML value, on one line or as an indented block (its first line goes after 'key:')."""
    long = "x" * rng.choice((1_000, 100_000, 1_000_000))
    choices = (
        "", "''", '""', "plain text", "'single'", '"double"', "0", "-1", "1e309", "0x1F", ".inf", ".nan", "1_000",
        "9" * 5000, "[]", "[a, b]", "[[a]]", "{}", "{a: 1}", "{file: x}", "~", "null", "yes", "no", "true", "On",
        "2016-02-30", "2016-02-19T10:00:00+25:00", "9999-12-31", "0001-01-01", "2016-02-19 25:61", long,
        f'"{long}"', "&a anchored", "*a", "!!python/object/apply:os.system ['id']", "!custom x", "!!binary aGk=",
        "<<: *a", "? complex", "|\n" + indent + "  block\n" + indent + "  text", ">-\n" + indent + "  folded",
        "\n" + indent + "  - item\n" + indent + "  - other", "\n" + indent + "  key: value", "- not a list",
        "'unterminated", '"unterminated', "[unclosed", "{unclosed", "a: b: c", "#comment", "@reserved", "`tick",
        "%percent", "Europe/Geneva", "2016-02-19 09:00 Mars/Olympus", "not-an-email@", "#zzz", "\t", *YAML_ESCAPES,
    )
    return rng.choice(choices)


def _fields(text: str) -> list[re.Match[str]]:
    return list(FIELD.finditer(text))


def yaml_substitute(rng: random.Random, data: bytes) -> bytes:
    text = decoded(data)
    fields = _fields(text)
    if not fields:
        return data
    m = rng.choice(fields)
    return encoded(text[: m.start(4)] + yaml_value(rng, m.group(1).replace("-", " ")) + text[m.end(4) :])


def yaml_add_field(rng: random.Random, data: bytes) -> bytes:
    text = decoded(data)
    names = ("kind", "headline", "short_headline", "subheadline", "dateline", "embargo", "language", "photos",
             "tags", "contacts", "notes_to_editors", "organisation", "slug", "style", "logo", "fonts", "labels",
             "lint", "boilerplate", "date", "city", "headlin", "__proto__", "a" * 300, "1", "true", "~",
             "label", "partners", "event", "disclaimer", "footer", "email", "timezone", "about_heading",
             "group", "number", "note", "dateline_format", "embargo_zones", "sections", "start", "end")
    at = text.find("\n") + 1 if text.startswith("---") else 0
    return encoded(text[:at] + f"{rng.choice(names)}: {yaml_value(rng)}\n" + text[at:])


def _insert_text(rng: random.Random, data: bytes, piece: str) -> bytes:
    """``piece`` inserted at the start of a line, into a YAML value or at any point."""
    text = decoded(data)
    fields, where = _fields(text), rng.random()
    if where < 0.4 and fields:
        m = rng.choice(fields)
        i = rng.randint(m.start(4), m.end(4))
    elif where < 0.8:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        i = rng.choice(starts)
        piece = piece + "\n"
    else:
        i = _pos(rng, text)
    return encoded(text[:i] + piece + text[i:])


def unicode_edge(rng: random.Random, data: bytes) -> bytes:
    roll = rng.random()
    if roll < 0.15:  # a lone surrogate as UTF-8 (CESU) bytes, or an overlong encoding
        i = _pos(rng, data)
        return data[:i] + rng.choice((b"\xed\xa0\x80", b"\xc0\xaf", b"\xef\xbb\xbf", b"\xff\xfe")) + data[i:]
    if roll < 0.3:
        return yaml_substitute_with(rng, data, rng.choice(YAML_ESCAPES))
    return _insert_text(rng, data, "".join(rng.choice(UNICODE) for _ in range(rng.choice((1, 1, 3)))))


def yaml_substitute_with(rng: random.Random, data: bytes, value: str) -> bytes:
    text = decoded(data)
    fields = _fields(text)
    if not fields:
        return data
    m = rng.choice(fields)
    return encoded(text[: m.start(4)] + value + text[m.end(4) :])


def _nested(rng: random.Random, n: int) -> str:
    kinds = (
        lambda: "> " * n + "x", lambda: "*" * n + "x" + "*" * n, lambda: "_" * n + "x" + "_" * n,
        lambda: "[" * n + "x" + "](u)" * n, lambda: "[" * n, lambda: "<div>" * n + "x" + "</div>" * n,
        lambda: "<b><i>" * n, lambda: "![" * n + "a](x.jpg)" * n, lambda: "(" * n, lambda: "`" * n,
        lambda: "1. " * n + "x", lambda: "- " * n + "x", lambda: "#" * n + " x", lambda: "<!--" * n,
        lambda: "\n".join("  " * i + "- x" for i in range(min(n, 1_000))), lambda: "[[" * n + "]]" * n,
        lambda: "\n".join("    " * i + "> x" for i in range(min(n, 1_000))), lambda: "<table><tr><td>" * n,
        lambda: "&#" * n, lambda: "<" * n, lambda: "~~" * n, lambda: "***" * n + "x", lambda: "\\" * n,
        lambda: "[a]: " * n, lambda: "<details>" * n, lambda: "[" + "[a](b)" * n + "]", lambda: "|" * n,
    )
    return rng.choice(kinds)()


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice(DEPTHS)
    if rng.random() < 0.3:  # YAML nesting as a value
        flow = rng.choice(("[" * n + "]" * n, "{a: " * n + "1" + "}" * n, "[" * n, "- " * n + "x"))
        return yaml_substitute_with(rng, data, flow)
    return _insert_text(rng, data, _nested(rng, n))


def huge_value(rng: random.Random, data: bytes) -> bytes:
    room = max(1_000, LIMIT - len(data) - rng.choice((1_000, 100, 50_000, -10)))
    n = rng.choice((1_000, 10_000, 100_000, room))
    pieces = (
        lambda: "A" * n, lambda: "word " * (n // 5), lambda: "x\n\n" * (n // 3), lambda: "*a* " * (n // 4),
        lambda: "[a](http://x) " * (n // 14), lambda: "![a](library.jpg) " * min(n // 18, 5_000),
        lambda: "9" * n, lambda: "- t\n" * (n // 4), lambda: "é" * (n // 2), lambda: "<p>" * (n // 3),
        lambda: "| a | b |\n|---|---|\n" + "| x | y |\n" * (n // 10), lambda: "\n" * n, lambda: " " * n,
    )
    piece = rng.choice(pieces)()
    if rng.random() < 0.4:
        flows = ("[" + "t, " * (n // 3) + "]", '"' + "h" * n + '"', "[" + "{file: library.jpg, alt: a}, " * (n // 30) + "]")
        return yaml_substitute_with(rng, data, rng.choice(flows))
    return _insert_text(rng, data, piece)


def image_reference(rng: random.Random, data: bytes) -> bytes:
    path = rng.choice(ODD_PATHS)
    text = decoded(data)
    targets = [m for m in _fields(text) if m.group(2) in ("file", "logo")]
    if targets and rng.random() < 0.35:
        m = rng.choice(targets)
        return encoded(text[: m.start(4)] + repr_yaml(path) + text[m.end(4) :])
    return _insert_text(rng, data, rng.choice(IMAGE_FORMS).format(p=path))


def repr_yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\0") + '"'


def line_endings(rng: random.Random, data: bytes) -> bytes:
    unix = data.replace(b"\r\n", b"\n")
    choice = rng.choice(("crlf", "cr", "mixed", "trailing-cr"))
    if choice == "crlf":
        return unix.replace(b"\n", b"\r\n")
    if choice == "cr":
        return unix.replace(b"\n", b"\r")
    if choice == "trailing-cr":
        return unix + b"\r"
    return b"".join(line + rng.choice((b"\n", b"\r\n", b"\r")) for line in unix.split(b"\n"))


MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    f.__name__: f for f in (byte_flip, byte_insert, byte_delete, line_delete, line_duplicate, line_swap,
                            yaml_substitute, yaml_add_field, unicode_edge, deep_nesting, huge_value,
                            image_reference, line_endings)
}
WEIGHTS = {"yaml_substitute": 3, "unicode_edge": 2, "deep_nesting": 2, "image_reference": 2, "huge_value": 1}


def mutate(rng: random.Random, names: list[str] | None = None) -> Case:
    """A seed with one to three mutations (``names``, or drawn), to its release file or, one time in six, its organisation file."""
    seed = rng.choice(SEEDS)
    release, organisation = seed.texts()
    if names is None:
        pool = [name for name in MUTATIONS for _ in range(WEIGHTS.get(name, 1))]
        names = [rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3)))]
    applied = []
    for name in names:
        if rng.random() < 1 / 6:
            organisation = MUTATIONS[name](rng, organisation)
            applied.append(f"{name}(organisation)")
        else:
            release = MUTATIONS[name](rng, release)
            applied.append(name)
    return Case(seed.name, release, organisation, tuple(applied))
