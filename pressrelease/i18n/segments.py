"""Where lines may break in scripts written without spaces: ICU's line breaker (icu4py), dictionary-based.

Khmer, Thai, Lao and Myanmar put no space between words, and Chinese and
Japanese none between characters; a line may still break inside them, but
only where ICU's line breaker says (a Khmer word boundary from its
dictionary; between two ideographs, but not before "。" or "」"). The PDF
(formats/pdf/segment.py) and the plain text (view/plaintext.py) both ask
here, so they break the same words.
"""

from __future__ import annotations

import functools
import re

__all__ = ["DICTIONARY_SCRIPTS", "UNSPACED_CHARS", "has_unspaced", "line_pieces"]

#: The scripts ICU breaks by dictionary, by range, and the locale whose dictionary it uses.
DICTIONARY_SCRIPTS = {
    "km": "\u1780-\u17ff\u19e0-\u19ff",                # Khmer, Khmer Symbols
    "th": "\u0e00-\u0e7f",                             # Thai
    "lo": "\u0e80-\u0eff",                             # Lao
    "my": "\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f",   # Myanmar and its extensions
}
#: CJK punctuation, kana, ideographs and full-width forms: no spaces either. Not Hangul: Korean puts
#: spaces between words, and its plain text wraps at them.
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
#: The characters of the scripts above, as the inside of a regular expression's character class.
UNSPACED_CHARS = "".join(DICTIONARY_SCRIPTS.values()) + _CJK
_UNSPACED = re.compile(f"[{UNSPACED_CHARS}]")


def has_unspaced(text: str) -> bool:
    """Whether ``text`` holds a script that a line may break inside without a space."""
    return _UNSPACED.search(text) is not None


@functools.lru_cache(maxsize=4096)
def line_pieces(text: str, language: str = "en") -> tuple[str, ...]:
    """``text`` cut at each line-break opportunity ICU finds; each piece keeps the spaces that end it."""
    from icu4py.breakers import LineBreaker

    return tuple(LineBreaker(text, language))
