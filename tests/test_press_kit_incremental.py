"""The press kit rebuilt incrementally: its files are the collection's inputs, not the releases'; copies and the
ZIP are kept while their originals are unchanged, and an incremental build publishes a clean build's bytes."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

import pressrelease.build.press_kit as press_kit
from pressrelease.build import BuildOptions, build
from pressrelease.build.manifest import MANIFEST_NAME, PRESENT

DATA = Path(__file__).parent / "data" / "press-kit"
RELEASE = "2024-05-02-lakeside-new-filter.md"


def _built(tmp_path: Path, formats: tuple[str, ...] = ("html", "site")) -> tuple[Path, Path, BuildOptions]:
    source, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(DATA, source)
    options = BuildOptions(out_dir=out, formats=formats, jobs=1)
    assert build([source], options).ok
    return source, out, options


def _folder(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _edit_release(source: Path) -> None:
    release = source / RELEASE
    release.write_text(release.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[tuple]:  # type: ignore[type-arg]
    calls: list[tuple] = []  # type: ignore[type-arg]
    original = getattr(press_kit, name)
    monkeypatch.setattr(press_kit, name, lambda *args: calls.append(args) or original(*args))
    return calls


def test_no_release_output_shows_a_kit_file_and_the_kit_is_no_release_s_input(tmp_path: Path) -> None:
    source, out, _ = _built(tmp_path, ("html", "pdf", "txt", "eml", "site", "ninjs", "newsml"))
    manifest = json.loads((out / MANIFEST_NAME).read_bytes())
    kit = [source / "kit" / name for name in ("brand-lake.jpg", "fiche.pdf", "logo-mark.png", "portrait-keller.jpg")]
    for entry in manifest["entries"].values():
        for path in kit:  # to be there, whatever their content
            assert entry["inputs"][str(path.resolve())] == list(PRESENT)
        assert entry["inputs"][str((source / "kit" / "logo.svg").resolve())][2] != PRESENT.sha256  # the logo
        for _fmt, (path, *_state) in entry["outputs"].items():
            data = Path(path).read_bytes()
            assert not any(name.encode() in data for name in ("fiche", "brand-lake", "portrait-", "logo-mark",
                                                               "press-kit.zip")), path
    assert set(manifest["kit"]["files"]) == {str(path) for path in sorted((source / "kit").iterdir())
                                             if path.name != "logo.svg"} | {str(source / "kit" / "logo.svg")}


def test_an_incremental_build_publishes_the_kit_a_clean_build_does(tmp_path: Path) -> None:
    source, out, options = _built(tmp_path)
    with Image.open(source / "kit" / "brand-lake.jpg") as image:  # a new photo under the same name
        buffer = io.BytesIO()
        image.transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(buffer, "JPEG", quality=80)
    (source / "kit" / "brand-lake.jpg").write_bytes(buffer.getvalue())
    with (source / "kit" / "fiche.pdf").open("ab") as handle:
        handle.write(b"\n% a new edition\n")
    _edit_release(source)
    assert build([source], options).ok
    clean = tmp_path / "clean"
    assert build([source], BuildOptions(out_dir=clean, formats=("html", "site"), jobs=1)).ok
    kit = _folder(out / "site" / "press-kit")
    assert kit == _folder(clean / "site" / "press-kit")
    assert kit["files/brand-lake.jpg"] == buffer.getvalue() and "files/brand-lake-960w.jpg" in kit


def test_only_the_changed_photo_s_copies_are_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, out, options = _built(tmp_path)
    made = _counting(monkeypatch, "downsized")
    before = (out / "site" / "press-kit" / "files" / "portrait-keller.jpg").stat().st_mtime_ns
    with Image.open(source / "kit" / "brand-lake.jpg") as image:
        image.rotate(180).save(source / "kit" / "brand-lake.jpg", "JPEG", quality=80)
    report = build([source], options)
    assert report.ok and report.built == [] and [call[4] for call in made] == ["brand-lake.jpg"]
    assert (out / "site" / "press-kit" / "files" / "portrait-keller.jpg").stat().st_mtime_ns == before


def test_a_copy_deleted_from_the_output_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, out, options = _built(tmp_path)
    copy = out / "site" / "press-kit" / "files" / "brand-lake-480w.jpg"
    expected = copy.read_bytes()
    copy.unlink()
    made = _counting(monkeypatch, "downsized")
    assert build([source], options).ok
    assert copy.read_bytes() == expected and [call[4] for call in made] == ["brand-lake.jpg"]


def test_the_zip_is_made_again_only_when_a_member_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, out, options = _built(tmp_path)
    made = _counting(monkeypatch, "kit_archive")
    archive = out / "site" / "press-kit" / "lakeside-water-cooperative-press-kit.zip"
    _edit_release(source)
    assert build([source], options).ok and made == []
    (source / "kit" / "fiche.pdf").write_bytes((source / "kit" / "fiche.pdf").read_bytes() + b"\n% new\n")
    report = build([source], options)
    assert report.ok and report.built == [] and len(made) == 1
    assert (source / "kit" / "fiche.pdf").read_bytes() in archive.read_bytes()
    archive.write_bytes(b"damaged")
    assert build([source], options).ok and len(made) == 2 and archive.read_bytes().startswith(b"PK")


def test_a_touched_kit_file_is_hashed_and_nothing_is_written(tmp_path: Path) -> None:
    source, out, options = _built(tmp_path)
    path = source / "kit" / "fiche.pdf"
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000_000))
    report = build([source], options)
    assert report.ok and report.built == [] and report.collected == []
    recorded = json.loads((out / MANIFEST_NAME).read_bytes())["kit"]["files"][str(path)]
    assert recorded[1] == path.stat().st_mtime_ns  # the new time recorded: the next build only stats it
    assert build([source], options).collected == []


def test_a_deleted_kit_file_fails_its_releases_at_the_organisation_file(tmp_path: Path) -> None:
    source, _out, options = _built(tmp_path)
    (source / "kit" / "fiche.pdf").unlink()
    report = build([source], options)
    assert not report.ok and len(report.failed) == 2
    missing = [p for p in report.all_problems if p.code == "file-missing"]
    assert missing and all(p.path == source / "organisation.yaml" and p.line > 1 and "fiche.pdf" in p.message
                           for p in missing)


def test_a_damaged_kit_record_is_collected_again_without_a_traceback(tmp_path: Path) -> None:
    source, out, options = _built(tmp_path)
    manifest = json.loads((out / MANIFEST_NAME).read_bytes())
    manifest["kit"] = {"settings": manifest["kit"]["settings"], "files": {"x": "y"}, "copies": {"a": [1, 2]},
                       "archive": 7}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    clean = _folder(out / "site" / "press-kit")
    report = build([source], options)
    assert report.ok and _folder(out / "site" / "press-kit") == clean
    assert json.loads((out / MANIFEST_NAME).read_bytes())["kit"]["archive"][0].endswith(".zip")
