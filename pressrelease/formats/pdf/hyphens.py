"""Hyphenation in the PDF, when the house style turns it on (``style.hyphenate: true``).

CSS breaks words of 8 letters or more (``hyphenate-limit-chars: 8 3 3`` in
print.css), but has no rule for names: "Sothav-arin" is as breakable as
"allega-tions". So every capitalised word of a Markdown part is wrapped in
``<span class="nohyphen">`` (``hyphens: manual``) before WeasyPrint sees the
page. The text between tags is all that is touched, in one pass.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from .texts import map_texts

__all__ = ["keep_names_whole", "with_names_whole"]

#: A capitalised word long enough to be hyphenated: an upper-case letter, then 7 or more letters.
_NAME = re.compile(r"(?<![\w&#])([^\W\d_a-z][^\W\d_]{7,})")


def keep_names_whole(html: str) -> Markup:
    """``html`` with each capitalised word of 8 letters or more marked not to be hyphenated."""
    return Markup(map_texts(html, lambda text: _NAME.sub(_marked, text)))


def _marked(match: re.Match[str]) -> str:
    word = match.group(1)
    return f'<span class="nohyphen">{word}</span>' if word[0].isupper() else word


def with_names_whole(context: dict[str, Any], parts: tuple[str, ...]) -> None:
    """Mark the names in the context's Markdown ``parts`` and its boilerplates, in place."""
    for name in parts:
        if context.get(name):
            context[name] = keep_names_whole(context[name])
    context["boilerplates"] = [replace(item, html=keep_names_whole(item.html)) for item in context["boilerplates"]]
