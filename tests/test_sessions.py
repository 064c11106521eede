"""What a kept session reuses between releases, and what it must never reuse wrongly.

The one-call API and each build worker keep one session: the theme, the
fonts, the parsed stylesheets and the decoded images. A kept image must not
outlive a change to its file, nor reach a release that may not read it; a
kept template must not outlive an edit.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

import pressrelease.formats.pdf.renderer as pdf_module
from pressrelease import Photo, RenderOptions, ResourceError, api, load, render_pdf, render_text
from pressrelease.formats.session import RenderSession

from helpers import REFERENCE, RIVERSIDE


def test_the_api_keeps_one_session_per_options() -> None:
    assert api.session(RenderOptions()) is api.session(RenderOptions())
    assert api.session(RenderOptions(paper="letter")) is not api.session(RenderOptions())
    render_pdf(load(REFERENCE))
    renderer = api.session(RenderOptions()).renderer("pdf")
    render_pdf(load(REFERENCE))
    assert api.session(RenderOptions()).renderer("pdf") is renderer  # one FontConfiguration, one set of caches


def test_the_house_stylesheet_is_parsed_once(tmp_path: Path, monkeypatch) -> None:
    parsed: list[str] = []
    original = pdf_module.CSS

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(kwargs["string"][:40])
        return original(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "CSS", counting)
    session = RenderSession(RenderOptions())
    release = load(REFERENCE)
    for number in range(3):
        session.render(dataclasses.replace(release, headline=f"Release {number}", short_headline=f"Release {number}"),
                       "pdf")
    # style.css (with its @font-face rules) once; print.css, which holds each release's running head, per document
    assert len(parsed) == 1 + 3


def image_streams(pdf: bytes) -> list[tuple[int, int, bytes]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    xobjects = page["/Resources"].get_object()["/XObject"]
    images = [xobjects[name].get_object() for name in sorted(xobjects)]
    return [(int(image["/Width"]), int(image["/Height"]), image.get_data()) for image in images]


def test_a_changed_photo_is_not_served_from_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, folder)
    release = load(folder / REFERENCE.name)
    session = RenderSession(RenderOptions())
    first = image_streams(session.render(release, "pdf"))  # type: ignore[arg-type]
    photo = folder / "photos" / "placeholder-ipu-cambodia-mission.jpg"
    photo.write_bytes((RIVERSIDE.parent / "library.jpg").read_bytes())
    second = image_streams(session.render(load(folder / REFERENCE.name), "pdf"))  # type: ignore[arg-type]
    fresh = image_streams(RenderSession(RenderOptions()).render(load(folder / REFERENCE.name), "pdf"))  # type: ignore[arg-type]
    assert second != first and second == fresh


def test_a_cached_photo_never_reaches_a_release_that_may_not_read_it(tmp_path: Path) -> None:
    session = RenderSession(RenderOptions())
    reference = load(REFERENCE)
    session.render(reference, "pdf")  # the photo is now in the cache
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    other = dataclasses.replace(load(RIVERSIDE), base_dir=elsewhere,
                                organisation=dataclasses.replace(reference.organisation, base_dir=elsewhere),
                                photos=(Photo(file=reference.photos[0].file, alt="x"),))
    with pytest.raises(ResourceError, match="outside the release's folder"):
        session.render(other, "pdf")


def test_a_kept_theme_sees_an_edited_template(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "release.txt").write_text("one {{ release.headline }}\n", encoding="utf-8")
    release = load(REFERENCE)
    assert render_text(release, templates=[theme]).startswith("one IPU")
    (theme / "release.txt").write_text("two {{ release.headline }}\n", encoding="utf-8")
    assert render_text(release, templates=[theme]).startswith("two IPU")


def test_load_sees_an_edited_or_a_nearer_organisation_file(tmp_path: Path) -> None:
    folder = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, folder)
    source = folder / REFERENCE.name
    assert load(source).organisation.name == "Inter-Parliamentary Union"
    org = folder / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("name: Inter-Parliamentary Union", "name: IPU Geneva"),
                   encoding="utf-8")
    assert load(source).organisation.name == "IPU Geneva"
    (folder / "sub").mkdir()
    moved = folder / "sub" / REFERENCE.name
    source.rename(moved)
    (folder / "photos").rename(folder / "sub" / "photos")
    (folder / "sub" / "organisation.yaml").write_text("name: Nearer\n", encoding="utf-8")
    assert load(moved).organisation.name == "Nearer"


def test_render_html_and_render_text_of_one_release_share_its_view() -> None:
    release = load(REFERENCE)
    kept = api.session(RenderOptions())
    render_text(release)
    assert kept.view(release) is kept.view(release)
    assert kept.view(dataclasses.replace(release)) is not kept.view(release)  # equal is not the same release
