"""Turn the bytes of a source file into YAML nodes and a Markdown body.

We compose YAML into *nodes* and never construct Python objects from it:
nodes keep the line and column of every value and the exact text the author
typed, so ``country: NO`` stays "NO" and ``time: 12:30`` stays "12:30" (YAML
1.1 would turn them into ``False`` and ``750``), and no tag can ever
instantiate anything. Typing each value is the job of :mod:`.nodes`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from ..errors import Problem, SourceError


__all__ = ["Document", "compose_yaml", "decode", "read_source", "read_source_bytes", "split_front_matter"]

_OPEN = re.compile(r"---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary", "merge", "value")
}
# The largest source we accept; a press release is a few kilobytes.
MAX_SOURCE_BYTES = 2_000_000


class Document:
    """A source file split into its front matter and body (a plain record, read once by the loader).

    ``yaml_line`` is the file line of the first front-matter line, so a node
    at YAML line ``n`` (0-based) is at file line ``yaml_line + n``.
    """

    __slots__ = ("path", "text", "front_matter", "yaml_line", "body", "body_line")

    def __init__(self, path: Path | None, text: str, front_matter: yaml.Node | None, yaml_line: int, body: str,
                 body_line: int) -> None:
        self.path, self.text, self.front_matter = path, text, front_matter
        self.yaml_line, self.body, self.body_line = yaml_line, body, body_line


class _NodeOnlyLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases.

    Aliases let a few lines expand into gigabytes ("billion laughs") and have
    no use in a press release.
    """

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (*name) are not supported",
                problem_mark=event.start_mark,
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise yaml.MarkedYAMLError(
                problem=f"anchors (&{anchor}) are not supported",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def decode(data: bytes, path: Path | None) -> str:
    """UTF-8 text, or a SourceError pointing at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            [
                Problem(
                    path,
                    line,
                    col,
                    f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
                    "save the file with UTF-8 encoding",
                    code="encoding",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path) -> str:
    """Read a file as text, turning every failure into a located problem."""
    return decode(read_source_bytes(path), path)


def read_source_bytes(path: Path) -> bytes:
    """Read a source file's bytes; a missing, unreadable or huge file is a SourceError."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_SOURCE_BYTES:
                raise _too_big(path, size)
            data = handle.read(size + 1)  # not a buffer the size of the limit for a small file
            if len(data) > size:  # a file that grew, or a pipe (size 0): read on, to one byte past the limit
                data += handle.read(MAX_SOURCE_BYTES + 1 - len(data))
    except FileNotFoundError:
        raise SourceError([Problem(path, 0, 0, "no such file", code="missing")]) from None
    except IsADirectoryError:
        raise SourceError([Problem(path, 0, 0, "cannot read the file: is a directory", code="unreadable")]) from None
    except OSError as exc:
        raise SourceError([Problem(path, 0, 0, f"cannot read the file: {exc.strerror}", code="unreadable")]) from None
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_big(path, len(data))
    return data


def _too_big(path: Path, size: int) -> SourceError:
    return SourceError([Problem(path, 0, 0, f"the file is {size} bytes; the limit is {MAX_SOURCE_BYTES}", code="size")])


def split_front_matter(text: str, path: Path | None) -> Document:
    """Split ``---`` front matter from the Markdown body and compose it."""
    opening = _OPEN.match(text)
    if opening is None:
        raise SourceError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the file has no front matter",
                    "start it with a line '---', then the fields (headline: ...), then another '---'",
                    code="front-matter",
                )
            ]
        )
    closing = _CLOSE.search(text, opening.end())
    if closing is None:
        raise SourceError(
            [
                Problem(
                    path,
                    1,
                    1,
                    "the front matter is never closed",
                    "end the fields with a line '---' before the body",
                    code="front-matter",
                )
            ]
        )
    yaml_text = text[opening.end() : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    node = compose_yaml(yaml_text, path, first_line=2)
    return Document(path, text, node, 2, text[body_start:], body_line)


def _compose(yaml_text: str) -> yaml.Node | None:
    """Compose with libyaml when PyYAML has it (15x faster), after refusing anchors and aliases."""
    if not getattr(yaml, "__with_libyaml__", False):
        return yaml.compose(yaml_text, Loader=_NodeOnlyLoader)  # type: ignore[no-any-return]
    if "&" not in yaml_text and "*" not in yaml_text:  # no anchor or alias can be written without them
        return yaml.compose(yaml_text, Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]
    for event in yaml.parse(yaml_text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(problem="anchors and aliases (*name) are not supported",
                                       problem_mark=event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(problem=f"anchors (&{event.anchor}) are not supported",
                                       problem_mark=event.start_mark)
    return yaml.compose(yaml_text, Loader=yaml.CSafeLoader)  # type: ignore[no-any-return]


def compose_yaml(yaml_text: str, path: Path | None, first_line: int = 1) -> yaml.Node | None:
    """Compose YAML text into nodes; every syntax error becomes a Problem at the line of the mistake."""
    try:
        node = _compose(yaml_text)
    except yaml.MarkedYAMLError as exc:
        raise SourceError([_syntax_problem(exc, yaml_text, path, first_line)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere (a C0 control, U+FFFE...)
        raise SourceError([_reader_problem(exc, yaml_text, path, first_line)]) from None
    except yaml.YAMLError as exc:  # nothing PyYAML raises today, but never a traceback
        raise SourceError([Problem(path, first_line, 1, f"invalid YAML: {exc}", code="yaml")]) from None
    if node is not None:
        _reject_custom_tags(node, path, first_line)
    return node


# Constructs YAML reports only when it meets what should have ended them, often lines later (at the end of
# the file, for an unclosed quote): the mistake is where they opened. Context -> (problems meaning "never
# closed", the message then, what to do).
_OPENERS = {
    "while parsing a flow sequence": (("expected ',' or ']'", "did not find expected ',' or ']'"),
                                      "the list opened with '[' here is never closed",
                                      "close it with ']', or put a value that starts with '[' in quotes"),
    "while parsing a flow mapping": (("expected ',' or '}'", "did not find expected ',' or '}'"),
                                     "the mapping opened with '{' here is never closed",
                                     "close it with '}', or put a value that starts with '{' in quotes"),
    "while scanning a quoted scalar": (("found unexpected end of stream", "found unexpected document indicator"),
                                       "the quoted text opened here is never closed",
                                       "end it with the same quote mark it starts with"),
    "while scanning a simple key": ((), "", ""),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, yaml_text: str, path: Path | None, first_line: int) -> Problem:
    """The problem for a YAML syntax error: where the unclosed construct opened, or where YAML stopped."""
    problem = exc.problem or "invalid YAML"
    noticed, opened = exc.problem_mark, exc.context_mark
    opener = _OPENERS.get(exc.context or "")
    lines = yaml_text.split("\n")
    if opener is not None and opened is not None and (noticed is None or noticed.line > opened.line):
        endings, message, hint = opener
        if not any(problem.startswith(ending) for ending in endings):
            message, hint = problem, _yaml_hint(problem, lines[opened.line] if opened.line < len(lines) else "")
        if noticed is not None:
            hint += f"; YAML noticed it at line {first_line + noticed.line}, column {noticed.column + 1}"
            hint += f": {problem}" if message != problem else ""
        return Problem(path, first_line + opened.line, opened.column + 1, f"invalid YAML: {message}", hint,
                       code="yaml")
    mark = noticed or opened
    line, col = (mark.line, mark.column + 1) if mark is not None else (0, 1)
    if exc.context == "expected a single document in the stream":
        return Problem(path, first_line + line, col, "invalid YAML: a second YAML document starts here",
                       "the file holds one document: remove this '---' line or what follows it", code="yaml")
    source_line = lines[line] if line < len(lines) else ""
    return Problem(path, first_line + line, col, f"invalid YAML: {problem}", _yaml_hint(problem, source_line),
                   code="yaml")


def _reader_problem(exc: yaml.reader.ReaderError, yaml_text: str, path: Path | None, first_line: int) -> Problem:
    """A character YAML refuses, at its line and column (libyaml counts its position in bytes, so search)."""
    character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    index = max(yaml_text.find(chr(character)), 0)
    line = yaml_text.count("\n", 0, index)
    col = index - (yaml_text.rfind("\n", 0, index) + 1) + 1
    return Problem(path, first_line + line, col, f"invalid YAML: the text contains a control character (U+{character:04X})",
                   "delete the invisible character", code="control")


def _reject_custom_tags(node: yaml.Node, path: Path | None, first_line: int) -> None:
    problems: list[Problem] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.tag not in _STANDARD_TAGS:
            mark = current.start_mark
            problems.append(
                Problem(
                    path,
                    first_line + mark.line,
                    mark.column + 1,
                    f"YAML tag {current.tag!r} is not supported",
                    "remove the tag; write plain values",
                    code="yaml",
                )
            )
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    if problems:
        raise SourceError(sorted(problems, key=Problem.sort_key))


def _yaml_hint(message: str, source_line: str = "") -> str:
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or (
        "cannot start any token" in message and "\t" in source_line
    ):
        return "YAML does not allow tabs; indent with spaces"
    if "mapping values are not allowed" in message:
        return "a value that contains ': ' must be put in quotes"
    if "could not find expected ':'" in message:
        return "each field is written 'name: value'"
    if "found unexpected end of stream" in message or "found unexpected" in message:
        return "check for an unclosed quote or bracket"
    if "not supported" in message:
        return "write the value out in full"
    if "<document start>" in message:
        return "the YAML ended before this line (at a '...' line or a '%' directive): remove that line"
    if "unknown escape" in message:
        return "in double quotes a backslash starts an escape such as \\n; write \\\\ for a backslash, or use single quotes"
    return "check the indentation and quoting on this line"
