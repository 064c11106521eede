"""Each output file belongs to one release: releases.json never lists a file as the wrong release's,
and a manifest never makes the build delete anything outside the output folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from pressrelease.build import BuildOptions, build
from pressrelease.build.manifest import MANIFEST_NAME

from helpers import MINIMAL

TXT = BuildOptions(out_dir=Path("unused"), formats=("txt",))


def folder_of(root: Path, *names: str) -> Path:
    root.mkdir(parents=True)
    (root / "organisation.yaml").write_text("name: Example\ncontacts: [{name: Ada, email: ada@example.org}]\n",
                                            encoding="utf-8")
    for name in names:
        (root / f"{name}.md").write_text(f"---\n{MINIMAL.replace('Example opens', f'Release {name} opens')}---\n"
                                         f"Body of {name}.\n", encoding="utf-8")
    return root


def consistent(out: Path) -> list[tuple[str, str]]:
    """(headline, file) of every listed output, after checking each file's size and SHA-256."""
    listed = []
    for release in json.loads((out / "releases.json").read_text(encoding="utf-8"))["releases"]:
        for entry in release["outputs"].values():
            data = (out / entry["file"]).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"], entry["sha256"]), entry
            if entry["file"].endswith(".txt"):
                assert release["headline"] in data.decode("utf-8"), (release["headline"], entry["file"])
            listed.append((release["headline"], entry["file"]))
    return sorted(listed)


def build_txt(root: Path, out: Path, **extra: object) -> object:
    return build([root], BuildOptions(out_dir=out, formats=("txt",), jobs=1, **extra))  # type: ignore[arg-type]


def test_two_releases_taking_one_name(tmp_path: Path) -> None:
    root, out = folder_of(tmp_path / "rel", "zero", "one"), tmp_path / "out"
    (root / "one.md").write_text((root / "one.md").read_text(encoding="utf-8").replace("dateline:", "slug: a\ndateline:"),
                                 encoding="utf-8")
    build_txt(root, out)
    for name in ("zero", "one"):  # now both say slug: a
        text = (root / f"{name}.md").read_text(encoding="utf-8").replace("slug: a\n", "")
        (root / f"{name}.md").write_text(text.replace("dateline:", "slug: a\ndateline:"), encoding="utf-8")
    report = build_txt(root, out)
    assert [p.code for p in report.all_problems] == ["duplicate-output"]  # type: ignore[attr-defined]
    # the first source in order writes a.txt; the other keeps, listed, the file its last good build made
    assert consistent(out) == [("Release one opens a new office", "a.txt"), ("Release zero opens a new office", "zero.txt")]


def test_a_format_not_built_this_time_is_not_listed_as_current(tmp_path: Path) -> None:
    root, out = folder_of(tmp_path / "rel", "zero"), tmp_path / "out"
    build([root], BuildOptions(out_dir=out, formats=("html", "txt"), jobs=1))
    source = root / "zero.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Release zero", "Release nought"), encoding="utf-8")
    build_txt(root, out)
    assert consistent(out) == [("Release nought opens a new office", "zero.txt")]  # zero.html is the old version
    assert (out / "zero.html").exists()


def test_two_folders_into_one_output_folder(tmp_path: Path) -> None:
    first, second, out = folder_of(tmp_path / "a", "same"), folder_of(tmp_path / "b", "same"), tmp_path / "out"
    build_txt(first, out)
    report = build_txt(second, out)
    assert [p.code for p in report.all_problems] == ["duplicate-output"]  # type: ignore[attr-defined]
    assert "already used by" in report.all_problems[0].message  # type: ignore[attr-defined]
    assert consistent(out) == [("Release same opens a new office", "same.txt")]


def test_a_moved_project_lists_each_release_once(tmp_path: Path) -> None:
    project = tmp_path / "before"
    root = folder_of(project / "rel", "zero", "one")
    build_txt(root, project / "out")
    moved = tmp_path / "after"
    shutil.move(str(project), str(moved))
    build_txt(moved / "rel", moved / "out")
    assert [file for _, file in consistent(moved / "out")] == ["one.txt", "zero.txt"]


def test_a_file_named_twice_is_built_once(tmp_path: Path) -> None:
    root, out = folder_of(tmp_path / "rel", "zero"), tmp_path / "out"
    report = build([root, root / "zero.md"], BuildOptions(out_dir=out, formats=("txt",), jobs=1))
    assert report.ok and len(report.outcomes) == 1


def test_a_manifest_cannot_make_the_build_delete_outside_the_output_folder(tmp_path: Path) -> None:
    root, out = folder_of(tmp_path / "rel", "zero"), tmp_path / "out"
    build_txt(root, out)
    victims = [tmp_path / "victim-1.txt", tmp_path / "victim-2.txt"]
    for victim in victims:
        victim.write_text("keep me", encoding="utf-8")
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    manifest["collected"][str(victims[0])] = [7, 0, "x"]
    manifest["entries"][str(root / "ghost.md")] = {"context": "", "inputs": {}, "summary": None,
                                                    "outputs": {"txt": [str(victims[1]), 7, 0, "x"]}}
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    build_txt(root, out)
    build_txt(root, out, clean=True)
    assert all(victim.read_text(encoding="utf-8") == "keep me" for victim in victims)
