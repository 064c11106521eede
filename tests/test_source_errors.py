"""Every kind of bad source gets a specific, located problem; all at once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pressrelease import SourceError, load, parse
from pressrelease.cli import main
from pressrelease.errors import Problem

from helpers import MINIMAL


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(SourceError) as caught:
        load(path)
    return list(caught.value.problems)


def one(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


def test_no_front_matter(release_dir: Path) -> None:
    path = release_dir / "r.md"
    path.write_text("Just a body.\n", encoding="utf-8")
    problem = one(path)
    assert (problem.line, problem.col) == (1, 1)
    assert "no front matter" in problem.message
    assert "'---'" in problem.hint


def test_front_matter_never_closed(release_dir: Path) -> None:
    path = release_dir / "r.md"
    path.write_text("---\nheadline: x\nBody\n", encoding="utf-8")
    assert "never closed" in one(path).message


def test_malformed_yaml_points_at_the_line(write_release) -> None:
    path = write_release(MINIMAL + "subheadline: Talks: a new round\n")
    problem = one(path)
    assert (problem.line, problem.col) == (6, 19)
    assert problem.message.startswith("invalid YAML")
    assert "quotes" in problem.hint


def test_tab_indentation_hint(write_release) -> None:
    path = write_release("headline: x\ndateline:\n\tcity: Geneva\n")
    problem = one(path)
    assert problem.line == 4
    assert "tabs" in problem.hint


def test_front_matter_not_a_mapping(write_release) -> None:
    problem = one(write_release("- headline\n- dateline\n"))
    assert (problem.line, problem.col) == (2, 1)
    assert "must be a mapping" in problem.message and "not a list" in problem.message


def test_empty_front_matter(release_dir: Path) -> None:
    path = release_dir / "r.md"
    path.write_text("---\n---\nBody\n", encoding="utf-8")
    problem = one(path)
    assert "empty" in problem.message


def test_missing_required_fields_are_all_reported(write_release) -> None:
    problems = problems_of(write_release("kind: Press Release\n"))
    messages = [p.message for p in problems]
    assert "missing required field 'headline'" in messages
    assert "missing required field 'dateline'" in messages
    assert all(p.line == 2 for p in problems)


def test_missing_nested_field(write_release) -> None:
    problem = one(write_release("headline: x\ndateline:\n  city: Geneva\n"))
    assert problem.message == "missing required field 'dateline.date'"
    assert (problem.line, problem.col) == (4, 3)


def test_unknown_key_suggests_the_nearest(write_release) -> None:
    path = write_release(MINIMAL.replace("headline:", "hedline:"))
    problems = problems_of(path)
    unknown = [p for p in problems if "unknown field" in p.message]
    assert unknown[0].message == "unknown field 'hedline'"
    assert unknown[0].hint == "did you mean 'headline'?"
    assert (unknown[0].line, unknown[0].col) == (2, 1)


def test_misplaced_key_says_where_it_belongs(write_release) -> None:
    problem = one(write_release(MINIMAL + "paper: letter\n"))
    assert problem.hint == "it belongs under 'style:'"


def test_duplicate_key(write_release) -> None:
    problem = one(write_release(MINIMAL + "headline: Again\n"))
    assert problem.message == "headline is given twice (first on line 2)"
    assert problem.line == 6


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("tags: yes", "tags must be a list, not 'yes'"),
        ("photos: photo.jpg", "photos must be a list, not 'photo.jpg'"),
        ("subheadline: {a: b}", "subheadline must be text, not a mapping"),
        ("contacts: {name: A}", "contacts must be a list, not a mapping"),
    ],
)
def test_wrong_type(write_release, line: str, message: str) -> None:
    problem = one(write_release(MINIMAL + line + "\n"))
    assert problem.message == message
    assert problem.line == 6


def test_dateline_must_be_a_mapping(write_release) -> None:
    problem = one(write_release("headline: x\ndateline: Geneva, 19 February 2016\n"))
    assert problem.message.startswith("dateline must be a mapping")
    assert problem.line == 3


def test_yaml_1_1_values_stay_as_typed(write_release) -> None:
    """NO is not false, 12:30 is not 750, a date-like headline is not a date."""
    path = write_release(
        """\
        headline: 2016-02-19
        subheadline: NO
        kind: 12:30
        dateline:
          city: "Oslo"
          date: "2016-02-19"
        tags: [yes, no, 1.10, ~x]
        language: no
        """
    )
    release = load(path)
    assert release.headline == "2016-02-19"
    assert release.subheadline == "NO"
    assert release.kind == "12:30"
    assert release.tags == ("yes", "no", "1.10", "~x")
    assert release.language == "no"  # Norwegian, not False
    assert release.date.isoformat() == "2016-02-19"


def test_boolean_accepts_only_true_and_false(write_release) -> None:
    problem = one(write_release(MINIMAL + "style:\n  release_line: yes\n"))
    assert problem.message == "style.release_line must be true or false, not 'yes'"
    assert "true or false" in problem.hint
    assert (problem.line, problem.col) == (7, 17)


def test_time_where_a_date_belongs(write_release) -> None:
    problem = one(write_release("headline: x\ndateline:\n  city: Geneva\n  date: 12:30\n"))
    assert problem.message == "dateline.date must be a date written YYYY-MM-DD, not '12:30'"
    assert (problem.line, problem.col) == (5, 9)


def test_impossible_date(write_release) -> None:
    problem = one(write_release(MINIMAL.replace("2016-02-19", "2016-02-30")))
    assert problem.message.startswith("dateline.date 2016-02-30 is not a real date")
    assert (problem.line, problem.col) == (5, 9)


def test_embargo_without_zone(write_release) -> None:
    problem = one(write_release(MINIMAL + "embargo: 2016-02-19 10:00\n"))
    assert problem.message == "embargo '2016-02-19 10:00' has no time zone"
    assert "Europe/Zurich" in problem.hint
    assert (problem.line, problem.col) == (6, 10)


def test_embargo_as_yaml_timestamp_without_zone(write_release) -> None:
    problem = one(write_release(MINIMAL + "embargo: 2016-02-19T10:00:00\n"))
    assert "has no time zone" in problem.message


def test_malformed_email(write_release) -> None:
    problem = one(write_release(MINIMAL + "contacts:\n  - name: A\n    email: jep@@ipu\n"))
    assert problem.message == "contacts[0].email 'jep@@ipu' is not an email address"
    assert (problem.line, problem.col) == (8, 12)


def test_bad_phone(write_release) -> None:
    problem = one(write_release(MINIMAL + "contacts:\n  - name: A\n    phones: [call us]\n"))
    assert "is not a phone number" in problem.message


def test_photo_file_missing(write_release) -> None:
    problem = one(write_release(MINIMAL + "photos:\n  - file: nowhere.jpg\n"))
    assert problem.message == "photos[0].file: file 'nowhere.jpg' does not exist"
    assert (problem.line, problem.col) == (7, 11)


def test_photo_that_is_not_an_image(write_release, release_dir: Path) -> None:
    (release_dir / "notes.png").write_text("not a picture", encoding="utf-8")
    problem = one(write_release(MINIMAL + "photos:\n  - file: notes.png\n"))
    assert "is not a PNG, JPEG, GIF or WebP image" in problem.message


def test_not_utf8(release_dir: Path) -> None:
    path = release_dir / "r.md"
    path.write_bytes(b"---\nheadline: Caf\xe9 opens\n---\nBody\n")
    problem = one(path)
    assert (problem.line, problem.col) == (2, 14)
    assert "not valid UTF-8 (byte 0xE9)" in problem.message
    assert "UTF-8" in problem.hint


def test_control_character_in_headline(write_release) -> None:
    problem = one(write_release(MINIMAL.replace("Example opens a new office", '"new\\x1boffice"')))
    assert problem.message == "headline contains a control character (U+001B)"
    assert (problem.line, problem.col) == (2, 11)


def test_unicode_line_separator_is_a_line_break(write_release) -> None:
    problem = one(write_release(MINIMAL.replace("Example opens a new office", '"new\\u2028office"')))
    assert problem.message == "headline must be a single line"


def test_multiline_headline_refused(write_release) -> None:
    problem = one(write_release(MINIMAL.replace("headline: Example opens a new office", "headline: |\n  Two\n  lines")))
    assert problem.message == "headline must be a single line"


def test_unknown_language(write_release) -> None:
    problem = one(write_release(MINIMAL + "language: english\n"))
    assert problem.message == "language 'english' is not a known BCP 47 language tag"


def test_empty_body(write_release) -> None:
    problem = one(write_release(MINIMAL, body="\n  \n"))
    assert problem.message == "the release has no body text"


def test_anchors_and_aliases_refused(write_release) -> None:
    problem = one(write_release(MINIMAL + "subheadline: &a x\nkind: *a\n"))
    assert "anchors" in problem.message


def test_custom_yaml_tags_refused(write_release) -> None:
    problem = one(write_release(MINIMAL + "subheadline: !!python/object/apply:os.system [echo hi]\n"))
    assert "is not supported" in problem.message
    assert problem.line == 6


def test_every_problem_in_a_file_at_once(write_release) -> None:
    path = write_release(
        """\
        hedline: x
        dateline:
          city: Geneva
          date: 2016-13-01
        embargo: 2016-02-19 10:00
        tags: yes
        contacts:
          - name: A
            email: a@b
        photos:
          - file: missing.jpg
        """
    )
    problems = problems_of(path)
    assert [p.line for p in problems] == [2, 2, 5, 6, 7, 10, 12]
    assert all(str(p).startswith(f"{path}:{p.line}:{p.col}: error: ") for p in problems)


def test_no_organisation_file(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(f"---\n{MINIMAL}---\nBody\n", encoding="utf-8")
    problem = one(path)
    assert problem.message == "no organisation file found"
    assert "organisation.yaml" in problem.hint


def test_problems_in_the_organisation_file_name_that_file(write_release, release_dir: Path) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text("name: Example\nwebsite: example.org\n", encoding="utf-8")
    problem = one(write_release(MINIMAL))
    assert problem.path == org
    assert (problem.line, problem.col) == (2, 10)
    assert "is not a web address" in problem.message


def test_crlf_and_bom_are_fine(release_dir: Path) -> None:
    path = release_dir / "r.md"
    text = f"---\n{MINIMAL}---\nBody\n".replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load(path).headline == "Example opens a new office"


def test_file_that_does_not_exist(tmp_path: Path) -> None:
    problem = one(tmp_path / "nope.md")
    assert problem.message == "no such file"


def test_a_file_over_the_size_limit_is_refused_unread(release_dir: Path) -> None:
    from pressrelease.source.frontmatter import MAX_SOURCE_BYTES

    path = release_dir / "huge.md"
    path.write_bytes(MINIMAL.encode() + b"x" * MAX_SOURCE_BYTES)
    problem = one(path)
    assert problem.code == "size"
    assert f"the limit is {MAX_SOURCE_BYTES}" in problem.message


def test_a_pipe_is_read_to_one_byte_past_the_limit(tmp_path: Path) -> None:
    """A file whose size says nothing (a pipe) is read on, and refused once it passes the limit."""
    import os
    import threading

    from pressrelease.source.frontmatter import MAX_SOURCE_BYTES, read_source_bytes

    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)

    def feed(size: int) -> None:
        with open(pipe, "wb") as writer:
            try:
                writer.write(b"x" * size)
            except BrokenPipeError:
                pass

    for size, refused in ((1000, False), (MAX_SOURCE_BYTES + 5, True)):
        feeder = threading.Thread(target=feed, args=(size,))
        feeder.start()
        try:
            if refused:
                with pytest.raises(SourceError) as caught:
                    read_source_bytes(pipe)
                assert caught.value.problems[0].code == "size"
            else:
                assert read_source_bytes(pipe) == b"x" * size
        finally:
            feeder.join()


def test_parse_without_a_file_reports_string(release_dir: Path) -> None:
    with pytest.raises(SourceError) as caught:
        parse("---\nheadline: x\n---\nBody\n", base_dir=release_dir)
    assert str(caught.value.problems[0]).startswith("<string>:2:1: error: missing required field 'dateline'")


def test_font_file_must_be_a_font(write_release, release_dir: Path) -> None:
    (release_dir / "brand.ttf").write_text("not a font", encoding="utf-8")
    problem = one(write_release(MINIMAL + "style:\n  font_family: Brand\n  fonts:\n    - file: brand.ttf\n"))
    assert problem.message == "style.fonts[0].file 'brand.ttf' is not a TrueType, OpenType or WOFF font"
    assert problem.line == 9


def test_fonts_need_a_family(write_release, release_dir: Path) -> None:
    (release_dir / "brand.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 100)
    problem = one(write_release(MINIMAL + "style:\n  fonts:\n    - file: brand.ttf\n      weight: 350\n"))
    assert problem.message == "style.fonts[0].weight must be 100, 200, ... 900, normal or bold"


def test_short_headline_is_read(write_release) -> None:
    assert load(write_release(MINIMAL + "short_headline: New office\n")).running_head == "New office"


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_same_problems_with_and_without_libyaml(write_release, monkeypatch, libyaml: bool) -> None:
    import yaml

    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml and yaml.__with_libyaml__)
    cases = {
        MINIMAL + "subheadline: Talks: a new round\n": (6, 19, "invalid YAML: mapping values are not allowed"),
        MINIMAL + "subheadline: &a x\nkind: *a\n": (6, 14, "invalid YAML: anchors (&a) are not supported"),
        "headline: x\ndateline:\n\tcity: Geneva\n": (4, 1, "invalid YAML: found character"),
    }
    for text, (line, col, message) in cases.items():
        problem = one(write_release(text))
        assert (problem.line, problem.col) == (line, col)
        assert problem.message.startswith(message)


# -- inputs that once crashed the loader are located errors ----------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("embargo: 2016-02-19T10:00+24:00", "is not a UTC offset"),
        ("embargo: 2016-02-19T10:00+01:60", "is not a UTC offset"),
        ("embargo: 2016-02-19 10:00 Europe", "unknown time zone 'Europe'"),
        ("embargo: 9999-12-31 23:00 America/New_York", "is not in the years 1000 to 8999"),
        ("embargo: 0001-01-01 00:30 Europe/Zurich", "is not in the years 1000 to 8999"),
        ("style: {date_format: dddd}", "is not a date pattern"),
        ("organisation: {labels: {en: {embargoed: 'Until {when}'}}}", "uses {when}"),
        ("organisation: {labels: {en: {subject_embargoed: '{0}'}}}", "uses {0}"),
        ("organisation: {labels: {en: {kind: '{headline.__class__}'}}}", "uses {headline.__class__}"),
        ("organisation: {labels: {[a]: {kind: x}}}", "is not a language tag"),
        ("organisation: {labels: {en: {kind: a}, en: {kind: b}}}", "is given twice"),
        ("organisation: {lint: {headline_max: '²'}}", "must be a whole number"),
    ],
)
def test_inputs_that_used_to_crash(write_release, line: str, fragment: str) -> None:
    path = write_release(MINIMAL + line + "\n")
    code, _, err = run("check", str(path))
    assert code == 1, err
    assert fragment in err
    assert ":6:" in err  # located on the line that says it


def test_nul_byte_in_an_image_name(write_release) -> None:
    code, _, err = run("check", str(write_release(MINIMAL, body="![x](a%00.png)\n")))
    assert code == 1 and "does not exist" in err
