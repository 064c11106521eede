"""The models: built directly by programs, immutable, with their invariants."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pressrelease import Contact, Dateline, Embargo, Organisation, Release, Style, render_text
from pressrelease.model import Origin, slugify


def make(**overrides) -> Release:  # type: ignore[no-untyped-def]
    fields = dict(
        headline="Example opens a new office",
        dateline=Dateline(city="Geneva", date=dt.date(2016, 2, 19)),
        body="It opened today.",
        organisation=Organisation(name="Example"),
    )
    fields.update(overrides)
    return Release(**fields)


def test_built_without_a_file_and_rendered() -> None:
    release = make(contacts=[Contact(name="Ada", phones=["+41 22 000 00 00"], email="ada@example.org")])
    assert tuple(map(str, release.contacts[0].phones)) == ("+41 22 000 00 00",)
    text = render_text(release)
    assert "Example opens a new office" in text
    assert "Tel: +41 22 000 00 00" in text


def test_models_are_immutable() -> None:
    release = make(tags=["a"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        release.headline = "changed"  # type: ignore[misc]
    assert release.tags == ("a",)
    org = Organisation(name="X", labels={"en": {"kind": "Media advisory"}})
    with pytest.raises(TypeError):
        org.labels["en"]["kind"] = "changed"  # type: ignore[index]


def test_embargo_must_be_aware() -> None:
    with pytest.raises(ValueError, match="time zone"):
        Embargo(until=dt.datetime(2016, 2, 19, 10, 0))
    embargo = Embargo(until=dt.datetime(2016, 2, 19, 10, 0, tzinfo=ZoneInfo("Europe/Zurich")))
    assert embargo.zone_name == "Europe/Zurich"
    assert embargo.utc == dt.datetime(2016, 2, 19, 9, 0, tzinfo=dt.timezone.utc)
    assert embargo.is_past(dt.datetime(2016, 2, 19, 9, 0, tzinfo=dt.timezone.utc))
    assert not embargo.is_past(dt.datetime(2016, 2, 19, 8, 59, tzinfo=dt.timezone.utc))


def test_invariants() -> None:
    with pytest.raises(ValueError):
        make(headline="  ")
    with pytest.raises(ValueError):
        Contact(name="")
    with pytest.raises(TypeError):
        Dateline(city="Geneva", date=dt.datetime(2016, 2, 19))
    with pytest.raises(ValueError):
        Style(accent_colour="red; background: url(x)")
    with pytest.raises(ValueError):
        Style(font_family='x"; }')
    with pytest.raises(ValueError):
        Style(paper="a3")  # type: ignore[arg-type]


def test_contacts_fall_back_to_the_organisation() -> None:
    default = Contact(name="Press office")
    own = Contact(name="Ada")
    org = Organisation(name="Example", contacts=[default])
    assert make(organisation=org).media_contacts == (default,)
    assert make(organisation=org, contacts=[own]).media_contacts == (own,)


def test_style_falls_back_to_the_organisation() -> None:
    org = Organisation(name="Example", style=Style(paper="letter"))
    assert make(organisation=org).house_style.paper == "letter"
    assert make(organisation=org, style=Style(paper="a4")).house_style.paper == "a4"


def test_output_name() -> None:
    assert make().name == "2016-02-19-example-opens-a-new-office"
    assert make(slug="custom").name == "custom"
    assert slugify("IPU Cambodia mission urges dialogue to resolve MPs’ cases") == "ipu-cambodia-mission-urges-dialogue-to"
    assert slugify("Café « déjà » vu") == "cafe-deja-vu"
    assert slugify("!!!") == "release"


def test_organisation_domain() -> None:
    assert Organisation(name="X", website="https://www.ipu.org/news").domain == "ipu.org"
    assert Organisation(name="X", contacts=[Contact(name="A", email="a@Example.ORG")]).domain == "example.org"
    assert Organisation(name="X").domain == ""


def test_origin_locates_fields_and_text() -> None:
    origin = Origin(Path("r.md"), "---\nheadline: x\nphotos:\n  - file: a.png\n---\nBody a.png\n", 6,
                    {"photos": (3, 1), "photos[0].file": (4, 5)})
    assert origin.locate("photos[0].file") == (4, 5)
    assert origin.locate("photos[0].caption") == (3, 1)
    assert origin.find("a.png") == (4, 11)
    assert origin.find("a.png", from_line=6) == (6, 6)
    assert origin.find("missing") is None


def test_equality_ignores_origin(reference: Release) -> None:
    assert dataclasses.replace(reference, origin=None) == reference


def test_public_names_are_all_exported() -> None:
    import pressrelease

    exported = {name for names in pressrelease._EXPORTS.values() for name in names}
    assert set(pressrelease.__all__) == exported | {"__version__"}
    for name in pressrelease.__all__:
        assert getattr(pressrelease, name) is not None
    with pytest.raises(AttributeError):
        pressrelease.no_such_name  # noqa: B018
