"""Embargo times: an exact instant, in the zone the author means."""

from __future__ import annotations

import datetime as dt

import pytest

from pressrelease.source.values import parse_embargo

UTC = dt.timezone.utc


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("2016-02-19T10:00:00+01:00", dt.datetime(2016, 2, 19, 9, 0, tzinfo=UTC)),
        ("2016-02-19T10:00+0100", dt.datetime(2016, 2, 19, 9, 0, tzinfo=UTC)),
        ("2016-02-19 10:00Z", dt.datetime(2016, 2, 19, 10, 0, tzinfo=UTC)),
        ("2016-02-19 10:00 Europe/Zurich", dt.datetime(2016, 2, 19, 9, 0, tzinfo=UTC)),
        ("2016-07-19 10:00 Europe/Zurich", dt.datetime(2016, 7, 19, 8, 0, tzinfo=UTC)),
        ("2016-02-19 09:00 Asia/Phnom_Penh", dt.datetime(2016, 2, 19, 2, 0, tzinfo=UTC)),
        ("2016-02-19T10:00+01:00 Europe/Zurich", dt.datetime(2016, 2, 19, 9, 0, tzinfo=UTC)),
    ],
)
def test_accepted(text: str, utc: dt.datetime) -> None:
    moment, message, _ = parse_embargo(text)
    assert message == ""
    assert moment is not None and moment.astimezone(UTC) == utc


def test_zone_name_is_kept() -> None:
    moment, _, _ = parse_embargo("2016-02-19 10:00 Europe/Zurich")
    assert getattr(moment.tzinfo, "key", None) == "Europe/Zurich"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2016-02-19 10:00", "has no time zone"),
        ("tomorrow morning", "is not a date and time"),
        ("2016-02-30 10:00 Europe/Zurich", "is not a real date and time"),
        ("2016-02-19 25:00+01:00", "is not a real date and time"),
        ("2016-02-19 10:00 Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
        ("2016-03-27 02:30 Europe/Paris", "does not exist in Europe/Paris"),
        ("2016-10-30 02:30 Europe/Paris", "happens twice in Europe/Paris"),
        ("2016-02-19T10:00+02:00 Europe/Zurich", "does not match Europe/Zurich"),
    ],
)
def test_refused(text: str, fragment: str) -> None:
    moment, message, hint = parse_embargo(text)
    assert moment is None
    assert fragment in message
    assert hint


def test_ambiguous_time_resolved_by_offset() -> None:
    moment, message, _ = parse_embargo("2016-10-30T02:30+01:00 Europe/Paris")
    assert message == ""
    assert moment is not None and moment.utcoffset() == dt.timedelta(hours=1)
