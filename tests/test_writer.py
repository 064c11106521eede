"""The output folder's writer: files appear whole or not at all, and identical bytes are not rewritten."""

from __future__ import annotations

from pathlib import Path

import pytest

import pressrelease.build.writer as writer_module
from pressrelease.build import write_all_atomic
from pressrelease.build.writer import OutputFolder


def test_all_or_nothing_writes(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "a.html", tmp_path / "a.pdf"
    first.write_text("old", encoding="utf-8")
    real = writer_module.tempfile.NamedTemporaryFile
    calls = {"n": 0}

    def fail_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer_module.tempfile, "NamedTemporaryFile", fail_second)
    with pytest.raises(OSError):
        write_all_atomic({first: b"new", second: b"new"})
    assert first.read_text(encoding="utf-8") == "old"
    assert not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html"]  # no temporary file left


def test_identical_bytes_are_not_rewritten(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path)
    target = folder.file("releases.json")
    assert folder.write_if_changed(target, b"[]\n") is True
    before = target.stat()
    assert folder.write_if_changed(target, b"[]\n") is False
    after = target.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert folder.write_if_changed(target, b"[1]\n") is True
    assert target.read_bytes() == b"[1]\n"
