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

__all__ = ["keep_names_whole", "with_names_whole"]

_TAG = re.compile(r"(<[^>]*>)")
#: A capitalised word long enough to be hyphenated: an upper-case letter, then 7 or more letters.
_NAME = re.compile(r"(?<![\w&#])([^\W\d_a-z][^\W\d_]{7,})")


def keep_names_whole(html: str) -> Markup:
    """``html`` with each capitalised word of 8 letters or more marked not to be hyphenated."""
    pieces = _TAG.split(html)
    for index in range(0, len(pieces), 2):  # split() with one group: text, tag, text, tag, ...
        pieces[index] = _NAME.sub(lambda m: m.group(1) if not m.group(1)[0].isupper()
                                  else f'<span class="nohyphen">{m.group(1)}</span>', pieces[index])
    return Markup("".join(pieces))


def with_names_whole(context: dict[str, Any], parts: tuple[str, ...]) -> None:
    """Mark the names in the context's Markdown ``parts`` and its boilerplates, in place."""
    for name in parts:
        if context.get(name):
            context[name] = keep_names_whole(context[name])
    context["boilerplates"] = [replace(item, html=keep_names_whole(item.html)) for item in context["boilerplates"]]
