"""YAML errors located where the mistake is; models that validate; py.typed; symlinked source files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressrelease import SourceError, load_organisation

from helpers import MINIMAL
from test_source_errors import one, problems_of


# -- YAML syntax errors: where the construct opened, with where YAML noticed in the hint ---------------


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_unclosed_bracket_is_located_where_it_opened(write_release, monkeypatch, libyaml: bool) -> None:
    import yaml

    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml and yaml.__with_libyaml__)
    path = write_release("kind: [unclosed\n" + MINIMAL + "language: en\n")
    problem = one(path)
    assert (problem.line, problem.col) == (2, 7)  # the '[' after "kind: "
    assert "never closed" in problem.message
    assert "YAML noticed it at line 3, column 9" in problem.hint


@pytest.mark.parametrize(
    ("front_matter", "where", "message"),
    [
        ("kind: {a: b\n" + MINIMAL, (2, 7), "the mapping opened with '{' here is never closed"),
        ('headline: "unclosed\ndateline:\n  city: Geneva\n  date: 2016-02-19', (2, 11), "quoted text"),
        ("headline: 'unclosed\ndateline:\n  city: Geneva\n  date: 2016-02-19", (2, 11), "quoted text"),
        ("headline: x\nno colon here\ndateline: {city: G, date: 2016-02-19}", (3, 1), "expected ':'"),
    ],
    ids=["flow-mapping", "double-quote", "single-quote", "simple-key"],
)
def test_unclosed_constructs_point_at_their_opening(write_release, front_matter: str, where: tuple[int, int],
                                                    message: str) -> None:
    problem = one(write_release(front_matter))
    assert (problem.line, problem.col) == where
    assert message in problem.message
    assert "YAML noticed it at line" in problem.hint


@pytest.mark.parametrize(
    ("front_matter", "where", "hint"),
    [
        (MINIMAL + 'subheadline: "bad \\q escape"\n', (6, 19), "backslash"),
        ("headline: x\ndateline:\n  city: Geneva\n date: 2016-02-19\n", (5, 2), "indentation"),
        ("headline: x\ndateline:\n\tcity: Geneva\n", (4, 1), "tabs"),
        (MINIMAL + "tags:\n  - a\n  b: c\n", (8, 3), "indentation"),
        (MINIMAL + "subheadline: Talks: a new round\n", (6, 19), "quotes"),
    ],
    ids=["escape", "indentation", "tab", "block-list", "colon"],
)
def test_local_mistakes_stay_where_they_are(write_release, front_matter: str, where: tuple[int, int],
                                            hint: str) -> None:
    problem = one(write_release(front_matter))
    assert (problem.line, problem.col) == where
    assert hint in problem.hint


def test_a_control_character_is_located_at_its_line_and_column(write_release) -> None:
    problem = one(write_release(MINIMAL + "subheadline: ok\x07 then\n"))
    assert (problem.line, problem.col) == (6, 16)
    assert "U+0007" in problem.message
    assert "position" not in problem.message  # no PyYAML internals


def organisation_problem(org: Path, text: str):  # type: ignore[no-untyped-def]
    org.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_organisation(org)
    (problem,) = caught.value.problems
    return problem


def test_organisation_file_errors_are_located(tmp_path: Path) -> None:
    org = tmp_path / "organisation.yaml"
    problem = organisation_problem(org, "name: X\ncontacts: [\n  {name: A}\nwebsite: https://x.org\n")
    assert (problem.line, problem.col) == (2, 11)
    assert "YAML noticed it at line 4" in problem.hint
    problem = organisation_problem(org, "name: X\n---\nname: Y\n")
    assert (problem.line, problem.col) == (2, 1)
    assert "second YAML document" in problem.message


@pytest.mark.parametrize(
    "front_matter",
    ["kind: [x\n", "headline: 'x\n", "a: b\n c\n", "- a\nb: c\n", "headline: \x01\n", "x: !!binary AAAA\n",
     "? [a]\n: b\n", "a: &x 1\nb: *x\n", "%YAML 1.1\n", "a: \"\\xZZ\"\n", "a: b: c\n", "]\n", "a:\n  - b\n - c\n"],
)
def test_no_yaml_problem_is_located_at_zero(write_release, front_matter: str) -> None:
    for problem in problems_of(write_release(front_matter)):
        assert problem.line >= 1 and problem.col >= 1, problem


# -- models built in code validate as sources do ------------------------------------------------------

import datetime as dt  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import zipfile  # noqa: E402

from pressrelease import Contact, Phone, Dateline, Organisation, Photo, Release, render_html, render_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def release(**overrides):  # type: ignore[no-untyped-def]
    fields = dict(headline="Example opens a new office", dateline=Dateline(city="Geneva", date=dt.date(2016, 2, 19)),
                  body="It opened today.", organisation=Organisation(name="Example"))
    fields.update(overrides)
    return Release(**fields)


def test_one_phone_string_is_one_phone() -> None:
    contact = Contact(name="Ada", phones="+41 22 919 41 58")
    assert contact.phones == (Phone("+41 22 919 41 58"),)
    assert "Tel: +41 22 919 41 58" in render_text(release(contacts=[contact]))


def test_a_bad_email_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match=r"Contact\.email"):
        Contact(name="Ada", email="nobody")


def test_an_iso_date_string_is_a_date() -> None:
    assert Dateline(city="Geneva", date="2016-02-19").date == dt.date(2016, 2, 19)
    with pytest.raises(ValueError, match=r"Dateline\.date"):
        Dateline(city="Geneva", date="19/02/2016")


def test_a_photo_file_string_is_a_path() -> None:
    assert Photo(file="x.jpg").file == Path("x.jpg")


def test_a_relative_photo_is_found_from_base_dir() -> None:
    folder = ROOT / "releases"
    photo = Photo(file="photos/placeholder-ipu-cambodia-mission.jpg", alt="a")
    made = release(photos=[photo], base_dir=folder)
    assert made.photos[0].file == folder / "photos/placeholder-ipu-cambodia-mission.jpg"
    assert "<img" in render_html(made)


def test_py_typed_is_in_the_wheel(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(tmp_path), "--no-deps", "-q"],
                   check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    assert "pressrelease/py.typed" in zipfile.ZipFile(wheel).namelist()


def test_a_symlinked_organisation_file_pointing_outside_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: token-1234-secret\n", encoding="utf-8")
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "organisation.yaml").symlink_to(secret)
    (folder / "r.md").write_text("---\n" + MINIMAL + "---\nBody.\n", encoding="utf-8")
    problems = problems_of(folder / "r.md")
    assert any("symbolic link" in p.message and p.line >= 1 for p in problems), problems
    assert not any("token-1234" in str(p) for p in problems)
