"""Batch builds: parallel equals serial, CI-facing output, and one broken release never stops the rest."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

import pressrelease.build as build_module
from pressrelease.build import BuildOptions, build
from pressrelease.cli import main
from pressrelease.build.manifest import MANIFEST_NAME
from pressrelease.cli.reporting import ProgressReporter, github_annotation
from pressrelease.errors import Problem

from helpers import MINIMAL, REFERENCE

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
        files = {p.name: p.read_bytes() for p in sorted(out_dir.iterdir()) if p.name != MANIFEST_NAME and p.is_file()}
        lines = [re.sub(r"out-j\d", "OUT", line) for line in out.splitlines()]
        results[jobs] = (files, err, lines[:-1], re.sub(r" in [0-9.]+ s$", "", lines[-1]))
    assert len(results[1][0]) == 21  # 4 releases x 5 formats (the IPU's organisation file has a site:), releases.json
    assert results[1][0] == results[2][0]  # same files, same bytes
    assert results[1][1] == results[2][1]  # the same problems, in the same order
    assert results[1][2:] == results[2][2:]  # the same lines, in source order
    assert "broken.md:6:1: error: unknown field 'hedline'" in results[1][1]


def options(out: Path, **extra) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(out_dir=out, formats=FAST, **extra)


@pytest.fixture
def good(folder: Path) -> Path:
    (folder / "broken.md").unlink()
    return folder


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


def test_a_crash_in_one_release_does_not_stop_the_others(write_release, tmp_path: Path, monkeypatch) -> None:
    first = write_release(MINIMAL, name="a.md")
    second = write_release(MINIMAL, name="b.md")
    original = build_module.Builder.render

    def explode_on_a(self, view, *rest):  # type: ignore[no-untyped-def]
        if view.release.name == "a":
            raise RuntimeError("boom")
        return original(self, view, *rest)

    monkeypatch.setattr(build_module.Builder, "render", explode_on_a)
    code, out, err = run("build", str(first), str(second), "-o", str(tmp_path / "out"), "-f", "txt", "-j", "1")
    assert code == 2
    assert "internal error: RuntimeError: boom" in err
    assert (tmp_path / "out" / "b.txt").exists()


def test_discovery_finds_releases_in_the_order_of_their_paths(tmp_path: Path) -> None:
    from pressrelease.source.discover import discover

    names = ["a.md", "a/b.md", "a-b/c.md", "B.md", "z/y/x.md", "_draft.md", ".hidden/x.md", "README.md",
             "sub/_parts/p.md", "sub/readme.MD", "notes.txt", "sub/d.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "z")  # a link to a folder is not followed
    found, problems = discover([tmp_path])
    expected = sorted(p for p in tmp_path.rglob("*.md") if not any(
        part.startswith(("_", ".")) for part in p.relative_to(tmp_path).parts) and p.name.lower() != "readme.md")
    assert found == expected and problems == []
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["B.md", "a/b.md", "a-b/c.md", "a.md", "sub/d.md",
                                                                     "z/y/x.md"]


def test_a_file_name_cannot_forge_a_progress_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, root)
    name = "a\n::error file=README.md,line=1::forged\x1b[31m.md"
    (root / name).write_text(REFERENCE.read_text(encoding="utf-8").replace("slug:", "x:"), encoding="utf-8")
    code, out, err = run("build", str(root), "-o", str(tmp_path / "out"), "-f", "txt", "-j", "1")
    assert "\n::error file=README.md" not in out and "\x1b" not in out
