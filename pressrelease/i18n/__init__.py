"""Languages: the label tables, localised dates, and which language tags exist.

Used both by the source readers (to check a language tag or a label
override) and by the view (to write dates and labels), so it sits below
both.
"""

from __future__ import annotations

from .dates import (date_pattern_works, format_date_range, format_day, format_embargo, format_month,
                    format_release_date, format_time, locale_for)
from .labels import LABELS, Labels, placeholders
from .languages import is_known_language, letter_spaced

__all__ = [
    "LABELS",
    "Labels",
    "date_pattern_works",
    "format_date_range",
    "format_day",
    "format_embargo",
    "format_month",
    "format_release_date",
    "format_time",
    "is_known_language",
    "letter_spaced",
    "locale_for",
    "placeholders",
]
