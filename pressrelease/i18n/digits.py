"""The language's own digits, for dates, times and page numbers when the house style asks (``digits: native``).

CLDR (through Babel) says which numbering system a locale calls native:
``khmr`` for Khmer, ``arab`` for Arabic, ``deva`` for Hindi, ``latn`` for
English, French or Russian. Babel knows the name but not the digits, so the
decimal systems are listed here by their zero: Unicode puts each system's
digits 0-9 in a row (tests/test_digits.py checks each with unicodedata). Chinese
``hanidec`` ("二〇一七") is the one system that is not a row. Phone
numbers, addresses and the release's own text are never changed.
"""

from __future__ import annotations

import functools

__all__ = ["counter_style", "digit_table", "native_system"]

#: CLDR's decimal numbering systems (numberingSystems.xml) by the code point of their zero.
_ZERO = {
    "arab": 0x0660, "arabext": 0x06F0, "beng": 0x09E6, "deva": 0x0966, "gujr": 0x0AE6, "guru": 0x0A66,
    "khmr": 0x17E0, "knda": 0x0CE6, "laoo": 0x0ED0, "mlym": 0x0D66, "mymr": 0x1040, "orya": 0x0B66,
    "telu": 0x0C66, "thai": 0x0E50, "tibt": 0x0F20, "tamldec": 0x0BE6,
}
_HANIDEC = "〇一二三四五六七八九"
#: The CSS predefined counter style (CSS Counter Styles 3) that counts pages in each system.
_COUNTER = {
    "arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari", "gujr": "gujarati",
    "guru": "gurmukhi", "khmr": "khmer", "knda": "kannada", "laoo": "lao", "mlym": "malayalam",
    "mymr": "myanmar", "orya": "oriya", "telu": "telugu", "thai": "thai", "tibt": "tibetan", "tamldec": "tamil",
    "hanidec": "cjk-decimal",
}


def native_system(language: str) -> str:
    """CLDR's native numbering system of ``language`` ("khmr" for km, "latn" for en)."""
    from .dates import locale_for

    return str(locale_for(language).other_numbering_systems.get("native", "latn"))


@functools.lru_cache(maxsize=64)
def digit_table(language: str, digits: str = "native") -> dict[int, str]:
    """A :meth:`str.translate` table from 0-9 to the language's native digits ({} for Latin digits)."""
    if digits != "native":
        return {}
    system = native_system(language)
    if system == "hanidec":  # "二〇二一年十月二十二日": Chinese writes months and days as numbers, not digit by
        return {}             # digit, which a table cannot do; dates keep 0-9 (page numbers use cjk-decimal)
    zero = _ZERO.get(system)
    if zero is None:
        return {}
    return {ord("0") + value: chr(zero + value) for value in range(10)}


def counter_style(language: str, digits: str = "native") -> str:
    """The CSS counter style for page numbers: "khmer" for Khmer with native digits, else "decimal"."""
    if digits != "native":
        return "decimal"
    return _COUNTER.get(native_system(language), "decimal")
