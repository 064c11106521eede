"""A table as plain text: aligned columns when they fit the width, a block of "Header: value" lines per row otherwise.

Widths are counted in terminal columns, as a reader's mail program shows
them: a wide East Asian character (CJK, a full-width form) takes two, a
combining mark or a zero-width format character none. The aligned layout is
used only when every line of it fits; otherwise each body row becomes a
block of ``Header: value`` lines (wrapped at spaces, a word longer than the
line kept whole, as the paragraphs are), blocks apart by a blank line.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["Cell", "display_width", "table_text"]

_GAP = "  "


@dataclass(frozen=True)
class Cell:
    text: str
    align: str = ""  # "left", "center", "right" or "" (left)
    header: bool = False


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes (wide characters two, combining and format characters none)."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, align: str) -> str:
    room = width - display_width(text)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _aligned(rows: list[list[Cell]], widths: list[int], header_rows: int) -> list[str]:
    lines: list[str] = []
    for number, row in enumerate(rows):
        if number == header_rows and header_rows:
            lines.append(_GAP.join("-" * width for width in widths))
        lines.append(_GAP.join(_pad(cell.text, width, cell.align) for cell, width in zip(row, widths, strict=True)).rstrip())
    return lines


def _fill(text: str, width: int, first: str, rest: str) -> list[str]:
    """``text`` wrapped at spaces to ``width`` columns; a word longer than a line gets one of its own."""
    lines: list[str] = []
    current, used = first, display_width(first)
    fresh = True
    for word in text.split():
        size = display_width(word)
        if not fresh and used + 1 + size > width:
            lines.append(current)
            current, used, fresh = rest, display_width(rest), True
        current, used = (current + word, used + size) if fresh else (f"{current} {word}", used + 1 + size)
        fresh = False
    lines.append(current)
    return lines


def _blocks(rows: list[list[Cell]], header_rows: int, width: int) -> list[str]:
    labels = [cell.text for cell in rows[0]] if header_rows else []
    blocks: list[str] = []
    for row in rows[header_rows:]:
        lines: list[str] = []
        for column, cell in enumerate(row):
            if not cell.text:
                continue
            label = labels[column] if column < len(labels) else ""
            lines.extend(_fill(f"{label}: {cell.text}" if label else cell.text, width, "", "  " if label else ""))
        if lines:
            blocks.append("\n".join(lines))
    return blocks


def table_text(rows: list[list[Cell]], width: int, caption: str = "") -> str:
    """The text of a table whose rows (header rows first) hold ``rows``' cells."""
    rows = [row for row in rows if row]
    if not rows:
        return caption
    header_rows = 0
    while header_rows < len(rows) and all(cell.header for cell in rows[header_rows]):
        header_rows += 1
    header_rows = header_rows if header_rows < len(rows) else 0
    count = max(len(row) for row in rows)
    rows = [row + [Cell("")] * (count - len(row)) for row in rows]
    widths = [max(display_width(row[column].text) for row in rows) for column in range(count)]
    top = [caption] if caption else []
    if sum(widths) + len(_GAP) * (count - 1) <= width:
        return "\n".join(top + _aligned(rows, widths, header_rows))
    return "\n\n".join(top + _blocks(rows, header_rows, width))
