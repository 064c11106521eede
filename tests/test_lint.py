"""Press-release conventions: every rule, thresholds, disabling, and --strict."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from pressrelease import load
from pressrelease.cli import main
from pressrelease.errors import Problem
from pressrelease.source.lint import RULES, lint

from helpers import REFERENCE


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def rule_codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


def test_the_reference_release_is_clean() -> None:
    assert lint(load(REFERENCE)) == []


#: The rules that depend on the kind: a release breaks at most one of them (tested below).
KIND_RULES = {"advisory-event", "dateline-city"}


@pytest.mark.parametrize("kind,dateline,expected", [
    ("Media Advisory", "{date: 2016-02-19}", {"advisory-event"}),
    ("media-advisory", "{city: Geneva, date: 2016-02-19}", {"advisory-event"}),
    ("Press Release", "{date: 2016-02-19}", {"dateline-city"}),
    ("", "{date: 2016-02-19}", {"dateline-city"}),
    ("Statement", "{date: 2016-02-19}", set()),
    ("Readout of a call", "{date: 2016-02-19}", set()),
    ("Press Release", "{city: Geneva, date: 2016-02-19}", set()),
])
def test_kind_rules(write_release, kind: str, dateline: str, expected: set[str]) -> None:
    path = write_release(f"headline: H\nkind: '{kind}'\ndateline: {dateline}\n", body="Some words.\n")
    found = rule_codes(lint(load(path))) & KIND_RULES
    assert found == expected
    if expected:
        (problem,) = [p for p in lint(load(path)) if p.code in KIND_RULES]
        assert problem.line == (3 if "advisory" in expected.pop() else 4)  # the kind line, the dateline line


def test_an_advisory_with_an_event_and_no_city_is_fine(write_release) -> None:
    path = write_release("headline: H\nkind: Media Advisory\ndateline: {date: 2016-02-19}\n"
                         "event: {title: Briefing, start: 2016-02-19 10:00 Europe/Zurich}\n", body="Some words.\n")
    assert not rule_codes(lint(load(path))) & KIND_RULES


def test_every_rule(write_release, release_dir: Path) -> None:
    photo = release_dir / "p.jpg"
    shutil.copy(REFERENCE.parent / "photos" / "placeholder-ipu-cambodia-mission.jpg", photo)
    path = write_release(
        """\
        headline: An extremely long headline that goes on and on past the seventy character mark
        dateline: {city: Geneva, date: 2016-02-19}
        embargo: 2016-02-18 10:00 Europe/Zurich
        photos:
          - file: p.jpg
        contacts:
          - name: No Phone
            email: a@example.org
          - name: No Email
            phones: ["+41 22 000 00 00"]
        """,
        body="Too short \U0010fffd.\n",  # a private-use character no font has (font-coverage, tests/test_coverage.py)
    )
    problems = lint(load(path), now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert rule_codes(problems) == set(RULES) - KIND_RULES - {"translation-unshared"}  # a rule of several releases: check, not lint
    assert all(p.severity == "warning" for p in problems)
    by_rule = {p.code: p for p in problems}
    assert (by_rule["headline-length"].line, by_rule["embargo-past"].line) == (2, 4)
    assert by_rule["photo-alt"].line == 6
    assert by_rule["body-length"].message == "the body has 2 words"
    assert by_rule["contact-phone"].message == "the media contact No Phone has no phone number"
    assert by_rule["embargo-date"].message == "the dateline says 2016-02-19 but the embargo lifts on 2016-02-18"


def test_long_body_and_future_embargo(write_release) -> None:
    path = write_release("headline: x\ndateline: {city: Geneva, date: 2030-01-01}\nembargo: 2030-01-01 09:00Z\n",
                         body="word " * 1001)
    codes = rule_codes(lint(load(path), now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    assert codes == {"body-length"}


def test_rules_can_be_configured_and_disabled(write_release, release_dir: Path) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "lint:\n  headline_max: 10\n  body_min_words: 1\n"
                   "  disable: [contact-phone]\n", encoding="utf-8")
    release = load(write_release("headline: Eleven char\ndateline: {city: Geneva, date: 2016-02-19}\n"))
    assert rule_codes(lint(release)) == {"headline-length"}
    assert lint(release, disable={"headline-length"}) == []


def test_unknown_rule_in_the_organisation_file(write_release, release_dir: Path) -> None:
    from pressrelease import SourceError

    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "lint:\n  disable: [no-such-rule]\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown rule 'no-such-rule'"):
        load(write_release("headline: x\ndateline: {city: Geneva, date: 2016-02-19}\n"))


def test_check_reports_warnings_and_strict_fails(write_release) -> None:
    path = write_release("headline: x\ndateline: {city: Geneva, date: 2016-02-19}\n", body="Short.\n")
    code, out, err = run("check", str(path))
    assert code == 0
    assert f"{path.name}:5:1: warning: the body has 1 words" in err.replace(str(path.parent) + "/", "")
    assert out.endswith("0 ok, 0 with errors, 1 with warnings (0 errors, 1 warning)\n")
    code, _, err = run("check", str(path), "--strict")
    assert code == 1 and ": error: the body has 1 words" in err
    assert run("check", str(path), "--strict", "--disable", "body-length")[0] == 0
    assert run("check", str(path), "--strict", "--no-lint")[0] == 0
    assert run("check", str(path), "--disable", "nonsense")[0] == 2


def test_words_are_counted_in_scripts_without_spaces() -> None:
    """A Chinese, Japanese or Khmer body is not one word per paragraph: ICU's dictionaries find the words."""
    from pressrelease.source.lint import _word_count

    assert _word_count("The IPU met 12 MPs in Phnom Penh.") == 8
    assert _word_count("联合国驻华系统庆祝联合国日") == 8  # 联合国 驻 华 系统 庆祝 联合国 日 ...
    assert _word_count("សេចក្តីប្រកាសព័ត៌មានរួម") == 4  # សេចក្តី ប្រកាស ព័ត៌មាន រួម
    assert _word_count("国際協力機構の緒方貞子理事長は7月7日からインドネシアを訪問する。") > 10
