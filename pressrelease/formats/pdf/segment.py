"""Line breaks for scripts written without spaces (Khmer, Thai, Lao, Myanmar) in the PDF.

Pango, which lays out WeasyPrint's lines, finds no break opportunity inside
a run of Khmer: a headline without spaces runs off the page and body lines
break only at the rare spaces. Browsers use ICU's dictionary-based line
breaker, so the web page and the email wrap well; for the PDF the same
breaker (ICU through icu4py) is run over every run of these scripts in the
page's body, and a zero-width space (U+200B, the break opportunity Khmer
typists already use) is put at each boundary it finds. The text between
tags is all that is touched, in one pass; the ``<head>`` (the PDF's title
and metadata) is left as it is, and the renderer takes the breaks out of
the bookmarks' labels again (:func:`unbroken`).

Not ``<wbr>``, which adds no character: each one is an inline box to
WeasyPrint, and ``<wbr>`` in the headings alone made a Khmer PDF take 1.34
times as long (benchmarks/segment.py); with U+200B it takes 1.02 times.
"""

from __future__ import annotations

import re

from ...i18n.segments import DICTIONARY_SCRIPTS, line_pieces
from .texts import map_texts

__all__ = ["ZWSP", "unbroken", "with_word_breaks"]

_JOINERS = "\u200c\u200d"  # a run goes on across ZWNJ and ZWJ, which belong to its clusters
_RUNS = {locale: re.compile(f"[{chars}][{chars}{_JOINERS}]*") for locale, chars in DICTIONARY_SCRIPTS.items()}
_ANY = re.compile("[" + "".join(DICTIONARY_SCRIPTS.values()) + "]")
ZWSP = "\u200b"


def _broken(run: str, locale: str) -> str:
    return ZWSP.join(line_pieces(run, locale))


def _text_with_breaks(text: str) -> str:
    for locale, pattern in _RUNS.items():
        text = pattern.sub(lambda match: _broken(match.group(), locale), text)  # noqa: B023 (used at once)
    return text


def with_word_breaks(html: str) -> str:
    """``html`` with a zero-width space at each word boundary of its Khmer, Thai, Lao and Myanmar text."""
    if not _ANY.search(html):
        return html
    start = html.find("<body")
    start = 0 if start < 0 else start
    return html[:start] + map_texts(html[start:], lambda text: _text_with_breaks(text) if _ANY.search(text) else text)


def unbroken(text: str) -> str:
    """``text`` without the breaks :func:`with_word_breaks` put in (for the bookmarks, which copy the headings)."""
    return text.replace(ZWSP, "")
