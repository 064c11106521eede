"""Markdown in, sanitised HTML out: the one place release text becomes markup.

Release sources arrive through pull requests, so raw HTML inside the
Markdown is semi-trusted: nh3 (the Rust ammonia sanitiser) keeps a fixed
set of tags and attributes, and only http, https, mailto and tel links.
The result is the only value the templates are allowed to print unescaped,
and the plain-text renderer walks this same HTML, so every format shows the
same words.
"""

from __future__ import annotations

import functools
import re
import threading
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markupsafe import Markup

__all__ = ["ALLOWED_TAGS", "image_sources", "insert_lead", "markdown_to_unsafe_html", "render_markdown", "sanitise"]

ALLOWED_TAGS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "sub", "sup", "small", "abbr", "q", "cite", "code", "pre", "blockquote", "ul", "ol",
    "li", "a", "img", "hr", "span", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "abbr": {"title"},
    "q": {"cite"},
    "*": {"lang", "dir"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_local = threading.local()


def sanitise(html: str) -> str:
    """Drop every tag, attribute and URL scheme not on the allow-lists."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _converter() -> markdown.Markdown:
    """This thread's Markdown converter, reset for reuse (building one costs more than converting)."""
    converter: markdown.Markdown | None = getattr(_local, "converter", None)
    if converter is None:
        # An instance, not a name: naming an extension scans every package's entry points.
        converter = markdown.Markdown(extensions=[SaneListExtension()], output_format="html")
        _local.converter = converter
    return converter.reset()


def markdown_to_unsafe_html(text: str) -> str:
    """Markdown's own HTML, raw HTML included: only for inspecting, never for output."""
    if not text.strip():
        return ""
    return _converter().convert(text)


@functools.lru_cache(maxsize=512)
def render_markdown(text: str) -> Markup:
    """Sanitised HTML for a Markdown text (cached: a pure function of the text).

    A ``# heading`` becomes ``<h2>``: the headline is the document's only ``<h1>``.
    """
    html = sanitise(markdown_to_unsafe_html(text))
    return Markup(re.sub(r"<(/?)h1(?=[\s>])", r"<\1h2", html))


def insert_lead(body: Markup, lead: str) -> Markup:
    """Start the first paragraph with the dateline ("GENEVA, 19 February 2016 –").

    If the body does not open with a paragraph the lead becomes its own.
    """
    span = Markup('<span class="dateline-lead">{}</span> ').format(lead)
    if body.startswith("<p>"):
        return Markup("<p>") + span + Markup(body[3:])
    return Markup("<p>") + span.rstrip() + Markup("</p>\n") + body


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            for name, value in attrs:
                if name == "src" and value:
                    self.sources.append(value)


def image_sources(html: str) -> list[str]:
    """The ``src`` of every image in (sanitised) HTML, in document order."""
    collector = _ImageCollector()
    collector.feed(html)
    collector.close()
    return collector.sources

