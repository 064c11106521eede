"""The output folder's writer: files appear whole or not at all, and identical bytes are not rewritten."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pressrelease.build import write_all_atomic
from pressrelease.build.manifest import file_state
from pressrelease.build.writer import OutputFolder


def test_all_or_nothing_writes(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "a.html", tmp_path / "a.pdf"
    first.write_text("old", encoding="utf-8")
    real = os.open
    calls = {"n": 0}

    def fail_second(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & os.O_CREAT:
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(28, "No space left on device")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", fail_second)
    with pytest.raises(OSError):
        write_all_atomic({first: b"new", second: b"new"})
    assert first.read_text(encoding="utf-8") == "old"
    assert not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]  # no temporary file left


def test_the_states_written_are_the_files_states(tmp_path: Path) -> None:
    """What the writer says it wrote (no file read back) is what a stat and a hash of the file find."""
    files = {tmp_path / "a.html": b"<p>a</p>", tmp_path / "sub" / "b.txt": b"", tmp_path / "c.bin": bytes(range(256)) * 999}
    states = write_all_atomic(files)
    assert states == {path: file_state(path) for path in files}
    assert {path: path.read_bytes() for path in files} == files
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o644 for path in files)
    assert not list(tmp_path.rglob("*.tmp"))


def test_identical_bytes_are_not_rewritten(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    target = folder.file("releases.json")
    written, state = folder.write_if_changed(target, b"[]\n")
    assert written and state == file_state(target)
    before = target.stat()
    assert folder.write_if_changed(target, b"[]\n") == (False, state)
    after = target.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    written, state = folder.write_if_changed(target, b"[1]\n")
    assert written and state == file_state(target)
    assert target.read_bytes() == b"[1]\n"


def test_a_link_is_made_in_place_when_new_and_replaced_whole_when_not(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    source, other = folder.file("a.html"), folder.file("b.html")
    write_all_atomic({source: b"a", other: b"b"})
    page = folder.file("site/releases/a/index.html")
    folder.link(page, source)
    assert page.stat().st_ino == source.stat().st_ino
    folder.link(page, other)  # there already: another file now, never a mix
    assert page.stat().st_ino == other.stat().st_ino and page.read_bytes() == b"b"
    assert source.read_bytes() == b"a"
    assert not list(tmp_path.rglob("*.tmp"))
