"""Markdown in, sanitised HTML out: the one place release text becomes markup, and the images it shows.

Release sources arrive through pull requests, so raw HTML inside the
Markdown is semi-trusted: nh3 (the Rust ammonia sanitiser) keeps a fixed
set of tags and attributes, and only http, https, mailto and tel links.
The result is the only value the templates are allowed to print unescaped,
and the plain-text renderer walks this same HTML, so every format shows the
same words.

Images are found one way, :func:`image_references` (an HTML parser, for any
HTML): the loader checks every image both in Markdown's own HTML (so an
image the sanitiser drops is still reported where it was written) and in
the sanitised HTML (what every output is made from). :func:`replace_images`
re-addresses them in the sanitiser's canonical form and refuses to return
HTML whose images it did not all meet. Conversions are cached per distinct
text, so an organisation's boilerplate is converted once, not once per
release.
"""

from __future__ import annotations

import functools
import html as html_module
import re
import threading
from html.parser import HTMLParser
from typing import Callable

import markdown
import nh3
import xml.etree.ElementTree as etree
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension
from markupsafe import Markup, escape

from .markdown_tables import LinearTableExtension

__all__ = ["ALLOWED_TAGS", "image_references", "markdown_html", "render_markdown", "replace_images", "sanitise"]

ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "sub", "sup", "small", "abbr", "q", "cite", "code", "pre", "blockquote", "ul", "ol",
    "li", "a", "img", "hr", "span", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "abbr": {"title"},
    "q": {"cite"},
    "*": {"lang", "dir"},
}
#: A table cell's alignment, as the tables extension writes it (``align``, not ``style``): only these values.
ALLOWED_ATTRIBUTE_VALUES = {tag: {"align": {"left", "center", "right"}} for tag in ("th", "td")}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: The class of the box around each table that lets a table wider than the screen scroll on its own.
TABLE_SCROLL = "table-scroll"
_local = threading.local()
#: A language's quotation marks for smart quotes: opening double, closing double, opening single.
Quotes = tuple[str, str, str]


def sanitise(html: str) -> str:
    """Drop every tag, attribute and URL scheme not on the allow-lists."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _converter(quotes: Quotes | None = None) -> markdown.Markdown:
    """This thread's Markdown converter, reset for reuse (building one costs more than converting).

    ``quotes`` (opening and closing double quotes, opening single quote) turn on Python-Markdown's smarty
    extension with the language's quotation marks: "« »" in French, "„ “" in German. The closing single
    quote is always the apostrophe (’), which smarty writes with the same substitution.
    """
    converters: dict[Quotes | None, markdown.Markdown] = _local.__dict__.setdefault("converters", {})
    converter = converters.get(quotes)
    if converter is None:
        # Instances, not names: naming an extension scans every package's entry points.
        extensions: list[markdown.Extension] = [SaneListExtension(), LinearTableExtension()]
        if quotes is not None:
            opening, closing, single = (html_module.escape(mark, quote=False) for mark in quotes)
            extensions.append(SmartyExtension(substitutions={
                "left-double-quote": opening, "right-double-quote": closing,
                "left-single-quote": single, "right-single-quote": "&rsquo;"}))
        converter = markdown.Markdown(extensions=extensions, output_format="html")
        _skip_plain_text(converter)
        _linear_blocks(converter)
        converters[quotes] = converter
    return converter.reset()


#: Every inline pattern Python-Markdown registers by default needs one of these to match.
_INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")
_KNOWN_INLINE_PATTERNS = {
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong", "em_strong2", "not_strong",
}


def _skip_plain_text(converter: markdown.Markdown) -> None:
    """Let text that no inline pattern can match (most of a press release) skip the patterns.

    Python-Markdown tries each of its inline patterns on every run of text;
    for a run holding none of the characters those patterns start with, the
    result is the text itself, so it is returned at once. Installed only
    when the registered patterns are exactly the ones this was worked out
    for; a test compares the output with an unmodified converter's.
    """
    inline = converter.treeprocessors["inline"]
    names = {item.name for item in getattr(converter.inlinePatterns, "_priority", [None])} if hasattr(
        converter.inlinePatterns, "_priority") else {"unknown"}
    delimiters = getattr(getattr(converter, "delimiters", None), "delimiters", {})
    handle = getattr(inline, "_InlineProcessor__handleInline", None)
    if handle is None or not names <= _KNOWN_INLINE_PATTERNS or not set(delimiters) <= {"*", "_"}:
        return

    def handle_inline(data: str, patternIndex: int = 0) -> str:  # noqa: N803 (Python-Markdown's name)
        if patternIndex == 0 and not _INLINE_TRIGGER.search(data):
            return data
        return handle(data, patternIndex)

    inline._InlineProcessor__handleInline = handle_inline


class _Blocks(list):  # type: ignore[type-arg]
    """The blocks still to parse, kept last first, so that ``pop(0)`` and ``insert(0, block)`` cost O(1).

    Python-Markdown's block parser takes blocks off the front of a list and
    puts the rest of a split block back there: O(n) each on a plain list,
    so a text of many paragraphs took time quadratic in their number.
    """

    def __init__(self, blocks: list[str]) -> None:
        super().__init__(reversed(blocks))

    def _at(self, index: int) -> int:
        return len(self) - 1 - index if index >= 0 else -1 - index

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        return list(self)[index] if isinstance(index, slice) else super().__getitem__(self._at(index))

    def __iter__(self):  # type: ignore[no-untyped-def]
        return reversed(list(super().__iter__()))

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        return super().pop(self._at(index))

    def insert(self, index: int, block: str) -> None:  # type: ignore[override]
        size = len(self)
        index = min(max(size + index, 0) if index < 0 else index, size)
        super().insert(size - index, block)


#: Top-level elements given to the inline processor at a time (it keeps its work in a list it takes from the front).
_INLINE_GROUP = 64


def _linear_blocks(converter: markdown.Markdown) -> None:
    """Make the block parser and the inline pass linear in the number of blocks (the output is the same).

    The inline pass handles each top-level element on its own (nothing it
    keeps is shared between them), so it is run on groups of them.
    """
    parser = converter.parser
    parse_blocks = parser.parseBlocks
    parser.parseBlocks = lambda parent, blocks: parse_blocks(parent, blocks if isinstance(blocks, _Blocks) else _Blocks(blocks))
    inline = converter.treeprocessors["inline"]
    run = inline.run

    def run_in_groups(tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        children = list(tree)
        if ancestors is not None or len(children) <= _INLINE_GROUP:
            return run(tree, ancestors)
        done: list[etree.Element] = []
        for start in range(0, len(children), _INLINE_GROUP):
            group = etree.Element(tree.tag, tree.attrib)
            group.extend(children[start:start + _INLINE_GROUP])
            done.extend(run(group))
        tree[:] = done
        return tree

    inline.run = run_in_groups


@functools.lru_cache(maxsize=512)
def markdown_html(text: str, quotes: Quotes | None = None) -> str:
    """Markdown's own HTML, raw HTML included: for inspecting what the author wrote, never for output."""
    if not text.strip():
        return ""
    return _converter(quotes).convert(text)


@functools.lru_cache(maxsize=512)
def render_markdown(text: str, quotes: Quotes | None = None) -> Markup:
    """Sanitised HTML for a Markdown text (cached: a pure function of the text).

    A ``# heading`` becomes ``<h2>``: the headline is the document's only ``<h1>``; each table is put
    in a ``<div class="table-scroll">`` (after sanitising: no author's ``class`` passes the sanitiser).
    """
    html = sanitise(markdown_html(text, quotes)) if text.strip() else ""
    html = re.sub(r"<(/?)h1(?=[\s>])", r"<\1h2", html)
    if "<table" in html:
        html = _TABLE_END.sub("</table></div>", _TABLE_START.sub(rf'<div class="{TABLE_SCROLL}">\g<0>', html))
    return Markup(html)


# A table's tags in the sanitiser's canonical output (text holds no raw '<'): one end tag for each start.
_TABLE_START = re.compile(r"<table(?=[\s>])[^>]*>")
_TABLE_END = re.compile(r"</table>")


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(value for name, value in attrs if name == "src" and value is not None)


def image_references(html: str) -> list[str]:
    """The ``src`` of every image in any HTML (unescaped), in document order: the one way images are found."""
    if "<img" not in html.lower():
        return []
    collector = _ImageCollector()
    collector.feed(html)
    collector.close()
    return collector.sources


# An <img> of the sanitiser's canonical output: bare names or name="value" attributes, '"' escaped inside.
_IMG = re.compile(r'<img((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*/?>')
_SRC = re.compile(r'(\ssrc=")([^"]*)(")')


def replace_images(html: Markup, address: Callable[[str], str]) -> Markup:
    """Sanitised ``html`` with each image's ``src`` replaced by ``address(src)`` (given unescaped, escaped back).

    The rewrite reads the sanitiser's canonical form; it must meet exactly
    the images :func:`image_references` finds, or no output is made from it.
    """
    if "<img" not in html:
        return html
    seen: list[str] = []

    def swap_src(attribute: re.Match[str]) -> str:
        seen.append(html_module.unescape(attribute.group(2)))
        return f"{attribute.group(1)}{escape(address(seen[-1]))}{attribute.group(3)}"

    rewritten = _IMG.sub(lambda tag: _SRC.sub(swap_src, tag.group(0)), html)
    if seen != image_references(html):
        raise ValueError("an image in the sanitised HTML could not be re-addressed")
    return Markup(rewritten)
