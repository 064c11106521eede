"""Incremental builds: what a rebuild redoes, keeps and deletes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

import pressrelease.build.plan as build_plan
from pressrelease import RenderOptions, load
from pressrelease.build import BuildOptions, build
from pressrelease.build.manifest import MANIFEST_NAME
from pressrelease.cli import main

from helpers import MINIMAL, REFERENCE

FAST = ("html", "txt")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def built_names(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.source.name for o in report.built]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A releases folder: the reference release and three variants of it."""
    root = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, root)
    text = REFERENCE.read_text(encoding="utf-8")
    for number in (1, 2, 3):
        (root / f"2016-02-2{number}-variant.md").write_text(
            text.replace("headline: IPU Cambodia mission", f"headline: Variant {number} of the IPU Cambodia mission")
                .replace("date: 2016-02-19", f"date: 2016-02-2{number}"), encoding="utf-8")
    return root


def options(out: Path, **extra) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(out_dir=out, formats=FAST, **extra)


@pytest.fixture
def good(folder: Path) -> Path:
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


# -- incremental build edge cases ---------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "rel"
    root.mkdir()
    shutil.copy(REFERENCE.parent / "organisation.yaml", root)
    shutil.copytree(REFERENCE.parent / "press-kit", root / "press-kit")  # the files its press kit names
    text = f"---\n{MINIMAL}---\nBody.\n"
    for name in ("a", "b"):
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def test_moving_a_source_keeps_its_outputs(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    options = BuildOptions(out_dir=out, formats=("txt",))
    build([root], options)
    (root / "2016").mkdir()
    (root / "a.md").rename(root / "2016" / "a.md")
    report = build([root], options)
    assert report.removed == []
    assert (out / "a.txt").exists()


def test_building_one_format_keeps_the_others(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    build([root], BuildOptions(out_dir=out, formats=("txt",)))
    build([root], BuildOptions(out_dir=out, formats=("html",)))
    assert (out / "a.txt").exists() and (out / "a.html").exists()
    (root / "a.md").unlink()
    build([root], BuildOptions(out_dir=out, formats=("html",)))
    assert not (out / "a.txt").exists() and not (out / "a.html").exists()  # all of a deleted source's outputs
    build([root], BuildOptions(out_dir=out, formats=("html",), clean=True))
    assert sorted(p.name for p in out.iterdir()) == [".pressrelease-manifest.json", "b.html", "releases.json"]


def test_adding_a_nearer_organisation_file_rebuilds(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    (root / "sub").mkdir()
    (root / "a.md").rename(root / "sub" / "a.md")
    options = BuildOptions(out_dir=out, formats=("txt",))
    build([root], options)
    assert build([root], options).built == []
    (root / "sub" / "organisation.yaml").write_text("name: Nearer Org\n", encoding="utf-8")
    report = build([root], options)
    assert [o.source.name for o in report.built] == ["a.md"]
    assert load(root / "sub" / "a.md").organisation.name == "Nearer Org"


def test_clean_refuses_to_touch_the_sources(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    code, _, err = run("build", str(root), "-o", str(root), "-f", "txt", "--clean")
    assert code == 1 and "overlap" in err
    assert (root / "a.md").exists()
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("build", str(root), "-o", str(stranger), "-f", "txt", "--clean")
    assert code == 1 and "no .pressrelease-manifest.json" in err
    assert (stranger / "keep.txt").exists()


