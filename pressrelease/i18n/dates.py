"""Dates and times in the release's language, from Babel's CLDR data.

"19 February 2016" (en-GB), "February 19, 2016" (en), "19 février 2016"
(fr): right for any language Babel knows. Babel is imported on first use,
so validating a release (``pressrelease check``) never pays for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from babel import Locale

__all__ = ["date_pattern_works", "format_date_range", "format_day", "format_embargo", "format_month",
           "format_release_date", "format_time", "locale_for"]


@functools.lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag ("en-GB" -> en_GB)."""
    from babel import Locale

    return Locale.parse(language.replace("-", "_"))


def format_release_date(date: dt.date, language: str, date_format: str = "long") -> str:
    """The date as the release's language writes it ("19 February 2016" for en-GB)."""
    from babel.dates import format_date

    return format_date(date, format=date_format, locale=locale_for(language))


def format_month(date: dt.date, language: str) -> str:
    """A month and its year, for a release dated by its month ("November 2019", "novembre 2019")."""
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date, locale=locale_for(language))


def format_day(date: dt.date, language: str) -> str:
    """A day without its year ("29 November" in en-GB, "November 29" in en)."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMMd", date, locale=locale_for(language))


def format_date_range(start: dt.date, end: dt.date, language: str, date_format: str = "long") -> str:
    """Two days as one range: "9–10 May 2017" within a month, else both dates in full."""
    from babel.dates import format_date, format_interval

    locale = locale_for(language)
    if start == end:
        return format_date(start, format=date_format, locale=locale)
    if (start.year, start.month) == (end.year, end.month):
        return _same_month(start, end, locale) or format_interval(start, end, "yMMMd", locale=locale)
    fallback = str(locale.interval_formats.get(None) or "{0} – {1}")  # CLDR's "{0} – {1}", "{0}～{1}" in Japanese
    return fallback.replace("{0}", format_date(start, format=date_format, locale=locale)).replace(
        "{1}", format_date(end, format=date_format, locale=locale))


def _same_month(start: dt.date, end: dt.date, locale: Locale) -> str:
    """"July 20–22, 2011": the locale's own range of days in one month, its month written as its long
    date writes it. CLDR has ranges for abbreviated months only ("Jul 20–22"); where the long date spells
    the month out (MMMM), the range does too. "" if the locale has no such range."""
    from babel.dates import format_date

    pieces = locale.interval_formats.get("yMMMd", {}).get("d")
    if not isinstance(pieces, list) or len(pieces) != 2:
        return ""
    if "MMMM" in str(locale.date_formats["long"]):
        pieces = [re.sub(r"(?<![ML])([ML])\1\1(?![ML])", lambda m: m.group(1) * 4, piece) for piece in pieces]
    return format_date(start, pieces[0], locale=locale) + format_date(end, pieces[1], locale=locale)


def format_time(moment: dt.datetime, language: str, with_zone: bool = True) -> str:
    """The time in the moment's own zone, with the zone: "10:00 CET", "19:01 EST", "10:00 UTC+07:00"."""
    from babel.dates import format_time as babel_time, get_timezone_name

    locale = locale_for(language)
    tz = moment.tzinfo
    time_text = babel_time(moment, "HH:mm", tzinfo=tz, locale=locale)
    if not with_zone:
        return time_text
    zone = get_timezone_name(moment, width="short", locale=locale, zone_variant=None)
    if not re.fullmatch(r"[A-Z]{2,5}", zone) and locale.language == "en" and str(locale) != "en":
        # en-GB knows the European abbreviations only; "EST" is English in every English locale
        zone = get_timezone_name(moment, width="short", locale=locale_for("en"), zone_variant=None)
    if getattr(tz, "key", None) in ("UTC", "Etc/UTC"):
        zone = "UTC"
    elif not re.fullmatch(r"[A-Z]{2,5}", zone):
        zone = _utc_offset(moment)
    return f"{time_text} {zone}"


def format_embargo(moment: dt.datetime, language: str, date_format: str = "long") -> tuple[str, str]:
    """(time, date) of an embargo in its own zone: ("10:00 CET", "19 February 2016").

    The zone is shown by its short name where the locale has one (CET), else
    as an offset (GMT+01:00), so a reader in another zone can convert it.
    """
    from babel.dates import format_date

    return (format_time(moment, language), format_date(moment.date(), format=date_format, locale=locale_for(language)))


def _utc_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


#: The CLDR date fields a date pattern may use (era, year, quarter, month, week, day, weekday); every other
#: ASCII letter is a time field or reserved, and must be quoted to be literal text.
_DATE_FIELDS = frozenset("GyYuUrQqMLlwWdDFgEec")


def date_pattern_works(pattern: str) -> bool:
    """Whether Babel can write a date with ``pattern`` ("long", "d MMMM y", "y年M月d日",
    "'ថ្ងៃទី'd 'ខែ'MMMM 'ឆ្នាំ'y"): tried once, when read.

    Literal text is quoted ('...') or is not an ASCII letter: digits, punctuation and the letters of
    other scripts (年, ខែ) are written as they are.
    """
    if pattern in ("short", "medium", "long", "full"):
        return True
    if len(pattern) > 100 or pattern.count("'") % 2:
        return False
    unquoted = re.sub(r"'[^']*'", "", pattern)
    if any(char.isascii() and char.isalpha() and char not in _DATE_FIELDS for char in unquoted):
        return False
    if not any(char in _DATE_FIELDS for char in unquoted) or "=?" in pattern:
        return False  # no field; or an encoded word, which a mail program would decode in the subject
    if any(ord(char) < 32 or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in pattern):
        return False  # control and format characters (bidi overrides): the date reaches the email's subject
    from babel.dates import format_date

    try:
        format_date(dt.date(2016, 2, 19), format=pattern, locale="en")
    except Exception:  # noqa: BLE001 - any failure means the pattern is unusable
        return False
    return True
