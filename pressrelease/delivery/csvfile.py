"""A recipients CSV file read into located records: the ``csv`` module's quoting, physical line numbers.

Each record knows the line it starts on and where each of its fields
starts (line and column, from 1), so a problem in any field is reported
where an editor shows it, however many quoted line breaks came before.
Reading refuses what no list of addresses needs and what could smuggle one
value into another: a line break inside a field, bytes that are not UTF-8,
quoting the ``csv`` module's strict mode rejects, a file over the size limit.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import Problem
from ..rules import LINE_BREAK

__all__ = ["MAX_FILE_BYTES", "Record", "read_records"]

#: The largest recipients file read (16 MiB: some 200,000 addresses with names).
MAX_FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record: its fields and where each starts, (line, col)."""

    line: int
    fields: list[str]
    starts: list[tuple[int, int]]
    broken: bool = False  # a field holds a line break (already a problem)

    def at(self, index: int) -> tuple[int, int]:
        return self.starts[index] if index < len(self.starts) else (self.line, 1)


def _problem(path: Path, line: int, col: int, message: str, hint: str = "") -> Problem:
    return Problem(path, line, col, message, hint, code="recipient")


def read_records(path: Path) -> tuple[list[Record], list[Problem]]:
    """Every record of the file at ``path``, and every problem found reading it."""
    text, problem = _read_text(path)
    if problem is not None:
        return [], [problem]
    records: list[Record] = []
    problems: list[Problem] = []
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        lines.taken.clear()
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_problem(path, start, 1, f"this record is not valid CSV: {exc}",
                                     'a quoted field ends with a quote followed by a comma or the end of the line; '
                                     'a quote inside one is written twice ("")'))
        else:
            record = Record(start, fields, _field_starts("".join(lines.taken), start))
            broken = _line_breaks(path, record)
            problems.extend(broken)
            records.append(Record(start, fields, record.starts, bool(broken)) if broken else record)
        start = reader.line_num + 1
    return records, problems


def _read_text(path: Path) -> tuple[str, Problem | None]:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return "", _problem(path, 0, 0, "the recipients file is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "", _problem(path, 0, 0, "no such recipients file")
    except OSError as exc:
        return "", _problem(path, 0, 0, f"cannot read the recipients file: {exc.strerror or exc}")
    if len(data) > MAX_FILE_BYTES:
        return "", _problem(path, 0, 0, f"the recipients file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                            "split the list into several files and send once per file")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8")
        lines = io.StringIO(before, newline="").readlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
        if lines[-1].endswith(("\r", "\n")):
            line, col = line + 1, 1
        return "", _problem(path, line, col, f"the recipients file is not UTF-8 (byte 0x{data[exc.start]:02X})",
                            "save it as UTF-8 (in a spreadsheet: CSV UTF-8)")


class _Lines:
    """The file's physical lines (split at CR, LF and CRLF, as ``csv`` expects), keeping those one record took."""

    def __init__(self, text: str) -> None:
        self._lines: Iterator[str] = iter(io.StringIO(text, newline=""))
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def _field_starts(raw: str, line: int) -> list[tuple[int, int]]:
    """(line, col) of each field of the record whose text is ``raw`` and which starts on ``line``."""
    starts = [(line, 1)]
    col, quoted, previous = 1, False, ""
    for char in raw:
        if char == '"':
            quoted = not quoted  # a doubled quote inside a quoted field flips twice
        elif char == "," and not quoted:
            starts.append((line, col + 1))
        if char == "\r" or (char == "\n" and previous != "\r"):
            line, col = line + 1, 0
        elif char == "\n":
            col = 0
        col += 1
        previous = char
    return starts


def _line_breaks(path: Path, record: Record) -> list[Problem]:
    """A problem for each field of ``record`` holding a line break, at the field's start."""
    problems = []
    for index, value in enumerate(record.fields):
        found = LINE_BREAK.search(value)
        if found:
            line, col = record.at(index)
            problems.append(_problem(path, line, col, f"field {index + 1} holds a line break (U+{ord(found.group()):04X})",
                                     "each recipient is one line: remove the line break inside the quotes"))
    return problems
