"""Reading a ninjs item's JSON: size and encoding checked, parsed, and typed access with located problems.

The positions of problems are found from each key's text in the file (the
JSON parser keeps none), so a problem names the ``line:col`` of the key it
is about. Numbers too long to read, nesting too deep and lone surrogate
escapes are refused here, before any field is read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import Problem, SourceError, position_of
from ..rules import CONTROL

__all__ = ["MAX_BYTES", "JsonReader", "parse_item"]

#: The largest ninjs file ``import`` reads.
MAX_BYTES = 20_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class JsonReader:
    """Typed access to the JSON with located problems (positions found from each key's text)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text, self.problems = path, text, []

    def locate(self, pointer: tuple[str | int, ...]) -> tuple[int, int]:
        line, col = 1, 1
        for key in pointer:
            if isinstance(key, str):
                found = position_of(self.text, json.dumps(key), line)
                if found is not None:
                    line, col = found
        return line, col

    def problem(self, pointer: tuple[str | int, ...], message: str, hint: str) -> None:
        line, col = self.locate(pointer)
        where = "/".join(str(key) for key in pointer)
        self.problems.append(Problem(self.path, line, col, f"{where}: {message}" if where else message, hint))

    def get(self, data: Any, pointer: tuple[str | int, ...], kind: type, default: Any = None) -> Any:
        value = data.get(pointer[-1], default) if isinstance(data, dict) else default
        if value is default:
            return default
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.problem(pointer, f"is {type(value).__name__}, not {kind.__name__}", "see the ninjs 3.2 schema")
            return default
        if isinstance(value, str) and CONTROL.search(value.replace("\n", "").replace("\t", "").replace("\r", "")):
            self.problem(pointer, "holds a control character", "remove control characters from the text")
            return default
        return value

    def objects(self, data: Any, name: str) -> list[tuple[int, dict[str, Any]]]:
        items = self.get(data, (name,), list, [])
        good = []
        for index, item in enumerate(items):
            if isinstance(item, dict):
                good.append((index, item))
            else:
                self.problem((name, index), f"is {type(item).__name__}, not an object", "see the ninjs 3.2 schema")
        return good


def parse_item(path: Path, data: bytes) -> tuple[JsonReader, dict[str, Any]]:
    if len(data) > MAX_BYTES:
        raise SourceError([Problem(path, 0, 0, f"is {len(data)} bytes, over {MAX_BYTES}", "split the archive")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError([Problem(path, line, 1, "is not UTF-8 text", "ninjs is JSON in UTF-8")]) from None
    reader = JsonReader(path, text)
    try:
        item = json.loads(text, parse_constant=lambda name: None)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError; so is a 5,000-digit number
        line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else \
            "nests too deeply" if isinstance(exc, RecursionError) else "a number too long to read"
        raise SourceError([Problem(path, line, col, f"not JSON: {message}", "a ninjs item is one JSON object")]) from None
    surrogate = _LONE_SURROGATE.search(json.dumps(item, ensure_ascii=False, default=str)) if isinstance(item, dict) else None
    if surrogate is not None:  # "\udfff" in the JSON: no character, and no UTF-8 file can hold it
        raise SourceError([Problem(path, 1, 1, "holds a lone surrogate escape (\\ud800 to \\udfff), which is no character",
                                   "write the character itself, or its surrogate pair")])
    if not isinstance(item, dict) or not isinstance(item.get("uri"), str):
        raise SourceError([Problem(path, 1, 1, "is not a ninjs item: no \"uri\"",
                                   "a ninjs item is a JSON object with at least a \"uri\" string")])
    return reader, item
