"""Sanitised HTML made into well-formed XHTML elements (ElementTree), for wire formats that carry XML.

The HTML is a release's Markdown part after nh3 (a fixed list of tags and
attributes, every attribute quoted, comments dropped), so this is not a
general HTML parser's job: the standard library's tokeniser reads it, and
each start tag opens an element, each end tag closes the nearest open
element of its name (an end tag with none open is ignored), and an element
still open at the end is closed there. Character references are decoded
once by the tokeniser; the text is set on elements as text, never as
markup, so ElementTree escapes it (``&``, ``<``, ``>``, and in attributes
quotes and line breaks). Nothing is ever parsed as XML: there is no DTD, no
entity to expand, no external reference to follow.

What XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
is dropped by :func:`~pressrelease.formats.site.xmltext.clean`. A name that
is not a plain lowercase HTML name, and any ``xmlns``-like or prefixed
attribute, is dropped, so no input can declare a namespace or an ``xml:``
attribute.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from ..site.xmltext import clean

__all__ = ["XHTML_NS", "append_html"]

XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Elements with no content and no end tag in HTML.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TAG = re.compile(r"[a-z][a-z0-9]*")
_ATTRIBUTE = re.compile(r"[a-z][a-z0-9-]*")


class _Builder(HTMLParser):
    """Appends what it reads under ``root``, keeping a stack of the open elements."""

    def __init__(self, root: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, void=True)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], *, void: bool) -> None:
        if not _TAG.fullmatch(tag):
            return
        attributes: dict[str, str] = {}
        for name, value in attrs:
            if _ATTRIBUTE.fullmatch(name) and not name.startswith("xmlns") and name not in attributes:
                attributes[name] = clean(value or "")  # HTML keeps the first of two alike; so do we
        node = ET.SubElement(self.stack[-1], tag, attributes)
        if not void:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        text = clean(data)
        if not text:
            return
        parent = self.stack[-1]
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text


def append_html(parent: ET.Element, html: str) -> ET.Element:
    """Append the elements and text of ``html`` (sanitised HTML) under ``parent``; returns ``parent``."""
    builder = _Builder(parent)
    builder.feed(html)
    builder.close()
    return parent
