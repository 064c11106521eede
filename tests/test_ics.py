"""The iCalendar file of a media advisory's event: its properties, RFC 5545's rules, the email and the build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pressrelease import load
from pressrelease.build import BuildOptions, build
from pressrelease.build.stage import Builder
from pressrelease.cli.app import main
from pressrelease.errors import FormatSkipped, PressReleaseError
from pressrelease.formats import FORMATS, RenderOptions
from pressrelease.formats.ics import PRODID, event_description, event_location
from pressrelease.formats.session import RenderSession
from pressrelease.model import Dateline, Embargo, Event, Organisation, Release

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
ORGANISATION = Organisation(name="Example Press Office", website="https://www.press.example.org",
                            email="press@example.org")
TIMED = Event(title="Launch of the 2017 Human Rights Report",
              start=dt.datetime(2017, 5, 9, 10, 0, tzinfo=PHNOM_PENH),
              end=dt.datetime(2017, 5, 9, 12, 0, tzinfo=PHNOM_PENH),
              venue="Sunway Hotel", address="No. 1, Street 92\nPhnom Penh", online="https://example.org/live",
              details="**Who:** the *Minister*; the authors.\n\nAccreditation: [the form](https://example.org/form).")


def advisory(event: Event | None = TIMED, **extra) -> Release:  # type: ignore[no-untyped-def]
    fields = {"headline": "Media advisory: the 2017 report", "dateline": Dateline(date=dt.date(2017, 5, 2)),
              "body": "The report is launched next week.", "organisation": ORGANISATION, "kind": "Media Advisory",
              "slug": "report-launch", "event": event} | extra
    return Release(**fields)


def ics(release: Release) -> bytes:
    output = RenderSession().job(release, ["ics"]).outputs["ics"]
    assert isinstance(output, bytes)
    return output


def parsed(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_a_timed_event_in_an_iana_zone() -> None:
    data = ics(advisory())
    calendar, event = parsed(data)
    assert str(calendar["PRODID"]) == PRODID == f"-//pressrelease//{__import__('pressrelease').__version__}//EN"
    assert (str(calendar["VERSION"]), str(calendar["CALSCALE"]), str(calendar["METHOD"])) == ("2.0", "GREGORIAN", "PUBLISH")
    assert str(event["UID"]) == "report-launch@press.example.org"
    assert event.decoded("DTSTAMP") == dt.datetime(2017, 5, 2, tzinfo=dt.timezone.utc)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start, end) == (TIMED.start, TIMED.end)
    assert str(start.tzinfo) == "Asia/Phnom_Penh"
    assert b"\r\nDTSTART;TZID=Asia/Phnom_Penh:20170509T100000\r\n" in data
    assert b"\r\nDTEND;TZID=Asia/Phnom_Penh:20170509T120000\r\n" in data
    zones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Phnom_Penh"]
    assert b"TZOFFSETTO:+0700" in data
    assert str(event["SUMMARY"]) == "Launch of the 2017 Human Rights Report"
    assert str(event["LOCATION"]) == "Sunway Hotel, No. 1, Street 92, Phnom Penh"
    assert str(event["URL"]) == "https://example.org/live"
    assert str(event["DESCRIPTION"]) == ("Who: the Minister; the authors.\n\nAccreditation: the form [1].\n\n"
                                         "[1] https://example.org/form\n\nhttps://example.org/live")
    assert str(event["ORGANIZER"]) == "mailto:press@example.org"
    assert event["ORGANIZER"].params["CN"] == "Example Press Office"
    for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
        assert event[name].params["LANGUAGE"] == "en"
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "URL",
                          "ORGANIZER"}


def test_an_all_day_event_ends_the_next_day() -> None:
    data = ics(advisory(Event(title="Open day", start=dt.date(2017, 5, 9))))
    calendar, event = parsed(data)
    assert b"\r\nDTSTART;VALUE=DATE:20170509\r\n" in data and b"\r\nDTEND;VALUE=DATE:20170510\r\n" in data
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(2017, 5, 9), dt.date(2017, 5, 10))
    assert not [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert set(event) == {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"}


def test_a_multi_day_event_ends_the_day_after_its_last() -> None:
    data = ics(advisory(Event(title="Summit", start=dt.date(2017, 5, 9), end=dt.date(2017, 5, 11))))
    _, event = parsed(data)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (dt.date(2017, 5, 9), dt.date(2017, 5, 12))
    assert b"\r\nDTEND;VALUE=DATE:20170512\r\n" in data


def test_a_fixed_offset_is_written_in_utc() -> None:
    plus7 = dt.timezone(dt.timedelta(hours=7))
    data = ics(advisory(Event(title="Briefing", start=dt.datetime(2017, 5, 9, 10, tzinfo=plus7),
                              end=dt.datetime(2017, 5, 9, 11, 30, tzinfo=plus7))))
    calendar, event = parsed(data)
    assert b"\r\nDTSTART:20170509T030000Z\r\n" in data and b"\r\nDTEND:20170509T043000Z\r\n" in data
    assert event.decoded("DTSTART") == dt.datetime(2017, 5, 9, 3, tzinfo=dt.timezone.utc)
    assert b"TZID" not in data and not [c for c in calendar.walk() if c.name == "VTIMEZONE"]


def test_a_timed_event_without_an_end_has_no_dtend() -> None:
    _, event = parsed(ics(advisory(Event(title="Doorstep", start=TIMED.start))))
    assert "DTEND" not in event and "DURATION" not in event
    assert event.decoded("DTSTART") == TIMED.start


def test_a_release_without_an_event_has_no_calendar_file_and_nothing_to_say() -> None:
    release = advisory(None)
    with pytest.raises(FormatSkipped) as caught:
        RenderSession().render(release, "ics")
    assert caught.value.problems == ()
    job = RenderSession().job(release, ["html", "ics"], skip=True)
    assert "ics" not in job.outputs and "html" in job.outputs
    assert job.skipped == {"ics": ()} and job.warnings == []
    files, warnings, quiet = Builder(BuildOptions(formats=("txt", "ics"))).render(release)
    assert set(files) == {"txt"} and warnings == [] and quiet == ("ics",)


def test_the_builder_hands_the_calendar_file_over() -> None:
    files, warnings, quiet = Builder(BuildOptions(formats=("txt", "ics"))).render(advisory())
    assert files["ics"] == ics(advisory()) and quiet == () and warnings == []


def test_the_api_renders_it_as_text() -> None:
    from pressrelease import render

    text = render(advisory(), "ics")
    assert isinstance(text, str) and text.startswith("BEGIN:VCALENDAR\r\n") and FORMATS["ics"].suffix == ".ics"


def test_the_file_keeps_rfc_5545_lines() -> None:
    long_title = "A very long title " * 6 + "with accents éèà and a CJK tail 人権報告書の発表" * 3
    data = ics(advisory(dataclasses.replace(TIMED, title=long_title, details="Ünïcödé " * 40)))
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long ones were folded
    for line in lines:
        line.decode("utf-8")  # a fold never splits a character
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")
    names = {line.split(":", 1)[0].split(";", 1)[0] for line in unfolded if line}
    assert {"PRODID", "VERSION", "UID", "DTSTAMP", "DTSTART"} <= names
    _, event = parsed(data)
    assert str(event["SUMMARY"]) == long_title


def test_two_renders_are_the_same_bytes_and_the_stamp_is_the_releases() -> None:
    assert ics(advisory()) == ics(advisory())
    until = dt.datetime(2017, 5, 3, 9, 0, tzinfo=PHNOM_PENH)
    data = ics(advisory(embargo=Embargo(until=until)))
    _, event = parsed(data)
    assert event.decoded("DTSTAMP") == dt.datetime(2017, 5, 3, 2, 0, tzinfo=dt.timezone.utc)
    assert b"\r\nDTSTAMP:20170503T020000Z\r\n" in data


def test_without_a_domain_or_an_email_the_uid_is_invalid_and_there_is_no_organizer() -> None:
    _, event = parsed(ics(advisory(organisation=Organisation(name="Nobody"))))
    assert str(event["UID"]) == "report-launch@pressrelease.invalid"
    assert "ORGANIZER" not in event


def test_a_name_with_quotes_and_semicolons_stays_one_parameter() -> None:
    org = Organisation(name='The "Quoted"; Office, Inc.', website="https://example.org", email="press@example.org")
    data = ics(advisory(organisation=org))
    _, event = parsed(data)
    assert event["ORGANIZER"].params["CN"] == 'The "Quoted"; Office, Inc.'
    assert str(event["ORGANIZER"]) == "mailto:press@example.org"


def test_the_model_refuses_a_line_break_in_a_title() -> None:
    with pytest.raises(PressReleaseError, match="single line"):
        Event(title="Launch\r\nBEGIN:VEVENT", start=dt.date(2017, 5, 9))


def test_source_text_cannot_add_a_property_or_a_component() -> None:
    hostile = "x\r\nBEGIN:VEVENT\r\nUID:evil\r\nEND:VEVENT\r\nATTACH:http://evil; a, b\\"
    event = Event(title="Title; with, a backslash \\ END:VEVENT", start=dt.date(2017, 5, 9),
                  venue="Hall; B, floor 2", address="Line one;\nEND:VEVENT\nBEGIN:VALARM\nline, three",
                  details="END:VEVENT\nBEGIN:VEVENT\nUID:evil\n\nATTENDEE;RSVP=TRUE:mailto:x@example.org")
    object.__setattr__(event, "venue", hostile)  # past the model's checks: the escaping alone must hold
    calendar, vevent = parsed(ics(advisory(event)))
    assert str(vevent["SUMMARY"]) == "Title; with, a backslash \\ END:VEVENT"
    # A CR LF comes back as one line break (the model refuses a CR anyway): inside the value, not a new line.
    assert str(vevent["LOCATION"]) == event_location(event).replace("\r\n", "\n")
    assert str(vevent["LOCATION"]).startswith(hostile.replace("\r\n", "\n") + ", Line one;, END:VEVENT")
    assert str(vevent["UID"]) == "report-launch@press.example.org"
    assert "ATTENDEE" not in vevent and "ATTACH" not in vevent
    assert [c.name for c in calendar.walk()] == ["VCALENDAR", "VEVENT"]
    assert "ATTENDEE;RSVP=TRUE:mailto:x@example.org" in str(vevent["DESCRIPTION"])


def _message(release: Release, options: RenderOptions | None = None):  # type: ignore[no-untyped-def]
    data = RenderSession(options or RenderOptions()).render(release, "eml")
    assert isinstance(data, bytes)
    return BytesParser(policy=policy.default).parsebytes(data)


def test_the_email_attaches_the_calendar_file() -> None:
    message = _message(advisory())
    assert message.get_content_type() == "multipart/mixed"
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    assert part.get_param("method") == "PUBLISH" and part.get_param("charset") == "utf-8"
    assert part.get_filename() == "report-launch.ics" and part.get_content_disposition() == "attachment"
    assert part.get_payload(decode=True) == ics(advisory())
    with_pdf = _message(advisory(), RenderOptions(attach_pdf=True))
    assert [p.get_content_type() for p in with_pdf.iter_attachments()] == ["application/pdf", "text/calendar"]


def test_an_email_without_an_event_attaches_nothing() -> None:
    message = _message(advisory(None))
    assert message.get_content_type() == "multipart/alternative"
    assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]


# -- the build --------------------------------------------------------------------------------------

ORG_FILE = ("name: Example Press Office\nwebsite: https://press.example.org\n"
            "contacts:\n  - name: Ada Example\n    email: press@example.org\n")
WITHOUT = "---\nheadline: Example opens a new office\ndateline:\n  city: Geneva\n  date: 2017-05-02\n---\nA body.\n"
WITH = ("---\nkind: Media Advisory\nheadline: Launch of the report\ndateline:\n  city: Phnom Penh\n  date: 2017-05-02\n"
        "event:\n  title: Launch of the 2017 Human Rights Report\n  start: 2017-05-09 10:00 Asia/Phnom_Penh\n"
        "  end: 2017-05-09 12:00 Asia/Phnom_Penh\n  venue: Sunway Hotel\n  address: |\n    No. 1, Street 92\n"
        "    Phnom Penh\n  online: https://example.org/live\n---\nThe report is launched next week.\n")


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "organisation.yaml").write_text(ORG_FILE, encoding="utf-8")
    (folder / "office.md").write_text(WITHOUT, encoding="utf-8")
    return folder


def test_a_release_without_an_event_builds_no_ics_and_stays_fresh(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, printed, errors = cli("build", str(sources), "-o", str(out), "-f", "html,txt,ics,eml")
    assert code == 0, errors
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "office.eml", "office.html", "office.txt", "releases.json"]
    assert errors == "" and "warning" not in printed
    catalogue = json.loads((out / "releases.json").read_text(encoding="utf-8"))
    assert set(catalogue["releases"][0]["outputs"]) == {"html", "txt", "eml"}
    report = build([sources], BuildOptions(out_dir=out, formats=("html", "txt", "ics", "eml")))
    assert len(report.unchanged) == 1 and not report.built


def test_ics_alone_for_a_release_without_an_event(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, printed, errors = cli("build", str(sources), "-o", str(out), "-f", "ics")
    assert code == 0 and errors == "", errors
    assert "no files" in printed
    assert not list(out.glob("*.ics"))
    assert json.loads((out / "releases.json").read_text(encoding="utf-8"))["releases"] == []
    report = build([sources], BuildOptions(out_dir=out, formats=("ics",)))
    assert len(report.unchanged) == 1 and not report.built


def _parser_reads_events(path: Path) -> bool:
    return load(path).event is not None


def test_the_build_writes_the_ics_beside_the_others_and_attaches_it(sources: Path, tmp_path: Path) -> None:
    advisory_source = sources / "advisory.md"
    advisory_source.write_text(WITH, encoding="utf-8")
    if not _parser_reads_events(advisory_source):
        pytest.skip("the source parser does not read event: yet (it is being written on main)")
    out = tmp_path / "out"
    code, _, errors = cli("build", str(sources), "-o", str(out), "-f", "html,txt,ics,eml")
    assert code == 0, errors
    stem = out / load(advisory_source).name
    data = stem.with_suffix(".ics").read_bytes()
    _, event = parsed(data)
    assert str(event["SUMMARY"]) == "Launch of the 2017 Human Rights Report"
    assert event.decoded("DTSTART") == dt.datetime(2017, 5, 9, 10, tzinfo=PHNOM_PENH)
    assert not (out / "office.ics").exists()
    message = BytesParser(policy=policy.default).parsebytes(stem.with_suffix(".eml").read_bytes())
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    assert part.get_payload(decode=True) == data
    assert len(build([sources], BuildOptions(out_dir=out, formats=("html", "txt", "ics", "eml"))).unchanged) == 2
    # The event taken out: the release is rebuilt and its old calendar file removed.
    advisory_source.write_text(WITH.split("event:")[0] + "---\nThe report is launched next week.\n", encoding="utf-8")
    assert build([sources], BuildOptions(out_dir=out, formats=("html", "txt", "ics", "eml"))).ok
    assert not stem.with_suffix(".ics").exists() and stem.with_suffix(".html").exists()


# -- any text ---------------------------------------------------------------------------------------

ONE_LINE = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60) | st.sampled_from(
    ["a;b", "a,b", "a\\b", "\\n", "\\;", "END:VEVENT", "BEGIN:VEVENT", " x ", "é" * 80])
MANY_LINES = st.lists(ONE_LINE | st.just(""), max_size=5).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ONE_LINE, venue=ONE_LINE | st.just(""), address=MANY_LINES, details=MANY_LINES)
@example(title="C:\\New \\N", venue="a\\Nb", address="", details="\\N")  # icalendar reads a literal \N as a line break
def test_any_text_round_trips_in_one_vevent(title: str, venue: str, address: str, details: str) -> None:
    try:
        event = Event(title=title, start=dt.date(2017, 5, 9), venue=venue, address=address, details=details)
    except PressReleaseError:
        assume(False)  # text the model refuses (control characters, a line break in a one-line field)
        return
    calendar, vevent = parsed(ics(advisory(event)))
    assert [c.name for c in calendar.walk()] == ["VCALENDAR", "VEVENT"]
    assert str(vevent["SUMMARY"]) == title
    location, description = event_location(event), event_description(event)
    assert str(vevent.get("LOCATION", "")) == location
    assert str(vevent.get("DESCRIPTION", "")) == description
    if venue.strip():
        assert location.startswith(venue.strip())
    expected = {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER"}
    expected |= {"LOCATION"} if location else set()
    expected |= {"DESCRIPTION"} if description else set()
    assert set(vevent) == expected


def test_an_email_skipped_with_a_warning_is_tried_and_warns_again(sources: Path, tmp_path: Path) -> None:
    """Unlike a quiet skip, a warned one leaves the release stale: the warning is repeated until it is fixed."""
    (sources / "organisation.yaml").write_text("name: Example Press Office\n", encoding="utf-8")
    options = BuildOptions(out_dir=tmp_path / "out", formats=("txt", "ics", "eml"))
    for _ in range(2):
        report = build([sources], options)
        assert report.ok and len(report.built) == 1
        assert [p.severity for p in report.all_problems] == ["warning"]
        assert "sender" in report.all_problems[0].message
    assert sorted(p.name for p in (tmp_path / "out").glob("office.*")) == ["office.txt"]


def test_the_manifest_keeps_the_quiet_formats() -> None:
    from pressrelease.build.manifest import Entry

    entry = Entry("context", quiet=("ics",))
    assert Entry.from_json(json.loads(json.dumps(entry.to_json()))).quiet == ("ics",)
    assert Entry.from_json({"context": "c"}).quiet == ()  # a manifest written before


def test_the_page_links_the_calendar_file_only_when_the_build_writes_it(tmp_path: Path) -> None:
    from pressrelease.cli.app import main as cli

    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "organisation.yaml").write_text("name: Example\nemail: press@example.org\n", encoding="utf-8")
    (folder / "advisory.md").write_text(
        "---\nkind: Media Advisory\nheadline: Briefing\ndateline: {date: 2017-05-08}\n"
        "event: {title: Briefing, start: 2017-05-09 10:00 Asia/Phnom_Penh}\n---\nBody.\n", encoding="utf-8")
    quiet = io.StringIO()
    assert cli(["build", str(folder), "-o", str(tmp_path / "html"), "-f", "html"], out=quiet, err=quiet) == 0
    assert "Add to calendar" not in (tmp_path / "html" / "advisory.html").read_text(encoding="utf-8")
    assert not (tmp_path / "html" / "advisory.ics").exists()
    assert cli(["build", str(folder), "-o", str(tmp_path / "all")], out=quiet, err=quiet) == 0
    assert '<a href="advisory.ics" download>' in (tmp_path / "all" / "advisory.html").read_text(encoding="utf-8")
    assert (tmp_path / "all" / "advisory.ics").exists()
