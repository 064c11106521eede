"""Batch builds: parallel equals serial, incremental rebuild rules, CI-facing output, lint."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

import pressrelease.build.plan as build_plan
from pressrelease import RenderOptions, load
from pressrelease.build import BuildOptions, build
from pressrelease.cli import main
from pressrelease.source.lint import RULES, lint
from pressrelease.build.manifest import MANIFEST_NAME
from pressrelease.cli.reporting import ProgressReporter, github_annotation
from pressrelease.errors import Problem

from helpers import REFERENCE

FAST = ("html", "txt")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A releases folder: the reference release, three variants of it, and a broken one."""
    root = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, root)
    text = REFERENCE.read_text(encoding="utf-8")
    for number in (1, 2, 3):
        (root / f"2016-02-2{number}-variant.md").write_text(
            text.replace("headline: IPU Cambodia mission", f"headline: Variant {number} of the IPU Cambodia mission")
                .replace("date: 2016-02-19", f"date: 2016-02-2{number}"), encoding="utf-8")
    (root / "broken.md").write_text(text.replace("headline:", "hedline:"), encoding="utf-8")
    return root


def built_names(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.source.name for o in report.built]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


# -- parallel ---------------------------------------------------------------------


def test_parallel_build_equals_serial(folder: Path, tmp_path: Path) -> None:
    results = {}
    for jobs in (1, 2):
        out_dir = tmp_path / f"out-j{jobs}"
        code, out, err = run("build", str(folder), "-o", str(out_dir), "-j", str(jobs))
        assert code == 1  # the broken release
        files = {p.name: p.read_bytes() for p in sorted(out_dir.iterdir()) if p.name != MANIFEST_NAME}
        lines = [re.sub(r"out-j\d", "OUT", line) for line in out.splitlines()]
        results[jobs] = (files, err, lines[:-1], re.sub(r" in [0-9.]+ s$", "", lines[-1]))
    assert len(results[1][0]) == 17  # 4 releases x 4 formats, and releases.json
    assert results[1][0] == results[2][0]  # same files, same bytes
    assert results[1][1] == results[2][1]  # the same problems, in the same order
    assert results[1][2:] == results[2][2:]  # the same lines, in source order
    assert "broken.md:6:1: error: unknown field 'hedline'" in results[1][1]


# -- incremental ------------------------------------------------------------------


def options(out: Path, **extra) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(out_dir=out, formats=FAST, **extra)


@pytest.fixture
def good(folder: Path) -> Path:
    (folder / "broken.md").unlink()
    return folder


def test_second_build_does_nothing(good: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    assert len(build([good], options(out)).built) == 4
    from pressrelease.source import Loader

    def no_parsing(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("an unchanged release was parsed")

    with monkeypatch.context() as patch:
        patch.setattr(Loader, "load", no_parsing)
        again = build([good], options(out))
    assert again.built == [] and len(again.unchanged) == 4
    assert len(build([good], options(out, force=True)).built) == 4


def test_editing_one_release_rebuilds_only_it(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    target = good / "2016-02-22-variant.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    report = build([good], options(out))
    assert built_names(report) == ["2016-02-22-variant.md"]
    assert "One more sentence." in (out / "2016-02-22-variant.txt").read_text(encoding="utf-8")


def test_touching_without_changing_rebuilds_nothing(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    (good / "2016-02-22-variant.md").touch()
    (good / "organisation.yaml").touch()
    assert build([good], options(out)).built == []


def test_editing_the_organisation_rebuilds_its_releases(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    org = good / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("concrete action.", "concrete action. More."),
                   encoding="utf-8")
    assert len(build([good], options(out)).built) == 4


def test_editing_a_template_rebuilds_every_release(good: Path, tmp_path: Path) -> None:
    out, theme = tmp_path / "out", tmp_path / "theme"
    theme.mkdir()
    (theme / "release.txt").write_text("{{ release.headline }}\n", encoding="utf-8")
    opts = BuildOptions(out_dir=out, formats=FAST, render=RenderOptions(templates=(theme,)))
    assert len(build([good], opts).built) == 4
    assert build([good], opts).built == []
    (theme / "release.txt").write_text("{{ release.headline|upper }}\n", encoding="utf-8")
    assert len(build([good], opts).built) == 4
    assert (out / "2016-02-19-ipu-cambodia-mission.txt").read_text(encoding="utf-8").startswith("IPU CAMBODIA")


def test_editing_one_photo_rebuilds_only_its_release(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    own = good / "photos" / "own.jpg"
    shutil.copy(good / "photos" / "placeholder-ipu-cambodia-mission.jpg", own)
    target = good / "2016-02-23-variant.md"
    target.write_text(target.read_text(encoding="utf-8").replace("photos/placeholder-ipu-cambodia-mission.jpg",
                                                                 "photos/own.jpg"), encoding="utf-8")
    build([good], options(out))
    own.write_bytes(own.read_bytes() + b"\0")
    assert built_names(build([good], options(out))) == ["2016-02-23-variant.md"]


def test_changing_an_option_rebuilds(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    assert len(build([good], BuildOptions(out_dir=out, formats=("txt",))).built) == 4


def test_a_new_library_version_rebuilds(good: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    monkeypatch.setattr(build_plan, "__version__", "99.0")
    assert len(build([good], options(out)).built) == 4


def test_a_deleted_output_is_rebuilt(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    (out / "2016-02-21-variant.html").unlink()
    assert built_names(build([good], options(out))) == ["2016-02-21-variant.md"]
    (out / "2016-02-21-variant.txt").write_text("edited by hand", encoding="utf-8")
    assert built_names(build([good], options(out))) == ["2016-02-21-variant.md"]


def test_outputs_of_a_deleted_source_are_removed(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    (good / "2016-02-21-variant.md").unlink()
    report = build([good], options(out))
    assert sorted(p.name for p in report.removed) == ["2016-02-21-variant.html", "2016-02-21-variant.txt"]
    assert not (out / "2016-02-21-variant.html").exists()
    assert report.built == []


def test_building_one_file_leaves_the_others_alone(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    report = build([good / "2016-02-21-variant.md"], options(out))
    assert report.removed == []
    assert (out / "2016-02-22-variant.html").exists()


def test_clean_removes_everything_this_build_did_not_make(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], BuildOptions(out_dir=out, formats=("html", "txt", "eml")))
    (out / "notes.txt").write_text("left by hand", encoding="utf-8")
    report = build([good / "2016-02-21-variant.md"], options(out, clean=True))
    remaining = sorted(p.name for p in out.iterdir())
    assert remaining == [MANIFEST_NAME, "2016-02-21-variant.html", "2016-02-21-variant.txt", "releases.json"]
    assert "notes.txt" in {p.name for p in report.removed}


def test_a_renamed_release_leaves_no_orphans(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    target = good / "2016-02-21-variant.md"
    target.write_text(target.read_text(encoding="utf-8").replace("tags:", "slug: renamed\ntags:"), encoding="utf-8")
    build([good], options(out))
    assert (out / "renamed.html").exists()
    assert not (out / "2016-02-21-variant.html").exists()


def test_a_failed_release_is_retried(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    target = good / "2016-02-21-variant.md"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("headline:", "hedline:"), encoding="utf-8")
    assert len(build([good], options(out)).failed) == 1
    assert (out / "2016-02-21-variant.html").exists()  # the last good output stays
    target.write_text(text, encoding="utf-8")
    assert built_names(build([good], options(out))) == ["2016-02-21-variant.md"]


def test_unreadable_manifest_means_a_full_build(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([good], options(out))
    (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert len(build([good], options(out)).built) == 4


# -- what CI and people see ---------------------------------------------------------


def test_one_plain_line_per_release_without_a_terminal(good: Path, tmp_path: Path) -> None:
    code, out, _ = run("build", str(good), "-o", str(tmp_path / "out"), "-f", "txt", "-j", "1")
    assert code == 0
    lines = out.splitlines()
    assert len([line for line in lines if line.startswith("built ")]) == 4
    assert re.fullmatch(r"4 built, 0 unchanged, 0 failed in [0-9.]+ s", lines[-1])
    code, out, _ = run("build", str(good), "-o", str(tmp_path / "out"), "-f", "txt")
    assert re.fullmatch(r"0 built, 4 unchanged, 0 failed in [0-9.]+ s\n", out)


def test_progress_bar_on_a_terminal(good: Path, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out, err = io.StringIO(), Terminal()
    reporter = ProgressReporter(out, err)
    build([good], options(tmp_path / "out"), progress=reporter)
    assert reporter._bar is not None
    reporter.close()
    assert out.getvalue() == ""  # the bar replaces the per-release lines


def test_github_annotations(folder: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = run("check", str(folder / "broken.md"))
    assert code == 1
    assert "::error file=" in out and ",line=6,col=1,title=pressrelease unknown-field::unknown field 'hedline'" in out
    assert "broken.md:6:1: error: unknown field 'hedline'" in err  # the log keeps the plain lines


def test_annotation_escaping() -> None:
    problem = Problem(Path("a,b:c.md"), 3, 4, "50% done\nnext line", "a hint", code="x")
    assert github_annotation(problem) == "::error file=a%2Cb%3Ac.md,line=3,col=4,title=pressrelease x::50%25 done\\u000anext line (a hint)"


def test_json_errors(folder: Path) -> None:
    code, out, err = run("check", str(folder / "broken.md"), "--format-errors", "json")
    assert code == 1
    document = json.loads(out)
    first = document["problems"][0]
    assert (first["line"], first["col"], first["severity"]) == (5, 1, "error")
    assert first["message"] == "missing required field 'headline'"
    assert "checked 1 release" in err


def test_build_json_errors(folder: Path, tmp_path: Path) -> None:
    code, out, _ = run("build", str(folder / "broken.md"), "-o", str(tmp_path / "o"), "-f", "txt",
                       "--format-errors", "json")
    assert code == 1
    assert json.loads(out)["problems"][1]["code"] == "unknown-field"


# -- lint ---------------------------------------------------------------------------


def rule_codes(problems: list[Problem]) -> set[str]:
    return {p.code for p in problems}


def test_the_reference_release_is_clean() -> None:
    assert lint(load(REFERENCE)) == []


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
        body="Too short.\n",
    )
    problems = lint(load(path), now=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert rule_codes(problems) == set(RULES)
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
