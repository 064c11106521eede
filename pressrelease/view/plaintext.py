"""Sanitised HTML -> plain text laid out for an email body.

Walking the same HTML the web page shows (rather than the Markdown) means
the text can never say something the page does not. Layout follows plain
email conventions: paragraphs wrapped at 72 columns without ever breaking a
word, URL or address; links as numbered references ``text [1]`` listed at
the end; headings in capitals; ``> `` quotes; ``- `` bullets.

A conversion is a pure function of its HTML, its width, its image label and,
when the HTML has links, the link numbers handed out before it; results are
kept in a bounded cache, so a boilerplate shared by every release of a build
is converted once, not once per release.
"""

from __future__ import annotations

import functools
import html as html_module
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ..i18n.segments import has_unspaced, line_pieces
from .texttable import Cell, display_width, table_text

__all__ = ["LinkTable", "first_sentence", "html_to_text", "nowrap", "rtl_lines", "underline", "wrap"]

WIDTH = 72
# Joins a link marker to the word before it so wrapping cannot separate them.
_GLUE = "\ue000"
_VOID = {"br", "img", "hr", "wbr"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr",
          "dl", "dt", "dd", "div", "figure", "figcaption", "section", "table"}
_SPACE = re.compile(r"[ \t\n\r\f]+")


def _collapse(text: str) -> str:
    """Every run of HTML white space as one space (``_SPACE.sub(" ", text)``, without the regex for most text)."""
    if "\t" not in text and "\r" not in text and "\f" not in text:
        joined = text.replace("\n", " ")
        if "  " not in joined:
            return joined
    return _SPACE.sub(" ", text)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


# A tag of the sanitiser's canonical HTML (html5ever's serialiser): a lower-case name, then bare
# names or name="value" attributes with '"' escaped inside; text never holds a raw "<".
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*(/?)>')
_ATTRIBUTE = re.compile(r'([^\s"\'>/=]+)(?:="([^"]*)")?')


#: How deep the tree is built; the walker recurses once per level. The source stage bounds nesting to 20
#: levels of blocks and limits emphasis runs; this holds for a release built in code, too.
_MAX_DEPTH = 200


def _parse(html: str) -> _Element:
    """The element tree of sanitised HTML (what :func:`~pressrelease.source.markdown.render_markdown` makes).

    One regular expression walks the tags (in C), so a release's text costs a
    fraction of a general HTML parser; an end tag closes up to the nearest
    open element of its name, and void elements never open.
    """
    root = _Element("root", {})
    stack = [root]
    flattened: list[str] = []  # elements opened past _MAX_DEPTH: their text goes on, at that depth
    position = 0
    for tag in _TAG.finditer(html):
        if tag.start() > position:
            stack[-1].children.append(html_module.unescape(html[position:tag.start()]))
        position = tag.end()
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if len(stack) > _MAX_DEPTH and name not in _VOID and not self_closing:
            if not closing:
                flattened.append(name)
                continue
            if flattened and flattened[-1] == name:
                flattened.pop()
                continue
        if closing:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == name:
                    del stack[depth:]
                    break
            continue
        attrs = {key.lower(): html_module.unescape(value or "") for key, value in _ATTRIBUTE.findall(attributes)}
        element = _Element(name, attrs)
        stack[-1].children.append(element)
        if name not in _VOID and not self_closing:
            stack.append(element)
    if position < len(html):
        stack[-1].children.append(html_module.unescape(html[position:]))
    return root


class LinkTable:
    """Numbers link targets in order of first appearance, shared across a whole message."""

    def __init__(self, urls: Iterable[str] = ()) -> None:
        self._numbers: dict[str, int] = {}
        for url in urls:
            self.number(url)

    @property
    def urls(self) -> tuple[str, ...]:
        return tuple(self._numbers)

    def number(self, url: str) -> int:
        return self._numbers.setdefault(url, len(self._numbers) + 1)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(enumerate(self._numbers, start=1))

    def __len__(self) -> int:
        return len(self._numbers)


def _fill(words: list[str], width: int, first: str, rest: str) -> list[str]:
    """Greedy line filling; a word longer than the line (a URL) gets a line of its own, unbroken.

    The same result as ``textwrap.wrap(..., break_long_words=False,
    break_on_hyphens=False)`` on whitespace-normalised text (a test checks
    this), at a fifth of the cost, which matters when CI renders thousands.
    """
    lines: list[str] = []
    current = first
    empty = True
    for word in words:
        if empty:
            current += word
            empty = False
        elif len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = rest + word
    if not empty:
        lines.append(current)
    return lines


#: A web or email address inside a word: never broken, or the link no longer works.
_ADDRESS = re.compile(r"://|^www\.|@")


def _pieces(word: str) -> list[str]:
    """ICU's pieces of a word, never cut at the glue that ties a word to its "[1]" or a label to its value."""
    pieces: list[str] = []
    for piece in line_pieces(word):
        if pieces and (piece.startswith(_GLUE) or pieces[-1].endswith(_GLUE)):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _fill_unspaced(line: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy filling by display width for a line holding Chinese, Japanese, Khmer, Thai ...: a word of these
    scripts may break where ICU's line breaker says (an ideograph takes two columns); any other word (a URL,
    a Latin name) stays whole, as :func:`_fill` keeps it."""
    tokens: list[tuple[str, bool]] = []  # (text, a space before it)
    for word in line.split():
        pieces = _pieces(word) if has_unspaced(word) and not _ADDRESS.search(word) else [word]
        tokens.extend((piece, index == 0) for index, piece in enumerate(pieces))
    lines: list[str] = []
    current, used, empty = first, display_width(first), True
    for text, spaced in tokens:
        gap = " " if spaced and not empty else ""
        if not empty and used + len(gap) + display_width(text) > width:
            lines.append(current)
            current, used, gap = rest, display_width(rest), ""
        current += gap + text
        used += len(gap) + display_width(text)
        empty = False
    if not empty:
        lines.append(current)
    return lines


def wrap(text: str, width: int = WIDTH, indent: str = "", subsequent: str | None = None) -> str:
    """Wrap each line of ``text``; words longer than the width (URLs) stay whole."""
    rest = indent if subsequent is None else subsequent
    out: list[str] = []
    if "\u00a0" in text or "\u202f" in text:  # a no-break space ("«\u00a0Dialogue") is no break: glue
        text = text.replace("\u00a0", _GLUE).replace("\u202f", _GLUE)
    for number, line in enumerate(text.split("\n")):
        start = indent if number == 0 else rest
        if has_unspaced(line):
            out.extend(_fill_unspaced(line, width, start, rest) or [""])
            continue
        words = line.split()
        out.extend(_fill(words, width, start, rest) if words else [""])
    return "\n".join(out).replace(_GLUE, " ")


RLM = "\u200f"


def rtl_lines(text: str) -> str:
    """A right-to-left text with each line that starts left to right (a URL, a phone number, a Latin name)
    opened by a right-to-left mark, so a mail client that sets each line's direction by its first strong
    character (Unicode's rule P2) still lays every line out right to left. The "-- " signature line stays
    exactly that: mail clients find the signature by it."""
    marked = []
    for line in text.split("\n"):
        if line.strip() and line != "-- " and _first_strong(line) != "R":
            line = RLM + line
        marked.append(line)
    return "\n".join(marked)


def _first_strong(line: str) -> str:
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return ""


def nowrap(text: object) -> str:
    """Keep a phrase (a phone number; "QUOI\u00a0:") on one line when it is wrapped later."""
    return str(text).replace(" ", _GLUE).replace("\u00a0", _GLUE)


def underline(text: str, char: str = "=") -> str:
    """Underline a (possibly wrapped) heading to the width of its longest line."""
    return f"{text}\n{char * max(display_width(line) for line in text.split(chr(10)))}"


@dataclass
class _Walker:
    links: LinkTable
    image_label: str

    def blocks(self, children: list[_Element | str], width: int) -> list[str]:
        result: list[str] = []
        run: list[_Element | str] = []

        def flush() -> None:
            text = self.inline(run).strip()
            if text:
                result.append(wrap(text, width))
            run.clear()

        for child in children:
            if isinstance(child, _Element) and child.tag in _BLOCK:
                flush()
                rendered = self.block(child, width)
                if rendered.strip():
                    result.append(rendered)
            else:
                run.append(child)
        flush()
        return result

    def block(self, element: _Element, width: int) -> str:
        tag = element.tag
        if tag == "p" or tag in ("dt", "figcaption"):
            return wrap(self.inline(element.children).strip(), width)
        if tag in _HEADINGS:
            return wrap(self.inline(element.children).strip().upper(), width)
        if tag in ("ul", "ol"):
            return self.list(element, width)
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(element.children, width - 2))
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        if tag == "pre":
            text = "".join(_text(element)).strip("\n")
            return "\n".join(f"    {line}" for line in text.split("\n"))
        if tag == "hr":
            return "* * *"
        if tag == "table":
            return self.table(element, width)
        if tag == "dd":
            inner = "\n\n".join(self.blocks(element.children, width - 4))
            return "\n".join(f"    {line}" if line else "" for line in inner.split("\n"))
        return "\n\n".join(self.blocks(element.children, width))

    def list(self, element: _Element, width: int) -> str:
        items = [c for c in element.children if isinstance(c, _Element) and c.tag == "li"]
        start_text = element.attrs.get("start", "1") if element.tag == "ol" else "1"
        start = int(start_text) if re.fullmatch(r"[0-9]{1,6}", start_text or "") else 1
        markers = [f"{start + i}. " if element.tag == "ol" else "- " for i in range(len(items))]
        pad = max((len(m) for m in markers), default=2)
        rendered: list[str] = []
        loose = False
        for marker, item in zip(markers, items, strict=True):
            inner_blocks = self.blocks(item.children, width - pad)
            paragraphs = any(isinstance(c, _Element) and c.tag == "p" for c in item.children)
            loose = loose or paragraphs
            lines = ("\n\n" if paragraphs else "\n").join(inner_blocks).split("\n")
            first = marker.ljust(pad) + lines[0]
            rest = [(" " * pad + line) if line else "" for line in lines[1:]]
            rendered.append("\n".join([first, *rest]))
        return ("\n\n" if loose else "\n").join(rendered)

    def table(self, element: _Element, width: int) -> str:
        """Aligned columns, or a block per row (see :mod:`.texttable`); the caption above."""
        rows: list[list[Cell]] = []
        caption = ""
        for part in _elements(element.children):
            if part.tag == "caption":
                caption = wrap(self.inline(part.children).strip(), width)
            elif part.tag == "tr":
                rows.append(self.cells(part))
            elif part.tag in ("thead", "tbody", "tfoot"):
                rows.extend(self.cells(row) for row in _elements(part.children) if row.tag == "tr")
        return table_text(rows, width, caption).replace(_GLUE, " ")

    def cells(self, row: _Element) -> list[Cell]:
        return [Cell(_collapse(self.inline(cell.children)).strip(), cell.attrs.get("align", ""),
                     cell.tag == "th") for cell in _elements(row.children) if cell.tag in ("th", "td")]

    def inline(self, children: list[_Element | str]) -> str:
        parts: list[str] = []
        for child in children:
            if isinstance(child, str):
                parts.append(_collapse(child))
                continue
            tag = child.tag
            if tag == "br":
                parts.append("\n")
            elif tag == "img":
                alt = child.attrs.get("alt", "").strip()
                parts.append(f"[{self.image_label}{_GLUE}{alt}]" if alt else f"[{self.image_label.rstrip(':')}]")
            elif tag == "a":
                text = self.inline(child.children).strip()
                href = child.attrs.get("href", "")
                target = re.sub(r"^(mailto|tel):", "", href)
                if not text:
                    parts.append(target)
                elif href and text not in (href, target):
                    parts.append(f"{text}{_GLUE}[{self.links.number(href)}]")
                else:
                    parts.append(text)
            else:
                parts.append(self.inline(child.children))
        text = "".join(parts)
        if "\n" not in text:
            return _collapse(text).strip()
        return "\n".join(_collapse(line).strip() for line in text.split("\n"))


def _elements(children: list[_Element | str]) -> list[_Element]:
    return [child for child in children if isinstance(child, _Element)]


def _text(element: _Element) -> list[str]:
    out: list[str] = []
    for child in element.children:
        out.extend([child] if isinstance(child, str) else _text(child))
    return out


def html_to_text(html: str, links: LinkTable, *, width: int = WIDTH, image_label: str = "Image:") -> str:
    """Plain text of an HTML fragment, wrapped, with links numbered into ``links``."""
    earlier = links.urls if "<a" in html else ()  # without links, the text cannot depend on the table
    text, urls = _convert(html, width, image_label, earlier)
    for url in urls:
        links.number(url)
    return text


@functools.lru_cache(maxsize=512)
def _convert(html: str, width: int, image_label: str, earlier: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(text, the link table after it) for ``html`` converted after links ``earlier`` were numbered."""
    table = LinkTable(earlier)
    text = "\n\n".join(_Walker(table, image_label).blocks(_parse(html).children, width))
    return text, table.urls


@functools.lru_cache(maxsize=256)
def first_sentence(html: str, limit: int = 300) -> str:
    """The first sentence of the first paragraph, for summaries and meta descriptions."""
    match = re.search(r"<p[ >].*?</p>", html, re.S)
    text = _collapse(html_to_text(match.group(0) if match else html, LinkTable(), width=100_000)).strip()
    text = re.sub(r"\s*\[\d+\]", "", text)
    # a full stop then a space, or a full stop of a script that puts no space after it (。！？ ។ ။ ।)
    match = re.match(r"(.+?(?:[.!?](?=\s|$)|[。！？។။।]))", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
