"""The collection stage and its first output, releases.json: every release in the output folder, with its files."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.source.loader import Loader

from helpers import two_organisations

FAST = ("html", "txt")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_organisations(tmp_path / "releases")


def catalogue(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "releases.json").read_text(encoding="utf-8"))


def test_every_release_with_its_files(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build([folder], BuildOptions(out_dir=out, jobs=1)).ok
    data = catalogue(out)
    assert data["format"] == 1 and data["generator"].startswith("pressrelease ")
    newest, oldest = data["releases"]  # newest first
    assert oldest == {
        "slug": "2016-02-19-ipu-cambodia-mission",
        "headline": "IPU Cambodia mission urges dialogue to resolve MPs’ cases",
        "date": "2016-02-19",
        "language": "en-GB",
        "kind": "Press Release",
        "tags": ["Cambodia", "human rights", "parliamentarians"],
        "embargo": None,
        "outputs": oldest["outputs"],
    }
    assert newest["slug"] == "2016-03-10-riverside-libraries"
    assert newest["embargo"] == "2016-03-10T09:00:00+07:00"
    assert sorted(oldest["outputs"]) == ["eml", "html", "pdf", "site", "txt"]  # its organisation has a site:
    assert sorted(newest["outputs"]) == ["eml", "html", "pdf", "txt"]  # riverside's has none
    for release in (newest, oldest):
        for entry in release["outputs"].values():
            data_bytes = (out / entry["file"]).read_bytes()
            assert entry["bytes"] == len(data_bytes)
            assert entry["sha256"] == hashlib.sha256(data_bytes).hexdigest()


def test_unchanged_releases_come_from_the_manifest(folder: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    first = (out / "releases.json").read_bytes()
    (out / "releases.json").unlink()
    monkeypatch.setattr(Loader, "load", lambda self, path, **kw: pytest.fail(f"parsed {path}"))
    report = build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    assert len(report.unchanged) == 2 and report.collected == [(out / "releases.json").resolve()]
    assert (out / "releases.json").read_bytes() == first


def test_rewritten_only_when_a_summary_changed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, formats=FAST, jobs=1)
    build([folder], options)
    before = (out / "releases.json").stat()
    assert build([folder], options).collected == []
    assert build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1, force=True)).collected == []
    (folder / "2016-02-19-ipu-cambodia-mission.md").touch()
    assert build([folder], options).collected == []
    assert (out / "releases.json").stat().st_mtime_ns == before.st_mtime_ns
    source = folder / "2016-02-19-ipu-cambodia-mission.md"
    source.write_text(source.read_text(encoding="utf-8").replace("tags: [Cambodia,", "tags: [Asia, Cambodia,"),
                      encoding="utf-8")
    assert len(build([folder], options).collected) == 1
    assert catalogue(out)["releases"][1]["tags"][0] == "Asia"


def test_a_deleted_release_leaves_the_catalogue(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    shutil.rmtree(folder / "riverside")
    build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    assert [r["slug"] for r in catalogue(out)["releases"]] == ["2016-02-19-ipu-cambodia-mission"]


def test_clean_keeps_the_catalogue_and_it_lists_only_what_is_left(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], BuildOptions(out_dir=out, formats=("html", "txt", "eml"), jobs=1))
    build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1, clean=True))
    assert (out / "releases.json").exists()
    for release in catalogue(out)["releases"]:
        assert sorted(release["outputs"]) == ["html", "txt"]  # the .eml files were cleaned away
    assert not list(out.glob("*.eml"))


def test_a_failed_release_is_listed_with_the_files_it_still_has(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    source = folder / "2016-02-19-ipu-cambodia-mission.md"
    source.write_text(source.read_text(encoding="utf-8").replace("headline:", "hedline:"), encoding="utf-8")
    report = build([folder], BuildOptions(out_dir=out, formats=FAST, jobs=1))
    assert len(report.failed) == 1
    assert len(catalogue(out)["releases"]) == 2  # its earlier files are still in the folder
