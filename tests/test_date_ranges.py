"""An all-day event's days as one range, written as the language writes a long date."""

from __future__ import annotations

import datetime as dt

import pytest

from pressrelease.i18n.dates import format_date_range


@pytest.mark.parametrize("language,expected", [
    ("en-CA", "July 20–22, 2011"),          # the month spelt out, as in "June 27, 2011" (CLDR's range says "Jul")
    ("en-GB", "20\u2009–\u200922 July 2011"),
    ("fr", "20–22 juillet 2011"),
    ("de", "20.–22. Juli 2011"),
    ("ja", "2011年7月20日～22日"),          # a long date without a spelt-out month keeps CLDR's range
])
def test_days_of_one_month(language: str, expected: str) -> None:
    assert format_date_range(dt.date(2011, 7, 20), dt.date(2011, 7, 22), language) == expected


def test_one_day_and_two_months() -> None:
    assert format_date_range(dt.date(2011, 7, 20), dt.date(2011, 7, 20), "en") == "July 20, 2011"
    assert format_date_range(dt.date(2011, 7, 30), dt.date(2011, 8, 2), "en-GB") == "30 July 2011\u2009–\u20092 August 2011"  # CLDR's thin spaces


def test_a_range_across_months_joins_its_dates_as_the_language_does() -> None:
    start, end = dt.date(2017, 5, 30), dt.date(2017, 6, 2)
    assert format_date_range(start, end, "ja") == "2017年5月30日～2017年6月2日"
    assert format_date_range(start, end, "ar").count(" – ") == 1
