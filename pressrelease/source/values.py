"""Single values of the source format: each read from a node, checked, and returned or reported.

Every function takes the :class:`~.nodes.NodeReader` of the file being read,
records a located problem when the value is wrong, and returns ``None`` for
it, so one pass over a file reports every mistake in it.
"""

from __future__ import annotations

import datetime as dt

import yaml

from ..i18n import date_pattern_works, is_known_language
from ..model import Embargo
from ..rules import (FONT_FAMILY, HEX_COLOUR, ISO_DATE, SLUG, WEB_ADDRESS, display_name, display_name_problem,
                     header_text_problem, is_dateline_format, is_email_address, is_phone_number, is_time_zone, lazy, YEARS)
from .nodes import NodeReader

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Callable
    TextCheck = Callable[[NodeReader, yaml.Node, str], "str | None"]

__all__ = [
    "check_colour",
    "check_date_format",
    "check_display_name",
    "check_email",
    "check_font_family",
    "check_header_text",
    "check_language",
    "check_phone",
    "check_slug",
    "check_translation_key",
    "check_dateline_format",
    "check_url",
    "check_zone",
    "parse_embargo",
    "parse_moment",
    "read_dateline_date",
    "read_embargo",
    "read_updated",
    "read_when",
]


_MONTH = lazy(r"(\d{4})-(\d{2})")
_EMBARGO = lazy(
    r"(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"\s*(?P<offset>Z|[+-]\d{2}:?\d{2})?(?:\s+(?P<zone>[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*))?"
)


def _text_check(accepts: Callable[[str], object], problem: str, hint: str, code: str, *,
                required: bool = False) -> TextCheck:
    """A check that a one-line text is ``accepts``-ed ("field 'x' {problem}", with ``hint``, otherwise)."""

    def check(reader: NodeReader, node: yaml.Node, field: str) -> str | None:
        text = reader.text(node, field, required=required)
        if text is not None and not accepts(text):
            reader.error(node, f"{field} '{text}' {problem}", hint, code)
            return None
        return text

    return check


check_url = _text_check(lambda text: WEB_ADDRESS.fullmatch(text), "is not a web address", "write it as https://www.example.org", "url")
check_colour = _text_check(lambda text: HEX_COLOUR.fullmatch(text), "is not a hex colour", 'quote it: "#1f4e79"', "colour")
check_font_family = _text_check(lambda text: FONT_FAMILY.fullmatch(text), "is not a font family name",
                                "letters, digits, spaces and hyphens only, e.g. Source Sans 3", "font")
check_slug = _text_check(lambda text: SLUG.fullmatch(text), "is not a file-name stem",
                         "use lowercase letters, digits and hyphens, e.g. 2016-02-19-ipu-mission", "slug")
check_translation_key = _text_check(lambda text: SLUG.fullmatch(text), "is not a translation key",
                                    "use lowercase letters, digits and hyphens, the same in each language's "
                                    "release, e.g. ipu-cambodia-2016", "translation-key")
check_email = _text_check(is_email_address, "is not an email address",
                          "write it as name@example.org, without a display name or spaces", "email", required=True)
check_language = _text_check(is_known_language, "is not a known BCP 47 language tag",
                             "for example en, en-GB, fr or km", "language")
check_zone = _text_check(is_time_zone, "is not an IANA time zone", "for example Europe/Zurich, America/New_York or UTC",
                         "timezone")
check_dateline_format = _text_check(is_dateline_format, "is not a dateline format",
                                    "use {date} once and at most one of {city} or {CITY}, e.g. \"{CITY}, {date} –\"",
                                    "dateline-format")


def _accepted(reader: NodeReader, node: yaml.Node, value: str, ok: bool, message: str, hint: str, code: str) -> str | None:
    """``value`` if ``ok``; else None, and the problem reported at ``node``."""
    if not ok:
        reader.error(node, message, hint, code)
        return None
    return value


def check_phone(reader: NodeReader, node: yaml.Node, field: str, phone: str) -> str | None:
    return _accepted(reader, node, phone, is_phone_number(phone), f"{field}: '{phone}' is not a phone number",
                     "write it with digits, spaces and an optional +, e.g. +41 22 919 41 58", "phone")


def check_header_text(reader: NodeReader, node: yaml.Node, field: str, text: str | None, where: str,
                      rule: Callable[[str], tuple[str, str]] = header_text_problem) -> str | None:
    """Text that goes into an email header or a page title (``where`` says which) passes the header rules.

    The same rules the email renderer applies (:func:`~pressrelease.rules.header_text_problem`: no
    bidirectional controls, nothing like an encoded word, at most ``HEADER_TEXT_MAX`` characters), so
    ``check`` reports, located, what the build would refuse.
    """
    why, hint = rule(text) if text is not None else ("", "")
    if why:
        reader.error(node, f"{field} {why}", f"{hint}: {where}", "header")
        return None
    return text


def check_display_name(reader: NodeReader, node: yaml.Node, field: str, text: str | None, where: str) -> str | None:
    """A name that goes into an address header: the header rules, at most ``DISPLAY_NAME_MAX`` characters,
    and whitespace runs made one space, as the header carries it (so the model says what is sent)."""
    checked = check_header_text(reader, node, field, text, where, display_name_problem)
    return display_name(checked) if checked is not None else None


def check_date_format(reader: NodeReader, node: yaml.Node, field: str, pattern: str) -> str | None:
    return _accepted(reader, node, pattern, date_pattern_works(pattern), f"{field} '{pattern}' is not a date pattern",
                     "use short, medium, long, full or a CLDR pattern such as 'd MMMM y'", "date-format")


def read_embargo(reader: NodeReader, node: yaml.Node, timezone: str = "") -> Embargo | None:
    """An embargo: a date and time with a zone, or a day alone (00:00 in the organisation's ``timezone``)."""
    text = reader.text(node, "embargo")
    if text is None:
        return None
    if ISO_DATE.fullmatch(text):
        if reader.date(node, "embargo") is None:  # not a real day: said first, whatever else is missing
            return None
        if not timezone:
            reader.error(node, f"embargo {text} is a day without a time, and the organisation file has no timezone",
                         "add 'timezone: Europe/Zurich' (an IANA zone) to the organisation file, or give the "
                         f"time and zone: {text} 00:00 Europe/Zurich", "embargo")
            return None
        moment, message, hint = parse_moment(f"{text} 00:00 {timezone}", "embargo")
        if moment is None:
            reader.error(node, message.replace(f"{text} 00:00 {timezone}", text), hint, "embargo")
            return None
        return Embargo(until=moment, date_only=True)
    moment, message, hint = parse_moment(text, "embargo")
    if moment is None:
        reader.error(node, message, hint, "embargo")
        return None
    return Embargo(until=moment)


def read_updated(reader: NodeReader, node: yaml.Node) -> dt.datetime | None:
    """``updated``: one instant, a date and time with its zone (a day alone says too little)."""
    text = reader.text(node, "updated")
    if text is None:
        return None
    moment, message, hint = parse_moment(text, "updated")
    if moment is None:
        reader.error(node, message, hint, "date")
    return moment


def read_when(reader: NodeReader, node: yaml.Node, field: str) -> dt.datetime | dt.date | None:
    """An event's start or end: a day (YYYY-MM-DD, all day) or a date and time with its zone."""
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    if ISO_DATE.fullmatch(text):
        return reader.date(node, field)
    moment, message, hint = parse_moment(text, field)
    if moment is None:
        reader.error(node, message, hint.replace("write it as", "write a day (2016-02-19) or"), "date")
    return moment


def read_dateline_date(reader: NodeReader, node: yaml.Node, field: str) -> tuple[dt.date, str] | None:
    """(date, precision) of a dateline's date: YYYY-MM-DD ("day"), or YYYY-MM for a month ("month")."""
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    month = _MONTH.fullmatch(text)
    if month is None:
        date = reader.date(node, field)
        return (date, "day") if date is not None else None
    year, number = int(month.group(1)), int(month.group(2))
    if not 1 <= number <= 12 or year not in YEARS:
        reader.error(node, f"{field} {text} is not a real month", "write the month as YYYY-MM, e.g. 2019-11", "date")
        return None
    return dt.date(year, number, 1), "month"


def parse_embargo(text: str) -> tuple[dt.datetime | None, str, str]:
    """An aware datetime from "2016-02-19T10:00+01:00" or "2016-02-19 10:00 Europe/Zurich" (see :func:`parse_moment`)."""
    return parse_moment(text, "embargo")


def parse_moment(text: str, field: str) -> tuple[dt.datetime | None, str, str]:
    """An aware datetime from "2016-02-19T10:00+01:00" or "2016-02-19 10:00 Europe/Zurich".

    Returns (value, "", "") or (None, message, hint), the message naming ``field``. A wall-clock time
    that a daylight-saving change skips or repeats is refused: it must name exactly one instant.
    """
    match = _EMBARGO.fullmatch(text.strip())
    if match is None:
        return None, f"{field} '{text}' is not a date and time", "write it as 2016-02-19T10:00+01:00 or 2016-02-19 10:00 Europe/Zurich"
    try:
        naive = dt.datetime.fromisoformat(f"{match['date']}T{match['h']}:{match['m']}:{match['s'] or '00'}")
    except ValueError as exc:
        return None, f"{field} '{text}' is not a real date and time: {exc}", "check the day, month and hour"
    if naive.year not in YEARS:
        return None, f"{field} '{text}' is not in the years {YEARS.start} to {YEARS.stop - 1}", "check the year"
    offset = _parse_offset(match["offset"]) if match["offset"] else None
    if match["offset"] and offset is None:
        return None, f"{field}: '{match['offset']}' is not a UTC offset", "offsets run from -23:59 to +23:59, e.g. +01:00"
    if match["zone"] is None:
        if offset is None:
            return None, f"{field} '{text}' has no time zone", "add an offset (+01:00) or an IANA zone (Europe/Zurich)"
        return naive.replace(tzinfo=dt.timezone(offset)), "", ""
    found, message, hint = _in_zone(text, naive, match["zone"], match["offset"], offset)
    return found, message.replace("embargo", field, 1), hint


def _in_zone(text: str, naive: dt.datetime, name: str, offset_text: str | None,
             offset: dt.timedelta | None) -> tuple[dt.datetime | None, str, str]:
    """The one instant a wall-clock time names in an IANA zone, or why there is none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" is a folder in tzdata
        return None, f"embargo: unknown time zone '{name}'", "use an IANA name such as Europe/Zurich or Asia/Phnom_Penh"
    candidates = [naive.replace(tzinfo=zone, fold=fold) for fold in (0, 1)]
    try:
        real = [c for c in candidates if c.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) == naive]
    except OverflowError:
        return None, f"embargo '{text}' is out of range", "write a date between the years 1 and 9999"
    if offset is not None:
        real = [c for c in real if c.utcoffset() == offset]
        if not real:
            return None, f"embargo: offset {offset_text} does not match {zone.key} at that time", "remove the offset or correct it"
    if not real:
        return None, f"embargo: {naive:%H:%M} on {naive:%Y-%m-%d} does not exist in {zone.key} (the clocks skip it)", "choose another time"
    if len({c.utcoffset() for c in real}) > 1:
        return None, f"embargo: {naive:%H:%M} on {naive:%Y-%m-%d} happens twice in {zone.key} (the clocks go back)", "add the offset, e.g. 2016-10-30T02:30+01:00 Europe/Paris"
    return min(real, key=lambda c: c.fold), "", ""


def _parse_offset(text: str) -> dt.timedelta | None:
    """The offset of "+01:00", "-0530" or "Z"; None if it is not one (+24:00, +01:60)."""
    if text == "Z":
        return dt.timedelta(0)
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    delta = dt.timedelta(hours=hours, minutes=minutes)
    return -delta if text[0] == "-" else delta
