"""Images in a release's Markdown: shown in every format, never remote, and rebuilt when they change."""

from __future__ import annotations

import base64
import io
import shutil
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from pressrelease import SourceError, load, render_html, render_pdf, render_text
from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

from helpers import MINIMAL, REFERENCE, FormatRenderer

PHOTO = REFERENCE.parent / "photos" / "placeholder-ipu-cambodia-mission.jpg"


def problems(path: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(SourceError) as caught:
        load(path)
    return list(caught.value.problems)


# -- remote images never reach an output ------------------------------------------


def test_image_tag_that_the_sanitiser_turns_into_img(write_release) -> None:
    found = problems(write_release(MINIMAL, body='Text.\n\n<image src="https://evil.example/a.png">\n'))
    assert found[0].message.startswith("image 'https://evil.example/a.png' is a URL")
    assert found[0].line == 9


def test_remote_image_in_the_organisation_boilerplate(write_release, release_dir: Path) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace(
        "boilerplate: Example is an organisation that exists for tests.",
        "boilerplate: '![t](https://evil.example/pixel.png) Example.'"), encoding="utf-8")
    found = problems(write_release(MINIMAL))
    assert found[0].path == org and found[0].line == 5
    assert "is a URL" in found[0].message


def test_remote_image_in_a_boilerplate_override(write_release) -> None:
    found = problems(write_release(MINIMAL + "organisation:\n  boilerplate: '![t](https://evil.example/p.png)'\n"))
    assert "is a URL" in found[0].message and found[0].line == 7


# -- images in the body work in every format -------------------------------------


@pytest.fixture
def with_body_image(write_release, release_dir: Path) -> Path:
    shutil.copy(PHOTO, release_dir / "map.jpg")
    return write_release(MINIMAL, body="Before.\n\n![A map of the region](map.jpg)\n\nAfter.\n")


def test_body_image_in_html_text_pdf_and_email(with_body_image: Path, theme) -> None:  # type: ignore[no-untyped-def]
    release = load(with_body_image)
    html = render_html(release)
    data = base64.b64encode(PHOTO.read_bytes()).decode()
    assert f'src="data:image/jpeg;base64,{data}"' in html
    assert "[Image: A map of the region]" in render_text(release)
    pdf = PdfReader(io.BytesIO(render_pdf(release)))
    assert len(pdf.pages[0]["/Resources"].get_object()["/XObject"]) == 1
    message = BytesParser(policy=policy.default).parsebytes(
        FormatRenderer("eml", RenderOptions()).render(release))
    image = next(p for p in message.walk() if p.get_content_type() == "image/jpeg")
    page = message.get_body(("html",)).get_content()
    assert f'src="cid:{image["Content-ID"][1:-1]}"' in page


def test_editing_a_body_image_rebuilds(with_body_image: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, formats=("html",))
    build([with_body_image], options)
    (with_body_image.parent / "map.jpg").write_bytes(PHOTO.read_bytes() + b"\0")
    assert len(build([with_body_image], options).built) == 1


def test_an_image_without_a_source_is_a_located_error(write_release) -> None:
    found = problems(write_release(MINIMAL, body="Text.\n\n<img src=\"\" alt=\"x\">\n"))
    assert found[0].message == "image '' is not a regular file" and (found[0].line, found[0].col) == (9, 6)


def test_a_percent_sign_in_a_file_name_is_read_as_written(write_release, release_dir: Path) -> None:
    shutil.copy(PHOTO, release_dir / "a%41.jpg")
    release = load(write_release(MINIMAL + "photos:\n  - file: a%41.jpg\n    alt: x\n"))
    pdf = PdfReader(io.BytesIO(render_pdf(release)))
    assert len(pdf.pages[0]["/Resources"].get_object()["/XObject"]) == 1


def test_an_image_in_an_overridden_boilerplate_is_the_organisation_folders(write_release, release_dir: Path) -> None:
    (release_dir / "org").mkdir()
    (release_dir / "organisation.yaml").rename(release_dir / "org" / "organisation.yaml")
    shutil.copy(PHOTO, release_dir / "org" / "map.jpg")
    (release_dir / "org" / "rel").mkdir()
    path = release_dir / "org" / "rel" / "r.md"
    path.write_text(f"---\n{MINIMAL}organisation:\n  boilerplate: '![m](map.jpg)'\n---\nBody.\n", encoding="utf-8")
    assert "data:image/jpeg;base64," in render_html(load(path))  # checked where it is read from


def test_a_line_break_in_a_body_image_name_is_refused_for_the_email(write_release, release_dir: Path) -> None:
    name = "a\r\nX-Injected: yes.jpg"
    shutil.copy(PHOTO, release_dir / name)
    found = problems(write_release(MINIMAL, body="![x](a%0D%0AX-Injected:%20yes.jpg)\n"))  # refused by check now
    assert "the file name contains a line break or control character (U+000D)" in found[0].message and found[0].line == 7
