"""Where Pagefind works: a private folder in memory when there is room (its bundle written in by the writer), else
in the output folder; the same index either way, and nothing of it left behind."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest

import pressrelease.build.search as search
from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

from helpers import two_organisations

SITE = "https://newsroom.example.org/news/"
NOW = dt.datetime(2016, 3, 10, 2, 0, tzinfo=dt.timezone.utc)


def options(out: Path) -> BuildOptions:
    return BuildOptions(out_dir=out, jobs=1, formats=("html", "site"), render=RenderOptions(site_url=SITE), now=NOW)


def index_files(out: Path) -> dict[str, bytes]:
    folder = out / "site" / "pagefind"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def scratch_names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".pagefind")) if folder.is_dir() else []


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    return two_organisations(tmp_path / "releases")


@pytest.fixture
def memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for /dev/shm: a folder the tests can look into."""
    folder = tmp_path / "memory"
    folder.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDERS", (folder,))
    return folder


def spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, Path, int]]:
    """Record each run's pages folder, working folder and the working folder's mode."""
    runs: list[tuple[Path, Path, int]] = []
    real = search.index_site

    def recording(site_dir, work_dir, **kwargs):  # type: ignore[no-untyped-def]
        runs.append((Path(site_dir), Path(work_dir), stat.S_IMODE(os.stat(work_dir).st_mode)))
        return real(site_dir, work_dir, **kwargs)
    monkeypatch.setattr(search, "index_site", recording)
    return runs


def test_pagefind_works_in_memory_and_leaves_nothing_there(releases: Path, memory: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    runs = spy(monkeypatch)
    out = tmp_path / "out"
    report = build([releases], options(out))
    assert report.ok and not [p for p in report.all_problems if p.code == "search"]
    [(pages, work, mode)] = runs
    assert work.parent == memory and pages.parent == work and mode == 0o700  # private: the machine's other users
    assert scratch_names(memory) == [] and scratch_names(out) == []
    assert index_files(out)["pagefind-entry.json"].startswith(b"{")
    assert any(name.startswith("fragment/") for name in index_files(out))


def test_without_room_in_memory_it_works_in_the_output_folder_and_makes_the_same_index(
        releases: Path, memory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build([releases], options(tmp_path / "in-memory")).ok
    monkeypatch.setattr(search, "_MEMORY_MARGIN", 1 << 62)  # more than any machine has
    runs = spy(monkeypatch)
    out = tmp_path / "on-disk"
    assert build([releases], options(out)).ok
    assert runs[0][1].parent == out.resolve()
    assert scratch_names(out) == [] and scratch_names(memory) == []
    assert index_files(out) == index_files(tmp_path / "in-memory")  # byte for byte


def test_no_memory_folder_at_all(releases: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "MEMORY_FOLDERS", (tmp_path / "no-such-folder",))
    out = tmp_path / "out"
    assert build([releases], options(out)).ok
    assert "pagefind-entry.json" in index_files(out) and scratch_names(out) == []


def test_a_killed_builds_folder_in_memory_is_removed_and_no_other_builds(releases: Path, memory: Path,
                                                                      tmp_path: Path) -> None:
    """Only the folders named for this output folder: another build's, running beside it, is left alone."""
    out = tmp_path / "out"
    assert build([releases], options(out)).ok
    own = search._scratch_prefix(out)
    other = search._scratch_prefix(tmp_path / "another-out")
    for prefix in (own, other):
        (memory / f"{prefix}abcdefgh.tmp" / "pages").mkdir(parents=True)
    (memory / f"{own}link.tmp").symlink_to(tmp_path / "releases", target_is_directory=True)
    assert build([releases], options(out)).ok  # a no-op: nothing changed, the leftovers go all the same
    assert scratch_names(memory) == sorted([f"{other}abcdefgh.tmp", f"{own}link.tmp"])
    assert (tmp_path / "releases").is_dir()  # a link is not followed


def test_a_page_changed_after_it_was_written_is_not_indexed(releases: Path, memory: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages are copied into the working folder only with the hash they were written with."""
    from pressrelease.build import indexing

    out = tmp_path / "out"
    real = indexing.read_regular

    def swapped(path, limit=None, **kwargs):  # type: ignore[no-untyped-def]
        data = real(path, limit, **kwargs)
        return data.replace(b"Riverside", b"Swapside") if "riverside" in str(path) else data
    monkeypatch.setattr(indexing, "read_regular", swapped)
    assert build([releases], options(out)).ok
    entry = index_files(out)["pagefind-entry.json"]
    pages = sum(int(n) for n in re.findall(rb'"page_count":(\d+)', entry))
    assert pages == len(list((out / "site" / "releases").glob("*/index.html"))) - 1
