"""Moments as a release prints them: the embargo (in its zone and the house style's others) and an event's time.

"00:01 GMT, 30 November 2010 (19:01 EST, 29 November)": after the main
time and date, each extra zone in brackets with its time, and its day
(without the year) only when that day is another one. "10:00–12:00 UTC+07:00,
9 May 2017": an event in one day; an all-day event prints its day or days.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..i18n import Labels, format_date_range, format_day, format_release_date, format_time
from ..model import Embargo
from ..model.event import Event

__all__ = ["embargo_zones_text", "event_when"]


def embargo_zones_text(embargo: Embargo, zones: tuple[str, ...], language: str, labels: Labels) -> str:
    """The brackets after an embargo's time: "(19:01 EST, 29 November)", one per extra zone; "" for none.

    A zone whose clocks show the embargo's own time (its zone, or another at the same offset then) adds
    nothing and is left out. A date-only embargo gets them too: "30 November 2010 (19:00 EST, 29 November)"
    tells a reader in New York it lifts the evening before.
    """
    main = embargo.until
    brackets = []
    for zone in zones:
        moment = main.astimezone(ZoneInfo(zone))
        if zone == embargo.zone_name or moment.utcoffset() == main.utcoffset():
            continue
        time = format_time(moment, language)
        if moment.date() != main.date():
            time = labels.format("time_date", time=time, date=format_day(moment.date(), language))
        brackets.append(f"({time})")
    return " ".join(brackets)


def _at(moment: dt.datetime, language: str, labels: Labels, date_format: str) -> str:
    date = format_release_date(moment.date(), language, date_format)
    return labels.format("time_date", time=format_time(moment, language), date=date)


def event_when(event: Event, language: str, labels: Labels, date_format: str = "long") -> str:
    """When an event is, in the release's language, each moment in its own zone."""
    start, end = event.start, event.end
    if not isinstance(start, dt.datetime):
        return format_date_range(start, end if end is not None else start, language, date_format)
    assert end is None or isinstance(end, dt.datetime)
    if end is None:
        return _at(start, language, labels, date_format)
    if end.date() == start.date() and end.utcoffset() == start.utcoffset() and end.tzname() == start.tzname():
        bare = format_time(start, language, with_zone=False)
        date = format_release_date(start.date(), language, date_format)
        return labels.format("time_date", time=f"{bare}–{format_time(end, language)}", date=date)
    return f"{_at(start, language, labels, date_format)} – {_at(end, language, labels, date_format)}"
