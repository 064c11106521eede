"""The command line: exit codes, messages, files, and what it imports."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pressrelease import load
from pressrelease.cli import main

from helpers import MINIMAL, REFERENCE


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """The reference release with a typo'd key, a bad date and a bad email."""
    shutil.copytree(REFERENCE.parent, tmp_path / "releases")
    path = tmp_path / "releases" / REFERENCE.name
    text = path.read_text(encoding="utf-8")
    text = text.replace("headline:", "hedline:").replace("date: 2016-02-19", "date: 2016-02-30")
    text = text.replace("tags: [", "contacts:\n  - name: A\n    email: nobody\ntags: [")
    path.write_text(text, encoding="utf-8")
    return path


def test_check_ok() -> None:
    code, out, err = run("check", str(REFERENCE))
    assert code == 0
    assert out == "checked 1 release: 1 ok, 0 with errors, 0 with warnings (0 errors, 0 warnings)\n"
    assert err == ""


def test_check_broken_copy(broken_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(broken_copy.parent.parent)
    code, out, err = run("check", "releases")
    assert code == 1
    lines = err.splitlines()
    name = f"releases{os.sep}{REFERENCE.name}"
    assert lines == [
        f"{name}:5:1: error: missing required field 'headline' (add a line 'headline: ...')",
        f"{name}:6:1: error: unknown field 'hedline' (did you mean 'headline'?)",
        f"{name}:9:9: error: dateline.date 2016-02-30 is not a real date: day is out of range for month "
        "(check the day and month)",
        f"{name}:18:12: error: contacts[0].email 'nobody' is not an email address "
        "(write it as name@example.org, without a display name or spaces)",
    ]
    assert "Traceback" not in err
    assert out == "checked 1 release: 0 ok, 1 with errors, 0 with warnings (4 errors, 0 warnings)\n"
    readme = (REFERENCE.parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ pressrelease check releases/\n", 1)[1].split("```", 1)[0]
    assert shown == err.replace(os.sep, "/") + out  # the README shows exactly this


def test_check_missing_path(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope"))
    assert code == 1
    assert "nope:0:0: error: no such file or folder" in err


def test_check_does_not_import_weasyprint() -> None:
    script = (
        "import sys; from pressrelease.cli import main; "
        f"code = main(['check', {str(REFERENCE)!r}]); "
        "assert 'weasyprint' not in sys.modules, 'weasyprint was imported'; sys.exit(code)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "pressrelease", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("pressrelease ")


def test_build_writes_one_file_per_format(tmp_path: Path) -> None:
    code, out, err = run("build", str(REFERENCE), "--out", str(tmp_path), "--format", "html,txt,pdf")
    assert code == 0, err
    names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    stem = "2016-02-19-ipu-cambodia-mission"
    assert names == [f"{stem}.html", f"{stem}.pdf", f"{stem}.txt", "releases.json"]
    assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / ".pressrelease-manifest.json").is_file()
    assert oct((tmp_path / f"{stem}.txt").stat().st_mode & 0o777) == "0o644"
    assert re.search(r"1 built, 0 unchanged, 0 failed in [0-9.]+ s\n$", out)


def test_build_failure_writes_nothing(tmp_path: Path, broken_copy: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run("build", str(broken_copy), "--out", str(out_dir), "-f", "txt")
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == [".pressrelease-manifest.json", "releases.json"]
    assert "missing required field 'headline'" in err
    assert re.search(r"0 built, 0 unchanged, 1 failed in [0-9.]+ s\n$", out)


def test_build_keeps_going_past_a_broken_release(tmp_path: Path, broken_copy: Path, release_dir: Path) -> None:
    (release_dir / "good.md").write_text(f"---\n{MINIMAL}---\nBody.\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, _ = run("build", str(broken_copy), str(release_dir / "good.md"), "-o", str(out_dir), "-f", "txt")
    assert code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == [".pressrelease-manifest.json", "good.txt", "releases.json"]
    assert re.search(r"1 built, 0 unchanged, 1 failed in [0-9.]+ s\n$", out)


def test_build_rejects_unknown_format(capsys) -> None:
    code, _, _ = run("build", "--format", "docx")
    assert code == 2
    assert "unknown format 'docx'" in capsys.readouterr().err


def test_same_output_name_twice_is_an_error(tmp_path: Path, release_dir: Path) -> None:
    for folder in ("a", "b"):
        (release_dir / folder).mkdir()
        (release_dir / folder / "same.md").write_text(f"---\n{MINIMAL}---\nBody.\n", encoding="utf-8")
    code, _, err = run("build", str(release_dir), "-o", str(tmp_path / "out"), "-f", "txt")
    assert code == 1
    assert "output name 'same' is already used by" in err


def test_folder_discovery_skips_readme_and_drafts(tmp_path: Path, release_dir: Path) -> None:
    (release_dir / "README.md").write_text("# About this folder\n", encoding="utf-8")
    (release_dir / "_draft.md").write_text("not yet\n", encoding="utf-8")
    (release_dir / "real.md").write_text(f"---\n{MINIMAL}---\nBody.\n", encoding="utf-8")
    code, out, _ = run("check", str(release_dir))
    assert code == 0
    assert out.startswith("checked 1 release:")


def test_internal_error_exits_2_without_traceback(monkeypatch) -> None:
    from pressrelease.cli.commands import check

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("kaboom")

    monkeypatch.setattr(check, "run", boom)
    code, _, err = run("check")
    assert code == 2
    assert "internal error: RuntimeError: kaboom" in err
    assert "Traceback" not in err


def test_new_writes_a_skeleton_that_checks(release_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(release_dir)
    code, out, _ = run("new", "IPU: a mission to “Cambodia” opens", "--dir", ".", "--date", "2016-02-19")
    assert code == 0
    path = release_dir / "2016-02-19-ipu-a-mission-to-cambodia-opens.md"
    assert out == f"wrote {path.name}\n"
    release = load(path)
    assert release.headline == "IPU: a mission to “Cambodia” opens"
    assert release.dateline.city == "Geneva" and release.language == "en-GB"
    assert release.media_contacts[0].name == "Ada Example"
    code, _, err = run("new", "IPU: a mission to “Cambodia” opens", "--dir", ".", "--date", "2016-02-19")
    assert code == 1 and "already exists" in err


def test_new_with_an_organisation_in_a_subfolder(tmp_path: Path, release_dir: Path) -> None:
    partners = release_dir / "partners"
    partners.mkdir()
    (partners / "unhcr.yaml").write_text("name: Partner Org\n", encoding="utf-8")
    code, _, err = run("new", "Hello", "--org", str(partners / "unhcr.yaml"), "--dir", str(release_dir))
    assert code == 0, err
    path = next(release_dir.glob("*-hello.md"))
    assert "organisation: \"partners/unhcr.yaml\"" in path.read_text(encoding="utf-8")
    assert load(path).organisation.name == "Partner Org"


def test_new_refuses_an_organisation_it_could_not_reference(tmp_path_factory, release_dir: Path) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "releases"
    code, _, err = run("new", "Hello", "--org", str(release_dir / "organisation.yaml"), "--dir", str(target))
    assert code == 1
    assert "would not be found from" in err


def test_new_refuses_bad_input(release_dir: Path) -> None:
    assert run("new", "x", "--date", "19/02/2016", "--dir", str(release_dir))[0] == 1
    assert run("new", "   ", "--dir", str(release_dir))[0] == 1


def test_build_pdf_variant(tmp_path: Path) -> None:
    from pypdf import PdfReader

    code, _, err = run("build", str(REFERENCE), "-o", str(tmp_path), "-f", "pdf", "--pdf-variant", "pdf/a-3b")
    assert code == 0, err
    reader = PdfReader(next(tmp_path.glob("*.pdf")))
    assert list(reader.attachments) == [REFERENCE.name]


def test_build_rejects_unknown_pdf_variant(capsys) -> None:
    assert run("build", "--pdf-variant", "pdf/x-4")[0] == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["²", "٣", "0", "-1", "x"])
def test_a_job_count_that_is_not_a_plain_number_is_a_usage_error(value: str, capsys) -> None:
    code, _, err = run("build", str(REFERENCE), "-j", value)
    err += capsys.readouterr().err  # argparse writes its usage errors to sys.stderr
    assert code == 2
    assert "-j takes a whole number" in err and "Traceback" not in err
