"""Loading: organisation files found, named and overridden; every field carried."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressrelease import SourceError, load, parse
from pressrelease.source import Loader

from helpers import MINIMAL, RIVERSIDE


def test_reference_release_fields(reference) -> None:  # type: ignore[no-untyped-def]
    assert reference.kind == "Press Release"
    assert reference.headline == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
    assert (reference.dateline.city, reference.date.isoformat()) == ("Geneva", "2016-02-19")
    assert reference.language == "en-GB"
    photo = reference.photos[0]
    assert photo.file.name == "placeholder-ipu-cambodia-mission.jpg"
    assert photo.credit == "©IPU"
    assert photo.caption.endswith("Sar Kheng (second from left).")
    contact = reference.media_contacts[0]
    assert (contact.organisation, contact.name, contact.role) == ("IPU", "Jemini Pandya", "Director of Communications")
    assert tuple(map(str, contact.phones)) == ("+41 22 919 41 58", "+41 79 217 33 74")
    assert contact.email == "jep@ipu.org"
    assert reference.organisation.boilerplate.startswith("The Inter-Parliamentary Union (IPU) is the global")
    assert reference.house_style.dateline == "line"
    assert reference.origin is not None and reference.origin.locate("photos[0].credit") == (15, 5)


def test_rich_release_fields() -> None:
    release = load(RIVERSIDE)
    assert release.embargo is not None and release.embargo.zone_name == "Asia/Phnom_Penh"
    assert release.subheadline.startswith("Two-year pilot")
    assert release.notes_to_editors.startswith("- The evaluation")
    assert release.organisation.logo is not None and release.organisation.logo.name == "logo.svg"
    assert release.organisation.address == "12 Preah Sisowath Quay\nPhnom Penh, Cambodia"


def test_organisation_found_in_a_parent_folder(release_dir: Path) -> None:
    (release_dir / "2016").mkdir()
    path = release_dir / "2016" / "r.md"
    path.write_text(f"---\n{MINIMAL}---\nBody\n", encoding="utf-8")
    assert load(path).organisation.name == "Example Press Office"


def test_organisation_named_by_path(write_release, release_dir: Path) -> None:
    (release_dir / "partners").mkdir()
    (release_dir / "partners" / "other.yaml").write_text("name: Other Org\n", encoding="utf-8")
    path = write_release(MINIMAL + "organisation: partners/other.yaml\n")
    assert load(path).organisation.name == "Other Org"


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../../../etc/passwd", "/etc/hostname.yaml",
                                  "../../../../../../root/.config/x.yaml"])
def test_organisation_file_outside_is_never_read(write_release, name: str) -> None:
    with pytest.raises(SourceError) as caught:
        load(write_release(MINIMAL + f"organisation: {name}\n"))
    problem = caught.value.problems[0]
    assert problem.line == 6 and problem.code == "organisation"
    assert "root:" not in str(caught.value)


def test_organisation_named_but_missing(write_release) -> None:
    with pytest.raises(SourceError) as caught:
        load(write_release(MINIMAL + "organisation: nowhere.yaml\n"))
    assert caught.value.problems[0].message == "organisation file 'nowhere.yaml' does not exist"


def test_release_overrides_organisation_fields(write_release) -> None:
    release = load(write_release(MINIMAL + "organisation:\n  boilerplate: Another about text.\n"
                                           "  style: {paper: letter}\n"))
    assert release.organisation.name == "Example Press Office"
    assert release.organisation.boilerplate == "Another about text."
    assert release.house_style.paper == "letter"
    assert release.media_contacts[0].name == "Ada Example"


def test_release_contacts_replace_the_defaults(write_release) -> None:
    release = load(write_release(MINIMAL + "contacts:\n  - name: Bob\n    phones: +41 22 111 11 11\n"))
    assert [c.name for c in release.media_contacts] == ["Bob"]
    assert tuple(map(str, release.media_contacts[0].phones)) == ("+41 22 111 11 11",)


def test_organisation_inline_without_a_file(tmp_path: Path) -> None:
    release = parse(f"---\n{MINIMAL}organisation:\n  name: Inline Org\n---\nBody\n", base_dir=tmp_path)
    assert release.organisation.name == "Inline Org"


def test_organisation_file_read_once_per_loader(release_dir: Path) -> None:
    for name in ("a.md", "b.md"):
        (release_dir / name).write_text(f"---\n{MINIMAL}---\nBody\n", encoding="utf-8")
    loader = Loader()
    first = loader.load(release_dir / "a.md").organisation
    second = loader.load(release_dir / "b.md").organisation
    assert first is second


