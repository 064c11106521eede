"""Images a release refers to: images by content, within limits, never hidden or outside; located errors."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from pressrelease import RenderError, SourceError, load, render_pdf

from helpers import MINIMAL, REFERENCE

PHOTO = REFERENCE.parent / "photos" / "placeholder-ipu-cambodia-mission.jpg"


def problems(path: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(SourceError) as caught:
        load(path)
    return list(caught.value.problems)


def _png(width: int, height: int) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    rows = zlib.compress(b"\x00" * (width // 8 + 1), 9) if width < 100 else zlib.compress(bytes(width * 4 + 1), 9)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


@pytest.fixture
def project(release_dir: Path) -> Path:
    (release_dir / ".git").mkdir()
    (release_dir / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: token\n", encoding="utf-8")
    (release_dir / ".env").write_text("TOKEN=secret\n", encoding="utf-8")
    (release_dir / "releases").mkdir()
    return release_dir


def _release(project: Path, body: str, extra: str = "") -> Path:
    path = project / "releases" / "r.md"
    path.write_text(f"---\n{MINIMAL}{extra}---\nText.\n\n{body}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("body", ["![x](../.git/config)", '<img src="../.git/config">', "![x](../.env)"])
def test_hidden_files_are_refused_located(project: Path, body: str) -> None:
    found = problems(_release(project, body))
    assert found[0].line == 9 and found[0].col > 1
    assert ".git" in found[0].message or ".env" in found[0].message


def test_hidden_file_through_the_boilerplate(project: Path) -> None:
    org = project / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace(
        "boilerplate: Example is an organisation that exists for tests.",
        "boilerplate: '![t](.git/config) Example.'"), encoding="utf-8")
    found = problems(_release(project, ""))
    assert found[0].path == org and found[0].line == 5 and ".git" in found[0].message


def test_a_link_out_is_refused(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "a.jpg"
    shutil.copy(PHOTO, outside)
    (project / "releases" / "a.jpg").symlink_to(outside)
    (project / "releases" / "b.jpg").symlink_to(project / ".git" / "config")
    found = problems(_release(project, "![a](a.jpg)\n\n![b](b.jpg)"))
    assert "outside" in found[0].message and found[0].line == 9
    assert ".git" in found[1].message and found[1].line == 11


def test_content_not_an_image(project: Path) -> None:
    (project / "releases" / "notes.png").write_text("hello", encoding="utf-8")
    found = problems(_release(project, "![x](notes.png)"))
    assert "is not a PNG, JPEG, GIF or WebP image" in found[0].message and found[0].line == 9


def test_pixel_bomb(project: Path) -> None:
    (project / "releases" / "bomb.png").write_bytes(_png(20000, 20000))
    found = problems(_release(project, "![x](bomb.png)", "photos:\n  - file: bomb.png\n"))
    assert all("20000 x 20000 pixels" in p.message for p in found) and len(found) == 2
    assert {p.line for p in found} == {7, 11}


def test_many_photos_refused_quickly(project: Path) -> None:

    shutil.copy(PHOTO, project / "releases" / "p.jpg")
    found = problems(_release(project, "", "photos:\n" + "  - file: p.jpg\n" * 20000))
    assert "at most 100 photos" in found[0].message and found[0].line == 107


@pytest.mark.parametrize("name", ["a\r\nX-Inj: 1.jpg", "=?utf-8?q?X?=.jpg"])
def test_file_names_that_reach_headers(project: Path, name: str) -> None:
    shutil.copy(PHOTO, project / "releases" / name)
    from urllib.parse import quote

    found = problems(_release(project, f"![x]({quote(name)})"))
    assert "the file name contains" in found[0].message and found[0].line == 9


def test_a_file_replaced_after_load_is_located(project: Path) -> None:
    shutil.copy(PHOTO, project / "releases" / "map.jpg")
    release = load(_release(project, "![x](map.jpg)"))
    (project / "releases" / "map.jpg").write_bytes(_png(20000, 20000))
    with pytest.raises(RenderError) as caught:
        render_pdf(release)
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == (9, 6) and "pixels" in problem.message


def test_an_asset_swapped_for_a_named_pipe_after_its_check_is_refused_not_waited_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_asset reads a regular file only, opened without waiting: a pipe put where resolve_asset found a
    file (between its stat and the read) would have held the render for ever with a plain open()."""
    import os

    import pressrelease.formats.assets as assets

    pipe = tmp_path / "photo.jpg"
    os.mkfifo(pipe)
    monkeypatch.setattr(assets, "resolve_asset", lambda path, roots: path)  # the check passed, then the swap
    with pytest.raises(assets.AssetRefused, match="cannot be read"):
        assets.read_asset(pipe, [tmp_path])
