"""Dates and times in the release's language, from Babel's CLDR data.

"19 February 2016" (en-GB), "February 19, 2016" (en), "19 février 2016"
(fr): right for any language Babel knows. Babel is imported on first use,
so validating a release (``pressrelease check``) never pays for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from babel import Locale

__all__ = ["date_pattern_works", "format_embargo", "format_release_date", "locale_for"]


@functools.lru_cache(maxsize=64)
def locale_for(language: str) -> Locale:
    """The Babel locale of a BCP 47 tag ("en-GB" -> en_GB)."""
    from babel import Locale

    return Locale.parse(language.replace("-", "_"))


def format_release_date(date: dt.date, language: str, date_format: str = "long") -> str:
    """The date as the release's language writes it ("19 February 2016" for en-GB)."""
    from babel.dates import format_date

    return format_date(date, format=date_format, locale=locale_for(language))


def format_embargo(moment: dt.datetime, language: str, date_format: str = "long") -> tuple[str, str]:
    """(time, date) of an embargo in its own zone: ("10:00 CET", "19 February 2016").

    The zone is shown by its short name where the locale has one (CET), else
    as an offset (GMT+01:00), so a reader in another zone can convert it.
    """
    from babel.dates import format_date, format_time, get_timezone_name

    locale = locale_for(language)
    tz = moment.tzinfo
    time_text = format_time(moment, "HH:mm", tzinfo=tz, locale=locale)
    zone = get_timezone_name(moment, width="short", locale=locale, zone_variant=None)
    if getattr(tz, "key", None) in ("UTC", "Etc/UTC"):
        zone = "UTC"
    elif not re.fullmatch(r"[A-Z]{2,5}", zone):
        zone = _utc_offset(moment)
    return (f"{time_text} {zone}", format_date(moment.date(), format=date_format, locale=locale))


def _utc_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def date_pattern_works(pattern: str) -> bool:
    """Whether Babel can write a date with ``pattern`` ("long", "d MMMM y"): tried once, when read."""
    if pattern in ("short", "medium", "long", "full"):
        return True
    if not re.fullmatch(r"[dMyEGL ,.'/\-]+", pattern):
        return False
    from babel.dates import format_date

    try:
        format_date(dt.date(2016, 2, 19), format=pattern, locale="en")
    except Exception:  # noqa: BLE001 - any failure means the pattern is unusable
        return False
    return True
