"""The limits on a text's Markdown tables, read without converting it (so ``check`` needs no Markdown).

A table's body rows are padded to the header's columns, so ``|`` rows of
two characters each could make thousands of cells per line of a wide
table: :func:`table_limits` bounds the columns of a table and the cells of
a text, found in one pass over the text without converting it, located at
the separator (``|---|--:|``) or the row that is one too many.
"""

from __future__ import annotations

import re

__all__ = ["MAX_TABLE_CELLS", "MAX_TABLE_COLUMNS", "table_limits"]

#: The most columns a table may have (a release's table is read on a phone and in 72-column text).
MAX_TABLE_COLUMNS = 40
#: The most cells (rows times the header's columns, short rows padded) all the tables of a text may have.
MAX_TABLE_CELLS = 10_000


# A separator row, after any quote markers: only '|', ':', '-' and spaces, with a '-'.
_SEPARATOR = re.compile(r"[ \t>]*(?=[|:\- ]*-)[|:\- ]+")


def _columns(separator: str) -> int:
    cells = separator.strip(" ")
    cells = cells[1:] if cells.startswith("|") else cells
    cells = cells[:-1] if cells.endswith("|") else cells
    return cells.count("|") + 1


def table_limits(text: str) -> tuple[int, int, int, str] | None:
    """(0-based line, 0-based column, count, what) where a table of ``text`` first passes a limit, or None.

    ``what`` is "columns" (a separator row of more than :data:`MAX_TABLE_COLUMNS`) or "cells" (the row
    that takes the text past :data:`MAX_TABLE_CELLS`). A separator is any line of ``|:-`` after a line
    holding a ``|``; its table runs to the next blank line. An upper bound: a quote's ``>`` lines are rows.
    """
    if "|" not in text:
        return None
    cells = columns = 0
    previous = ""
    for number, line in enumerate(text.split("\n")):
        if not line.strip(" \t>"):
            columns, previous = 0, ""
            continue
        if not columns and "|" in previous and (separator := _SEPARATOR.fullmatch(line)) is not None:
            columns = _columns(separator.group().lstrip(" \t>"))
            start = len(line) - len(line.lstrip(" \t>"))
            if columns > MAX_TABLE_COLUMNS:
                return number, start, columns, "columns"
            cells += columns  # the header row
            if cells > MAX_TABLE_CELLS:
                return number - 1, 0, cells, "cells"
        elif columns:
            cells += columns
            if cells > MAX_TABLE_CELLS:
                return number, len(line) - len(line.lstrip(" \t>")), cells, "cells"
        previous = line
    return None
