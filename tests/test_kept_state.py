"""What is kept between calls and builds is never kept past a change that matters.

The one-call API keeps a loader, sessions and their caches; build workers keep
a builder; each must notice what changed since it was made.
"""

from __future__ import annotations

import io
import shutil
import typing
from pathlib import Path

import pytest
from pypdf import PdfReader

import pressrelease
from pressrelease import RenderOptions, ResourceError, SourceError, load, render_pdf, render_text

from helpers import REFERENCE


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, folder)
    return folder / REFERENCE.name


def images_in(pdf: bytes) -> int:
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"].get_object()
    return len(resources.get("/XObject", {}))


def test_a_photo_that_failed_once_is_shown_when_it_is_back(copy: Path) -> None:
    release = load(copy)
    assert images_in(render_pdf(release)) == 1
    photo = copy.parent / "photos" / "placeholder-ipu-cambodia-mission.jpg"
    kept = photo.read_bytes()
    photo.unlink()
    with pytest.raises(ResourceError):
        render_pdf(release)
    photo.write_bytes(kept)
    assert images_in(render_pdf(release)) == 1


def test_the_kept_loader_sees_a_logo_come_and_go(copy: Path) -> None:
    org = copy.parent / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    with pytest.raises(SourceError, match="logo: file 'logo.png' does not exist"):
        load(copy)
    (copy.parent / "logo.png").write_text("not an image", encoding="utf-8")
    with pytest.raises(SourceError, match="is not a PNG, JPEG, GIF, WebP or SVG image"):
        load(copy)
    (copy.parent / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01" + bytes(48))
    assert load(copy).organisation.logo == (copy.parent / "logo.png").resolve()
    (copy.parent / "logo.png").unlink()
    with pytest.raises(SourceError, match="does not exist"):
        load(copy)


def test_the_one_call_loader_finds_an_organisation_file_that_came_went_or_moved(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    (outer / "releases").mkdir(parents=True)
    (outer / "organisation.yaml").write_text("name: Outer\n", encoding="utf-8")
    source = outer / "releases" / REFERENCE.name
    source.write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(REFERENCE.parent / "photos", outer / "releases" / "photos")
    assert load(source).organisation.name == "Outer"
    nearer = outer / "releases" / "organisation.yaml"
    nearer.write_text("name: Nearer\n", encoding="utf-8")
    assert load(source).organisation.name == "Nearer"
    nearer.unlink()
    assert load(source).organisation.name == "Outer"
    # the release's folder becomes a link to another folder, with its own organisation file
    other = tmp_path / "other"
    shutil.copytree(outer / "releases", other)
    (other / "organisation.yaml").write_text("name: Other\n", encoding="utf-8")
    shutil.rmtree(outer / "releases")
    (outer / "releases").symlink_to(other, target_is_directory=True)
    release = load(source)
    assert release.organisation.name == "Other"
    assert release.organisation.path == (other / "organisation.yaml").resolve()


def test_a_kept_session_sees_a_template_added_to_its_folder(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    release = load(REFERENCE)
    assert render_text(release, templates=[theme]).startswith("PRESS RELEASE")
    (theme / "release.txt").write_text("mine {{ release.headline }}\n", encoding="utf-8")
    assert render_text(release, templates=[theme]).startswith("mine IPU")


def test_template_folders_are_absolute_so_a_worker_elsewhere_finds_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert RenderOptions(templates=("theme",)).templates == (tmp_path / "theme",)


def test_the_public_types_can_be_introspected() -> None:
    for name in pressrelease.__all__:
        value = getattr(pressrelease, name)
        if isinstance(value, type) and not issubclass(value, BaseException):
            assert typing.get_type_hints(value), name
