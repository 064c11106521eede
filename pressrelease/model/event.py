"""The event a media advisory announces: what, when, where, and how to follow it online."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import ModelTypeError
from ..rules import WEB_ADDRESS
from .checks import checked_text, checked_texts, in_years, refuse

__all__ = ["Event", "When"]

#: An event's start or end: a moment with a time zone, or a whole day.
When = dt.datetime | dt.date


def _checked_when(model: object, field: str, value: object) -> None:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise refuse(model, field, "needs a time zone (an offset or an IANA zone)")
    elif not isinstance(value, dt.date):
        raise ModelTypeError(type(model).__name__, field, f"is a date or a datetime, not {type(value).__name__}")
    in_years(model, field, value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """A press conference, briefing or launch: shown as a WHAT / WHEN / WHERE block, and as an iCalendar file.

    ``start`` and ``end`` are both datetimes (with zones) or both dates (an
    all-day event; ``end`` is the last day, inclusive). ``details`` is
    Markdown (who speaks, accreditation).
    """

    title: str
    start: When
    end: When | None = None
    venue: str = ""
    address: str = ""
    online: str = ""
    details: str = ""

    def __post_init__(self) -> None:
        checked_text(self, "title", self.title, required=True)
        checked_texts(self, ("venue",))
        checked_texts(self, ("address", "details"), multiline=True)
        checked_text(self, "online", self.online, accepts=WEB_ADDRESS.fullmatch,
                     rule="a web address such as https://example.org/live")
        _checked_when(self, "start", self.start)
        if self.end is not None:
            _checked_when(self, "end", self.end)
            if isinstance(self.start, dt.datetime) != isinstance(self.end, dt.datetime):
                raise refuse(self, "end", "is a date and time when start is, and a date when start is a date")
            if self.end < self.start:  # type: ignore[operator]
                raise refuse(self, "end", "is before the start")

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)
