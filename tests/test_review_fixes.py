"""Regression tests for defects found in review: each one failed before its fix."""

from __future__ import annotations

import base64
import io
import shutil
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from pypdf import PdfReader

import pressrelease.build as build_module
import pressrelease.build.writer as writer_module
from pressrelease import SourceError, load, render_html, render_pdf, render_text
from pressrelease.build import BuildOptions, build, write_all_atomic
from pressrelease.cli import main
from pressrelease.formats import RenderOptions

from helpers import MINIMAL, REFERENCE, FormatRenderer

PHOTO = REFERENCE.parent / "photos" / "placeholder-ipu-cambodia-mission.jpg"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


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


# -- bad input is a located error, never a crash --------------------------------------


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("embargo: 2016-02-19T10:00+24:00", "is not a UTC offset"),
        ("embargo: 2016-02-19T10:00+01:60", "is not a UTC offset"),
        ("embargo: 2016-02-19 10:00 Europe", "unknown time zone 'Europe'"),
        ("embargo: 9999-12-31 23:00 America/New_York", "is out of range"),
        ("embargo: 0001-01-01 00:30 Europe/Zurich", "is out of range"),
        ("style: {date_format: dddd}", "is not a date pattern"),
        ("organisation: {labels: {en: {embargoed: 'Until {when}'}}}", "uses {when}"),
        ("organisation: {labels: {en: {subject_embargoed: '{0}'}}}", "uses {0}"),
        ("organisation: {labels: {en: {kind: '{headline.__class__}'}}}", "uses {headline.__class__}"),
        ("organisation: {labels: {[a]: {kind: x}}}", "is not a language tag"),
        ("organisation: {labels: {en: {kind: a}, en: {kind: b}}}", "is given twice"),
        ("organisation: {lint: {headline_max: '²'}}", "must be a whole number"),
    ],
)
def test_inputs_that_used_to_crash(write_release, line: str, fragment: str) -> None:
    path = write_release(MINIMAL + line + "\n")
    code, _, err = run("check", str(path))
    assert code == 1, err
    assert fragment in err
    assert ":6:" in err  # located on the line that says it


def test_nul_byte_in_an_image_name(write_release) -> None:
    code, _, err = run("check", str(write_release(MINIMAL, body="![x](a%00.png)\n")))
    assert code == 1 and "does not exist" in err


def test_odd_list_start_renders(write_release) -> None:
    release = load(write_release(MINIMAL, body='<ol start="x"><li>one</li></ol>\n'))
    assert "1. one" in render_text(release)


def test_a_crash_in_one_release_does_not_stop_the_others(write_release, tmp_path: Path, monkeypatch) -> None:
    first = write_release(MINIMAL, name="a.md")
    second = write_release(MINIMAL, name="b.md")
    original = build_module.Builder.render

    def explode_on_a(self, view):  # type: ignore[no-untyped-def]
        if view.release.name == "a":
            raise RuntimeError("boom")
        return original(self, view)

    monkeypatch.setattr(build_module.Builder, "render", explode_on_a)
    code, out, err = run("build", str(first), str(second), "-o", str(tmp_path / "out"), "-f", "txt", "-j", "1")
    assert code == 2
    assert "internal error: RuntimeError: boom" in err
    assert (tmp_path / "out" / "b.txt").exists()


def test_messages_cannot_forge_lines(write_release) -> None:
    path = write_release('headline: x\ndateline: "x\\n::error file=README.md::forged\\u001b[31m"\n')
    code, out, err = run("check", str(path))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "\x1b" not in err and "\\u000a::error" in err


# -- incremental build edge cases ---------------------------------------------------


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "rel"
    root.mkdir()
    shutil.copy(REFERENCE.parent / "organisation.yaml", root)
    text = f"---\n{MINIMAL}---\nBody.\n"
    for name in ("a", "b"):
        (root / f"{name}.md").write_text(text, encoding="utf-8")
    return root


def test_moving_a_source_keeps_its_outputs(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    options = BuildOptions(out_dir=out, formats=("txt",))
    build([root], options)
    (root / "2016").mkdir()
    (root / "a.md").rename(root / "2016" / "a.md")
    report = build([root], options)
    assert report.removed == []
    assert (out / "a.txt").exists()


def test_building_one_format_keeps_the_others(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    build([root], BuildOptions(out_dir=out, formats=("txt",)))
    build([root], BuildOptions(out_dir=out, formats=("html",)))
    assert (out / "a.txt").exists() and (out / "a.html").exists()
    (root / "a.md").unlink()
    build([root], BuildOptions(out_dir=out, formats=("html",)))
    assert not (out / "a.txt").exists() and not (out / "a.html").exists()  # all of a deleted source's outputs
    build([root], BuildOptions(out_dir=out, formats=("html",), clean=True))
    assert sorted(p.name for p in out.iterdir()) == [".pressrelease-manifest.json", "b.html", "releases.json"]


def test_adding_a_nearer_organisation_file_rebuilds(tmp_path: Path) -> None:
    root, out = _folder(tmp_path), tmp_path / "out"
    (root / "sub").mkdir()
    (root / "a.md").rename(root / "sub" / "a.md")
    options = BuildOptions(out_dir=out, formats=("txt",))
    build([root], options)
    assert build([root], options).built == []
    (root / "sub" / "organisation.yaml").write_text("name: Nearer Org\n", encoding="utf-8")
    report = build([root], options)
    assert [o.source.name for o in report.built] == ["a.md"]
    assert load(root / "sub" / "a.md").organisation.name == "Nearer Org"


def test_clean_refuses_to_touch_the_sources(tmp_path: Path) -> None:
    root = _folder(tmp_path)
    code, _, err = run("build", str(root), "-o", str(root), "-f", "txt", "--clean")
    assert code == 1 and "overlap" in err
    assert (root / "a.md").exists()
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("build", str(root), "-o", str(stranger), "-f", "txt", "--clean")
    assert code == 1 and "no .pressrelease-manifest.json" in err
    assert (stranger / "keep.txt").exists()


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
