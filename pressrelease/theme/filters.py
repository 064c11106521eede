"""The filters templates may use beyond Jinja's own: quoting for CSS, and plain-text layout.

``css_string`` and ``page_counter_css`` are what lets a label or a headline
reach a stylesheet without breaking out of its string; ``wrap``,
``underline`` and ``nowrap`` lay out the plain-text email with the same
rules as the text the view converts from HTML.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from markupsafe import Markup

from ..view.plaintext import WIDTH, nowrap, underline, wrap

__all__ = ["FILTERS", "css_string", "page_counter_css"]


def css_string(value: object) -> Markup:
    """Quote text for a CSS ``content:`` value, so it cannot break out of the string."""
    text = re.sub(r'[\\"\n\r\f<>]', lambda m: f"\\{ord(m.group()):x} ", str(value))
    return Markup(f'"{text}"')


def page_counter_css(template: str, style: str = "decimal") -> str:
    """CSS ``content`` for "Page {page} of {pages}" in any language, counted in a CSS counter ``style``
    ("khmer" for "ទំព័រ ១ នៃ ២")."""
    parts: list[str] = []
    suffix = "" if style == "decimal" else f", {style}"
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append(f"counter(page{suffix})")
        elif piece == "{pages}":
            parts.append(f"counter(pages{suffix})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


#: The filters every theme's Jinja environment has.
FILTERS: dict[str, Callable[..., Any]] = {
    "css_string": css_string,
    "wrap": lambda text, width=WIDTH: wrap(str(text), width),
    "underline": underline,
    "nowrap": nowrap,
}
