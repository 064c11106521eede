"""Languages: the label tables, localised dates, and which language tags exist.

Used both by the source readers (to check a language tag or a label
override) and by the view (to write dates and labels), so it sits below
both.
"""

from __future__ import annotations

from .dates import (date_pattern_works, format_date_range, format_day, format_embargo, format_month,
                    format_release_date, format_time, locale_for)
from .catalogs import shipped_languages
from .digits import counter_style, digit_table
from .labels import DATELINE_LABELS, Labels, language_chain, placeholders
from .languages import is_known_language, language_name, letter_spaced, text_direction
from .messages import MESSAGES

__all__ = [
    "DATELINE_LABELS",
    "Labels",
    "MESSAGES",
    "counter_style",
    "digit_table",
    "date_pattern_works",
    "format_date_range",
    "format_day",
    "format_embargo",
    "format_month",
    "format_release_date",
    "format_time",
    "is_known_language",
    "language_chain",
    "language_name",
    "letter_spaced",
    "locale_for",
    "placeholders",
    "shipped_languages",
    "text_direction",
]
