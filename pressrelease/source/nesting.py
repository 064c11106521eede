"""How deep a Markdown text nests: lists, block quotes and raw HTML elements, at most :data:`MAX_NESTING` levels.

Python-Markdown, the HTML-to-text walker and WeasyPrint all recurse once
(or more) per level, so ``"- " * 329 + "x"`` would end in ``RecursionError``
somewhere in rendering. The depth is read here, in the source stage, in one
pass over the text without converting it, so ``check`` reports it where the
level that is one too deep starts.

A level is a list marker (``-``, ``*``, ``+``, ``1.``, ``1)``) or a ``>`` at
the start of a line (after the markers before it), four columns of
indentation there (how Markdown nests a list in a list), or an open raw
HTML element that can hold others (not ``<br>``, ``<p>``, ``<li>``, ...).
The count is an upper bound: an indented code block counts as nested too.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Problem, position_of
from .tables import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, table_limits

__all__ = ["MAX_EMPHASIS_RUN", "MAX_NESTING", "MAX_PARAGRAPH", "MAX_PARAGRAPHS", "nesting_message", "nesting_problems",
           "too_deep"]

#: The deepest nesting of lists, quotes and raw HTML elements a Markdown text may have.
MAX_NESTING = 20
#: The most characters a paragraph (lines with no blank line between them) may have. Python-Markdown
#: rebuilds a paragraph's text after each link or emphasis it finds in it, so a paragraph's cost grows
#: with the square of its length: bounded here, the whole conversion is linear in the text's length.
MAX_PARAGRAPH = 50_000
#: The most paragraphs (blocks of lines between blank lines) a Markdown text may have: each costs every
#: format a fixed amount (the PDF most), so a 2 MB source of one-letter paragraphs took minutes.
MAX_PARAGRAPHS = 10_000
#: The longest run of ``*`` and ``_`` a line may hold (a rule of them aside): each pair of them can open
#: one more level of emphasis, so a run of thousands nested as deep and ended in ``RecursionError``.
MAX_EMPHASIS_RUN = 2 * MAX_NESTING
_EMPHASIS_RUN = re.compile(rf"[*_]{{{MAX_EMPHASIS_RUN + 1},}}")
_TAB = 4
_MARKER = re.compile(r"(?:>|[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$))")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_BRACKET = re.compile(r"\\.|[\[\]()]")  # a backslash escape is skipped whole
_OPENER = {"]": "[", ")": "("}
# Elements that never hold others, or whose end tag the parser implies: they add no level.
_FLAT = {"area", "base", "br", "col", "embed", "hr", "img", "image", "input", "link", "meta", "param", "source",
         "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
         "rt", "rp", "colgroup", "caption"}


def _rule_start(line: str) -> int:
    """Where the horizontal rule ``line`` ends with starts (``- - -``, ``***``), or its length if it ends with none."""
    end = len(line.rstrip(" "))
    char = line[end - 1] if end else ""
    if char not in ("-", "*", "_"):
        return len(line)
    start, count, spaces = end, 0, 0
    for position in range(end - 1, -1, -1):
        if line[position] == char:
            count, spaces = count + 1, 0
            start = position if count >= 3 else start
        elif line[position] == " " and spaces < 2:
            spaces += 1
        else:
            break
    return start


def _line_levels(line: str) -> list[int]:
    """The 0-based column at which each level of ``line`` starts (markers and indentation, in order)."""
    levels: list[int] = []
    rule = _rule_start(line)
    position, length = 0, len(line)
    while position < length:
        start, column = position, 0
        while position < length and line[position] in " \t":
            column += _TAB - column % _TAB if line[position] == "\t" else 1
            position += 1
        levels.extend([start] * (column // _TAB))
        marker = _MARKER.match(line, position)
        if marker is None or position >= rule:
            break
        levels.append(position)
        position = marker.end()
        if position < length and line[position] == " " and line[position - 1] == ">":
            position += 1
    return levels


def _brackets(line: str, depths: dict[str, int], limit: int) -> tuple[int, int] | None:
    """(column, depth) where ``[`` or ``(`` open deeper than ``limit`` in a paragraph, counted on from ``depths``."""
    for bracket in _BRACKET.finditer(line):
        char = bracket.group()
        if len(char) > 1:
            continue
        opener = _OPENER.get(char, char)
        if char == opener:
            depths[char] += 1
            if depths[char] > limit:
                return bracket.start(), depths[char]
        elif depths[opener]:
            depths[opener] -= 1
    return None


def too_deep(text: str, limit: int = MAX_NESTING) -> tuple[int, int, int, str] | None:
    """(0-based line, 0-based column, depth, what) where ``text`` first nests deeper than ``limit``, or None.

    ``what`` is "levels" (lists, quotes, HTML elements), "brackets" (``[`` or ``(`` still open in a
    paragraph) or "long" (a paragraph, from the line given, longer than :data:`MAX_PARAGRAPH`).
    """
    open_tags: list[str] = []
    depths = {"[": 0, "(": 0}
    tags = _TAG.finditer(text)
    tag = next(tags, None)
    line_start = paragraph_start = paragraph_length = paragraphs = 0
    for number, line in enumerate(text.split("\n")):
        line_end = line_start + len(line)
        levels = _line_levels(line) if line[:1] in " \t>-*+0123456789" else []
        if len(open_tags) + len(levels) > limit:
            return number, levels[limit - len(open_tags)], len(open_tags) + len(levels), "levels"
        if not line.strip():
            depths["["] = depths["("] = 0  # a link cannot span paragraphs
        elif (run := _EMPHASIS_RUN.search(line)) is not None and line.strip(" " + run.group()[0]):
            return number, run.start(), len(run.group()), "emphasis"
        elif (bracket := _brackets(line, depths, limit)) is not None:
            return number, *bracket, "brackets"
        while tag is not None and tag.start() < line_end:
            closing, name = tag.group(1), tag.group(2).lower()
            if closing and name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
            elif not closing and name not in _FLAT and not tag.group(3).rstrip().endswith("/"):
                open_tags.append(name)
                if len(open_tags) + len(levels) > limit:
                    return number, tag.start() - line_start, len(open_tags) + len(levels), "levels"
            tag = next(tags, None)
        line_start = line_end + 1
        if not line.strip():
            paragraph_start, paragraph_length = number + 1, 0
            continue
        if paragraph_length == 0 and (paragraphs := paragraphs + 1) > MAX_PARAGRAPHS:
            return number, 0, paragraphs, "many"
        if (paragraph_length := paragraph_length + len(line) + 1) > MAX_PARAGRAPH:
            return paragraph_start, 0, paragraph_length, "long"
    return None


_MESSAGES = {
    "levels": lambda depth: (f"lists, quotes and HTML elements nest {depth} levels deep here; the limit is {MAX_NESTING}",
                             f"flatten the text to at most {MAX_NESTING} levels"),
    "brackets": lambda depth: (f"{depth} brackets are open here in one paragraph; the limit is {MAX_NESTING}",
                               "close each '[' and '(' (or write \\[ and \\( for a literal one)"),
    "emphasis": lambda length: (f"{length} '*' and '_' in a row here; at most {MAX_EMPHASIS_RUN} (each pair can nest "
                                "emphasis one level deeper)", "write \\* or \\_ for a literal one, or put a rule of them "
                                "on a line of its own"),
    "many": lambda _: (f"this is paragraph {MAX_PARAGRAPHS + 1:,}; a text has at most {MAX_PARAGRAPHS:,}",
                       "a release this long is a report: link to it, or join short paragraphs"),
    "columns": lambda columns: (f"this table has {columns} columns; a table has at most {MAX_TABLE_COLUMNS}",
                                "split it into narrower tables, or link to the full table"),
    "cells": lambda _: (f"this table row takes the text past {MAX_TABLE_CELLS:,} table cells (rows times columns)",
                        "shorten the tables, or link to a spreadsheet of the full figures"),
    "long": lambda _: (f"this paragraph (or list, or table) is longer than {MAX_PARAGRAPH:,} characters",
                       "split it with a blank line"),
}


def nesting_message(markdown_text: str) -> tuple[str, str] | None:
    """(message, hint) for the first limit here or on tables ``markdown_text`` passes, or None."""
    found = (too_deep(markdown_text) or table_limits(markdown_text)) if markdown_text else None
    if found is None:
        return None
    message, hint = _MESSAGES[found[3]](found[2])
    return message, hint


def nesting_problems(path: Path | None, text: str, from_line: int, markdown_texts: list[str],
                     exact: bool = False) -> list[Problem]:
    """A located problem for each of ``markdown_texts`` past :data:`MAX_NESTING` or another limit here or on tables.

    With ``exact``, the one text starts at ``from_line`` of ``text`` (a release's body); otherwise
    each is a YAML value written at or after ``from_line``, found by the line that nests too deep.
    """
    problems = []
    for markdown_text in markdown_texts:
        found = (too_deep(markdown_text) or table_limits(markdown_text)) if markdown_text else None
        if found is None:
            continue
        row, column, depth, what = found
        line = markdown_text.split("\n", row + 1)[row]
        if exact:
            where = (from_line + row, column + 1)
        else:
            content = line.lstrip()
            start = position_of(text, content, from_line) if content else None
            where = (start[0], start[1] + column - (len(line) - len(content))) if start else (from_line, 1)
        problems.append(Problem(path, *where, *_MESSAGES[what](depth), code="nesting"))
    return problems
