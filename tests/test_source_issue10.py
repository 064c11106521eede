"""Reading issue 10's fields from sources: kinds and labels, datelines, embargoes, partners, events, phones.

Each field is read into the model, and each mistake is one located problem with a hint.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pytest

from pressrelease import SourceError, load
from pressrelease.model import Phone

WriteRelease = Callable[..., Path]


def problems_of(path: Path) -> list[tuple[int, str, str]]:
    with pytest.raises(SourceError) as caught:
        load(path)
    assert all(p.hint for p in caught.value.problems), caught.value.problems
    return [(p.line, p.code, p.message) for p in caught.value.problems]


# -- kind and label -------------------------------------------------------------------------------


@pytest.mark.parametrize("lines,kind,label,kind_id", [
    ("", "", None, "press-release"),
    ("kind: Press Release", "Press Release", None, "press-release"),
    ("kind: media advisory", "media advisory", None, "media-advisory"),
    ("kind: Communiqué", "Communiqué", None, "communique"),
    ("kind: Readout\nlabel: Readout of the call", "Readout", "Readout of the call", None),
    ("label: false", "", "", "press-release"),
    ("kind: Statement\nlabel: ''", "Statement", "", "statement"),
    ("label: 'false'", "", "false", "press-release"),  # quoted: the word itself
    ("kind: Statement\nlabel: true", "Statement", None, "statement"),  # true: the kind's name, as without
])
def test_kind_and_label(write_release: WriteRelease, lines: str, kind: str, label: str | None,
                        kind_id: str | None) -> None:
    release = load(write_release(f"headline: H\ndateline: {{city: Geneva, date: 2016-02-19}}\n{lines}"))
    assert (release.kind, release.label, release.kind_id) == (kind, label, kind_id)


# -- dateline ---------------------------------------------------------------------------------------


def test_a_dateline_without_a_city(write_release: WriteRelease) -> None:
    release = load(write_release("headline: H\ndateline: {date: 2016-02-19}"))
    assert release.dateline is not None
    assert (release.dateline.city, release.date, release.dateline.precision) == ("", dt.date(2016, 2, 19), "day")


def test_a_month_dateline(write_release: WriteRelease) -> None:
    release = load(write_release("headline: H\nkind: Statement\ndateline: {date: 2019-11}"))
    assert release.dateline is not None
    assert (release.date, release.dateline.precision) == (dt.date(2019, 11, 1), "month")


def test_an_advisory_dated_only_by_its_embargo(write_release: WriteRelease) -> None:
    release = load(write_release("headline: H\nembargo: 2016-02-19 10:00 Europe/Zurich"))
    assert release.dateline is None
    assert release.date == dt.date(2016, 2, 19)


@pytest.mark.parametrize("dateline,line,words", [
    ("dateline: {date: 2019-13}", 3, "not a real month"),
    ("dateline: {date: 2019-11-31}", 3, "not a real date"),
    ("dateline: {date: November 2019}", 3, "YYYY-MM-DD"),
    ("dateline: {city: Geneva}", 3, "missing required field 'dateline.date'"),
    ("tags: [a]", 2, "missing required field 'dateline'"),
])
def test_dateline_mistakes(write_release: WriteRelease, dateline: str, line: int, words: str) -> None:
    found = problems_of(write_release(f"headline: H\n{dateline}"))
    assert any(at == line and words in message for at, _, message in found), found


# -- embargo ------------------------------------------------------------------------------------------


def test_a_date_only_embargo_starts_at_midnight_in_the_organisations_zone(release_dir: Path,
                                                                         write_release: WriteRelease) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "timezone: America/New_York\n", encoding="utf-8")
    release = load(write_release("headline: H\ndateline: {date: 2021-10-14}\nembargo: 2021-10-14"))
    assert release.embargo is not None and release.embargo.date_only
    assert release.embargo.until.isoformat() == "2021-10-14T00:00:00-04:00"
    assert release.embargo.zone_name == "America/New_York"


def test_a_date_only_embargo_without_a_zone_says_how_to_add_one(write_release: WriteRelease) -> None:
    found = problems_of(write_release("headline: H\ndateline: {date: 2021-10-14}\nembargo: 2021-10-14"))
    assert [(line, code) for line, code, _ in found] == [(4, "embargo")]
    assert "has no timezone" in found[0][2]


# -- style ---------------------------------------------------------------------------------------------


def test_style_fields(write_release: WriteRelease) -> None:
    release = load(write_release(
        "headline: H\ndateline: {city: Phnom Penh, date: 2017-05-09}\nstyle:\n  dateline: line\n"
        "  dateline_format: '{city} ({date})'\n  embargo_zones: [America/New_York, Asia/Tokyo]\n"
        "  sections: [disclaimer, boilerplates, contacts]"))
    style = release.house_style
    assert (style.dateline, style.dateline_format) == ("line", "{city} ({date})")
    assert style.embargo_zones == ("America/New_York", "Asia/Tokyo")
    assert style.sections == ("disclaimer", "boilerplates", "contacts")


@pytest.mark.parametrize("style,words", [
    ("dateline: never", "must be one of lead, line, none"),
    ("dateline_format: '{town}, {date}'", "is not a dateline format"),
    ("dateline_format: '{city} {CITY} {date}'", "is not a dateline format"),
    ("dateline_format: '{city} –'", "is not a dateline format"),
    ("embargo_zones: [Mars/Olympus]", "is not an IANA time zone"),
    ("embargo_zones: [Europe]", "is not an IANA time zone"),
    ("sections: [contacts, contacts]", "lists contacts twice"),
    ("sections: [about]", "must be one of"),
])
def test_style_mistakes(write_release: WriteRelease, style: str, words: str) -> None:
    found = problems_of(write_release(f"headline: H\ndateline: {{date: 2016-02-19}}\nstyle:\n  {style}"))
    assert [line for line, _, message in found if words in message] == [5], found


# -- organisation file ------------------------------------------------------------------------------------


def test_organisation_email_zone_heading_and_footer(release_dir: Path, write_release: WriteRelease) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "email: press@example.org\ntimezone: Europe/Zurich\n"
                   "about_heading: About Example\nfooter: |\n  © 2016 Example. All rights reserved.\n",
                   encoding="utf-8")
    release = load(write_release("headline: H\ndateline: {date: 2016-02-19}"))
    organisation = release.organisation
    assert (organisation.email, organisation.timezone) == ("press@example.org", "Europe/Zurich")
    assert organisation.about_heading == "About Example"
    assert organisation.footer.startswith("© 2016 Example")


@pytest.mark.parametrize("line,words", [
    ("email: press at example.org", "is not an email address"),
    ("timezone: CET+1", "is not an IANA time zone"),
    ("timezone: Europe/Atlantis", "is not an IANA time zone"),
])
def test_organisation_mistakes(release_dir: Path, write_release: WriteRelease, line: str, words: str) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    found = problems_of(write_release("headline: H\ndateline: {date: 2016-02-19}"))
    assert [at for at, _, message in found if words in message] == [11], found


# -- partners and contacts ---------------------------------------------------------------------------------


PARTNER = """\
name: Yubico
website: https://www.yubico.com
about_heading: About Yubico
boilerplate: Yubico sets new global standards for simple and secure access.
contacts:
  - name: Yubico Press
    email: press@yubico.com
"""


def test_partners_from_a_file_and_inline(release_dir: Path, write_release: WriteRelease) -> None:
    (release_dir / "yubico").mkdir()
    (release_dir / "yubico" / "organisation.yaml").write_text(PARTNER, encoding="utf-8")
    release = load(write_release(
        "headline: H\ndateline: {date: 2016-02-19}\npartners:\n  - yubico/organisation.yaml\n"
        "  - name: FIDO Alliance\n    boilerplate: The FIDO Alliance ...\n    contacts:\n      - name: Fido Press\n"
        "        group: FIDO Media Contact\n"))
    assert [org.name for org in release.organisations] == ["Example Press Office", "Yubico", "FIDO Alliance"]
    assert release.partners[0].about_heading == "About Yubico"
    assert [c.name for c in release.media_contacts] == ["Ada Example", "Yubico Press", "Fido Press"]
    assert release.media_contacts[2].group == "FIDO Media Contact"


@pytest.mark.parametrize("partner,words", [
    ("/etc/passwd.yaml", "partners '/etc/passwd.yaml' is not a relative path to a .yaml file"),
    ("../outside/organisation.yaml", "does not exist"),
    ("nothing.yaml", "does not exist"),
    ("{website: https://x.org}", "missing required field 'partners[0].name'"),
    ("{name: X, colour: red}", "unknown field 'partners[0].colour'"),
    ("{name: example press office}", "partners[0] is the issuing organisation (example press office)"),
    ("organisation.yaml", "partners[0] is the issuing organisation (Example Press Office)"),
])
def test_partner_mistakes(write_release: WriteRelease, partner: str, words: str) -> None:
    found = problems_of(write_release(f"headline: H\ndateline: {{date: 2016-02-19}}\npartners:\n  - {partner}"))
    assert any(line == 5 and words in message for line, _, message in found), found


def test_a_partner_named_twice_is_an_error(write_release: WriteRelease) -> None:
    found = problems_of(write_release(
        "headline: H\ndateline: {date: 2016-02-19}\npartners:\n  - {name: Yubico}\n  - {name: YUBICO}"))
    assert [(line, message) for line, _, message in found] == [(6, "partners[1] is a partner named before it (YUBICO)")]


def test_a_partner_file_outside_the_project_is_never_read(tmp_path: Path, release_dir: Path,
                                                           write_release: WriteRelease) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "organisation.yaml").write_text(PARTNER, encoding="utf-8")
    found = problems_of(write_release(
        f"headline: H\ndateline: {{date: 2016-02-19}}\npartners:\n  - ../{outside.name}/organisation.yaml"))
    assert any("outside the releases' folder" in message for _, _, message in found)
    assert not any("Yubico" in message for _, _, message in found)


def test_phones_with_notes(write_release: WriteRelease) -> None:
    release = load(write_release(
        "headline: H\ndateline: {date: 2016-02-19}\ncontacts:\n  - name: Ian Jacobs\n    phones:\n"
        "      - +33 4 92 38 75 94\n      - {number: +1.617.253.5628, note: 'US, Eastern Time'}\n"))
    phones = release.media_contacts[0].phones
    assert phones == (Phone("+33 4 92 38 75 94"), Phone("+1.617.253.5628", "US, Eastern Time"))
    assert str(phones[1]) == "+1.617.253.5628 (US, Eastern Time)"
    assert phones[1].tel == "+16172535628"


@pytest.mark.parametrize("phone,words", [
    ("{note: Geneva}", "missing required field"),
    ("{number: call me}", "is not a phone number"),
    ("{number: +41 22 000 00 00, fax: 1}", "unknown field"),
])
def test_phone_mistakes(write_release: WriteRelease, phone: str, words: str) -> None:
    found = problems_of(write_release(
        f"headline: H\ndateline: {{date: 2016-02-19}}\ncontacts:\n  - name: A\n    phones:\n      - {phone}"))
    assert any(line == 7 and words in message for line, _, message in found), found


# -- deck, event, parts after the body --------------------------------------------------------------------


def test_a_deck_of_two_lines(write_release: WriteRelease) -> None:
    release = load(write_release("headline: H\ndateline: {date: 2016-02-19}\nsubheadline:\n  - One\n  - Two"))
    assert release.deck == ("One", "Two")
    assert release.subheadline == "One\nTwo"


def test_an_event(write_release: WriteRelease) -> None:
    release = load(write_release(
        "headline: H\nkind: Media Advisory\ndateline: {date: 2017-05-08}\nevent:\n  title: Launch\n"
        "  start: 2017-05-09 10:00 Asia/Phnom_Penh\n  end: 2017-05-09 12:00 Asia/Phnom_Penh\n  venue: Sunway Hotel\n"
        "  address: |\n    No. 1, Street 92\n    Phnom Penh\n  online: https://example.org/live\n"
        "  details: |\n    **Who:** the Minister.\n"))
    event = release.event
    assert event is not None and not event.all_day
    assert (event.start.isoformat(), event.venue) == ("2017-05-09T10:00:00+07:00", "Sunway Hotel")
    assert event.address == "No. 1, Street 92\nPhnom Penh" and event.details.startswith("**Who:**")


def test_an_all_day_event(write_release: WriteRelease) -> None:
    release = load(write_release(
        "headline: H\ndateline: {date: 2017-05-08}\nevent: {title: Fair, start: 2017-05-09, end: 2017-05-11}"))
    assert release.event is not None and release.event.all_day
    assert release.event.end == dt.date(2017, 5, 11)


@pytest.mark.parametrize("event,words", [
    ("{title: T, start: 2017-05-09 10:00}", "has no time zone"),
    ("{title: T, start: 2017-05-09, end: 2017-05-09 12:00 UTC}", "must be a day when the start is a day"),
    ("{title: T, start: 2017-05-09 10:00 UTC, end: 2017-05-09 09:00 UTC}", "is before event.start"),
    ("{title: T, start: tomorrow}", "is not a date and time"),
    ("{start: 2017-05-09}", "missing required field 'event.title'"),
    ("{title: T, start: 2017-05-09, online: ftp://x}", "is not a web address"),
])
def test_event_mistakes(write_release: WriteRelease, event: str, words: str) -> None:
    found = problems_of(write_release(f"headline: H\ndateline: {{date: 2016-02-19}}\nevent: {event}"))
    assert any(line == 4 and words in message for line, _, message in found), found


def test_disclaimer_and_footer(write_release: WriteRelease) -> None:
    release = load(write_release(
        "headline: H\ndateline: {date: 2016-02-19}\ndisclaimer: |\n  This press release contains forward-looking "
        "statements.\nfooter: © 2016 Example."))
    assert release.disclaimer.startswith("This press release contains")
    assert release.footer == "© 2016 Example."


@pytest.mark.parametrize("field", ["disclaimer", "footer", "notes_to_editors"])
def test_an_image_outside_in_a_part_after_the_body_is_located(write_release: WriteRelease, field: str) -> None:
    found = problems_of(write_release(
        f"headline: H\ndateline: {{date: 2016-02-19}}\n{field}: |\n  See ![map](../../etc/map.png)"))
    assert [line for line, code, _ in found if code.startswith("image") or code.startswith("file")] == [5], found


def test_every_mistake_of_a_file_at_once(write_release: WriteRelease) -> None:
    found = problems_of(write_release(
        "headline: H\ndateline: {date: 2019-13}\nembargo: 2021-10-14\nevent: {title: T, start: soon}\n"
        "partners: [nothing.yaml]\nstyle: {dateline: never}"))
    assert [line for line, _, _ in found] == [3, 4, 5, 6, 7]
