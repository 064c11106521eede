"""Python-Markdown's ``tables`` extension, made linear in the length of a row and of a block.

The extension's own row splitter pairs backticks by slicing the rest of
the row for each one and tests every ``|`` against every code span before
it, so one long line of ``\\`a\\`|`` took time quadratic in its length; and
it runs on the first two lines of every paragraph, table or not. The
splitter here gives the same cells in one pass (a test compares the HTML
with the original extension's on random text). Its ``test`` splits a
block's first two lines only (the original split the whole block each time
a block was tried: quadratic for a block the parser takes apart line by
line). The limits on a text's tables are in :mod:`.tables`.
"""

from __future__ import annotations

import bisect

from markdown.extensions.tables import PIPE_LEFT, PIPE_NONE, PIPE_RIGHT, TableExtension, TableProcessor

__all__ = ["LinearTableExtension"]


class _LinearTableProcessor(TableProcessor):
    """The tables extension's processor with a linear row splitter and a test of two lines."""

    def test(self, parent, block: str) -> bool:  # type: ignore[no-untyped-def]
        rows = [row.strip(" ") for row in block.split("\n", 2)[:2]]
        if len(rows) < 2:
            return False
        header = rows[0]
        self.border = PIPE_NONE
        if header.startswith("|"):
            self.border |= PIPE_LEFT
        if self.RE_END_BORDER.search(header) is not None:
            self.border |= PIPE_RIGHT
        width = len(self._split_row(header))
        separator = self._split_row(rows[1])
        if len(separator) != width or not set("".join(separator)) <= set("|:- "):
            return False
        if width == 1 and not (self.border and self._every_row_piped(block)):
            return False
        self.separator = separator
        return True

    def _every_row_piped(self, block: str) -> bool:
        """A one-column table needs a ``|`` at the start or end of every row after the header."""
        for row in block.split("\n")[1:]:
            row = row.strip(" ")
            if not row.startswith("|") and self.RE_END_BORDER.search(row) is None:
                return False
        return True

    def _split(self, row: str) -> list[str]:
        """The cells of ``row``: split at each ``|`` outside a code span (the original's result, in one pass)."""
        tics: list[int] = []
        points: list[tuple[int, int, int]] = []
        pipes: list[int] = []
        for match in self.RE_CODE_PIPES.finditer(row):
            if match.group(2):
                tics.append(len(match.group(2)) - 1)
                points.append((match.start(2), match.end(2) - 1, 1))
            elif match.group(3):
                tics.append(len(match.group(3)))
                points.append((match.start(3), match.end(3) - 1, 0))
            elif match.group(5):
                pipes.append(match.start(5))
        regions = _code_regions(tics, points) if tics else []
        cells, start, region = [], 0, 0
        for pipe in pipes:
            while region < len(regions) and regions[region][1] < pipe:
                region += 1
            if region < len(regions) and regions[region][0] <= pipe:
                continue
            cells.append(row[start:pipe])
            start = pipe + 1
        cells.append(row[start:])
        return cells


def _code_regions(tics: list[int], points: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each code span: a run of backticks paired with the next run of its length."""
    where: dict[int, list[int]] = {}
    for index, size in enumerate(tics):
        where.setdefault(size, []).append(index)
    regions: list[tuple[int, int]] = []
    position = 0
    while position < len(tics):
        size = tics[position] - points[position][2]
        later = where.get(size, []) if size else []
        found = bisect.bisect_right(later, position)
        if found < len(later):
            regions.append((points[position][0], points[later[found]][1]))
            position = later[found] + 1
        else:
            position += 1
    return regions


class LinearTableExtension(TableExtension):
    """Tables with ``align="left|center|right"`` on their cells (an attribute the sanitiser can check)."""

    def __init__(self) -> None:
        super().__init__(use_align_attribute=True)

    def extendMarkdown(self, md) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Python-Markdown's name)
        if "|" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("|")
        md.parser.blockprocessors.register(_LinearTableProcessor(md.parser, self.getConfigs()), "table", 75)
