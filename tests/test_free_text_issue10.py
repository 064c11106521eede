"""Issue 10's free-text fields, in any script and with markup characters, through every text format (Hypothesis).

A label, a contact's group, a phone's note, a partner's name and about heading, and an event's title and
venue are each shown word for word in the text and the email's text, escaped (never markup) in the web
page and the email's HTML; a value the model refuses is refused with a ModelError, never a crash later.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from pressrelease import render, render_text
from pressrelease.errors import ModelError
from pressrelease.model import Contact, Event, Organisation, Phone

from issue10_builders import reference

REF = reference()
#: Letters of several scripts, digits, punctuation and the characters HTML and templates care about.
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), blacklist_characters="\u00ad"),
                min_size=1, max_size=40).map(str.strip).filter(bool)
samples = st.sampled_from(["<script>alert(1)</script>", "A & B", "{{ 7*7 }}", "{% raw %}", "بيان صحفي",
                           "ព័ត៌មាន", "Communiqué «conjoint»", "\"quoted\" 'single'", "x\\y"])
values = st.one_of(texts, samples)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _shown(value: str, release) -> None:  # type: ignore[no-untyped-def]
    text = _flat(render_text(release)).upper().casefold()
    assert _flat(value).upper().casefold() in text  # the text sets labels and headings in capitals
    html = render(release, "html")
    assert isinstance(html, str)
    assert str(escape(value)) in html or _flat(str(escape(value))) in _flat(html)
    if "<" in value:
        assert f">{value}<" not in html  # escaped, never markup (a lone "<" is in every tag: look between tags)


def _build(**changes: object):  # type: ignore[no-untyped-def]
    try:
        return dataclasses.replace(REF, **changes)
    except ModelError:
        assume(False)
        raise


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_any_label_is_shown_as_written(label: str) -> None:
    _shown(label, _build(label=label))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, values)
def test_any_group_and_phone_note(group: str, note: str) -> None:
    try:
        contact = Contact(name="Ada Example", group=group, phones=(Phone("+41 22 919 41 58", note),))
    except ModelError:
        assume(False)
    release = _build(contacts=(contact,))
    _shown(group, release)
    _shown(f"+41 22 919 41 58 ({note})", release)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, values)
def test_any_partner_name_and_heading(name: str, heading: str) -> None:
    assume(name.casefold() != REF.organisation.name.casefold())
    try:
        partner = Organisation(name=name, about_heading=heading, boilerplate="A partner.")
    except ModelError:
        assume(False)
    release = _build(partners=(partner,))
    _shown(heading, release)
    html = render(release, "html")
    assert str(escape(name)) in html  # the letterhead names the partner


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values, values)
def test_any_event_title_and_venue(title: str, venue: str) -> None:
    start = dt.datetime(2017, 5, 9, 10, 0, tzinfo=ZoneInfo("Asia/Phnom_Penh"))
    try:
        event = Event(title=title, start=start, venue=venue)
    except ModelError:
        assume(False)
    release = _build(kind="Media Advisory", event=event)
    _shown(title, release)
    _shown(venue, release)
    calendar = render(release, "ics")
    assert isinstance(calendar, str) and calendar.count("BEGIN:VEVENT") == 1
