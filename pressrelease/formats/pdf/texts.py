"""The text between the tags of our own rendered page, changed without touching a tag.

The PDF renderer marks names not to be hyphenated (hyphens.py) and puts word
breaks into Khmer (segment.py) in the page it rendered itself; both change
only the text between tags, in one pass over the document.
"""

from __future__ import annotations

import re
from typing import Callable

__all__ = ["map_texts"]

_TAG = re.compile(r"(<[^>]*>)")


def map_texts(html: str, change: Callable[[str], str]) -> str:
    """``html`` with ``change`` applied to each run of text between its tags (the tags as they are)."""
    pieces = _TAG.split(html)
    for index in range(0, len(pieces), 2):  # split() with one group: text, tag, text, tag, ...
        if pieces[index]:
            pieces[index] = change(pieces[index])
    return "".join(pieces)
