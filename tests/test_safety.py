"""Release sources are semi-trusted: nothing in one may run, leak or fetch."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from pressrelease import ResourceError, SourceError, load, render_html, render_pdf
from pressrelease.cli import main
from pressrelease.source.markdown import render_markdown

from helpers import MINIMAL


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[x](javascript:alert(1))", "javascript:"),
        ('<a href="data:text/html,hi">x</a>', "data:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<link rel="attachment" href="file:///etc/passwd">', "<link"),
        ('<p style="background:url(http://evil)">x</p>', "style="),
        ("<style>body{}</style>", "<style"),
        ('<object data="x.swf"></object>', "<object"),
        ('<svg><image href="file:///etc/passwd"/></svg>', "<svg"),
        ('<a href="file:///etc/passwd">x</a>', "file:"),
    ],
)
def test_raw_html_is_sanitised(markdown: str, forbidden: str) -> None:
    assert forbidden not in render_markdown(markdown)


def test_allowed_links_survive() -> None:
    html = render_markdown("[a](https://a.org) [b](mailto:b@c.org) [c](tel:+41220000000) [d](http://d.org)")
    for href in ("https://a.org", "mailto:b@c.org", "tel:+41220000000", "http://d.org"):
        assert f'href="{href}"' in html


def test_yaml_values_are_escaped_in_html(write_release) -> None:
    path = write_release(MINIMAL.replace("Example opens a new office", '"<script>alert(1)</script> & co"'))
    html = render_html(load(path))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


@pytest.mark.parametrize("src", ["/etc/passwd", "../../../../etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x.png"])
def test_body_images_outside_the_folder_are_located_errors(write_release, src: str) -> None:
    path = write_release(MINIMAL, body=f"Intro.\n\n![secret]({src})\n")
    with pytest.raises(SourceError) as caught:
        load(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == (9, 11)
    assert "image" in problem.message


def test_symlink_out_of_the_folder_is_refused(write_release, release_dir: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "photo.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    (release_dir / "link.png").symlink_to(outside)
    path = write_release(MINIMAL + "photos:\n  - file: link.png\n")
    with pytest.raises(SourceError) as caught:
        load(path)
    assert "outside the release's folder" in caught.value.problems[0].message


def test_etc_passwd_cannot_reach_a_pdf(reference, pdf_renderer) -> None:
    """Even a release built in code that names /etc/passwd gets a located refusal, not a PDF."""
    import dataclasses

    from pressrelease.model import Photo

    hostile = dataclasses.replace(reference, photos=(Photo(file=Path("/etc/passwd"), caption="x"),))
    with pytest.raises(ResourceError) as caught:
        pdf_renderer.render(hostile)
    assert "/etc/passwd" in caught.value.problems[0].message
    with pytest.raises(ResourceError):
        render_html(hostile)


def test_template_stylesheet_cannot_read_outside(reference, tmp_path: Path) -> None:
    (tmp_path / "print.css").write_text(
        '@import url("http://127.0.0.1:9/x.css");\nbody { background: url("file:///etc/passwd"); }\n'
        '{% include "builtin/print.css" %}\n', encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        render_pdf(reference, templates=[tmp_path])
    problems = caught.value.problems
    assert {p.path for p in problems} == {tmp_path / "print.css"}
    assert sorted(p.line for p in problems) == [1, 2]


def test_pdf_holds_no_attachment_or_foreign_file(reference, pdf_renderer) -> None:
    from io import BytesIO

    reader = PdfReader(BytesIO(pdf_renderer.render(reference)))
    assert not reader.attachments
    assert b"root:x:0:0" not in pdf_renderer.render(reference)


# -- the PDF's URL fetcher ----------------------------------------------------


def _override(tmp_path: Path, css: str) -> Path:
    (tmp_path / "print.css").write_text('{% include "builtin/print.css" %}\n' + css + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    "css",
    [
        'body { background: url("../../../../../../etc/passwd"); }',
        'body { background: url("file:///etc/hostname"); }',
        'body { background: url("http://127.0.0.1:9/x.png"); }',
        'body { background: url("https://example.org/x.png"); }',
    ],
)
def test_stylesheet_urls_outside_are_refused(reference, tmp_path: Path, css: str) -> None:
    with pytest.raises(ResourceError) as caught:
        render_pdf(reference, templates=[_override(tmp_path, css)])
    problem = caught.value.problems[0]
    assert problem.path == tmp_path / "print.css" and problem.line == 2
    assert problem.message.startswith("refused to read")


def test_symlink_in_a_template_folder_pointing_outside(reference, tmp_path: Path, tmp_path_factory) -> None:
    secret = tmp_path_factory.mktemp("secret") / "secret.png"
    secret.write_bytes((Path(__file__).parent.parent / "releases" / "photos" /
                        "placeholder-ipu-cambodia-mission.jpg").read_bytes())
    (tmp_path / "innocent.png").symlink_to(secret)
    with pytest.raises(ResourceError) as caught:
        render_pdf(reference, templates=[_override(tmp_path, 'body { background: url("{{ asset_url(\'innocent.png\') }}"); }')])
    assert "outside the template folder" in caught.value.problems[0].message  # refused before anything is read


def test_data_uris_and_template_files_are_allowed(reference, tmp_path: Path) -> None:
    import base64

    png = (Path(__file__).parent.parent / "releases" / "photos" / "placeholder-ipu-cambodia-mission.jpg").read_bytes()
    (tmp_path / "texture.png").write_bytes(png)
    css = (f'.kind {{ background: url("data:image/png;base64,{base64.b64encode(png).decode()}"); }}\n'
           '.headline { background: url("{{ asset_url(\'texture.png\') }}"); }')
    assert render_pdf(reference, templates=[_override(tmp_path, css)]).startswith(b"%PDF-")


def test_a_missing_image_is_an_error_not_a_blank(reference, tmp_path: Path) -> None:
    (tmp_path / "release.html").write_text(
        '{% extends "builtin/release.html" %}{% block letterhead %}<img src="stamp.png">{% endblock %}',
        encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        render_pdf(reference, templates=[tmp_path])
    problem = caught.value.problems[0]
    assert "does not exist" in problem.message
    assert problem.path == tmp_path / "release.html"


def test_a_broken_image_is_an_error(reference, tmp_path: Path) -> None:
    import dataclasses

    from pressrelease import RenderError
    from pressrelease.model import Photo

    bad = tmp_path / "broken.png"
    # A PNG by its header (which our check reads), garbage after it (which only the decoder reads).
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10" + b"garbage" * 10)
    release = dataclasses.replace(reference, base_dir=tmp_path, photos=(Photo(file=bad, caption="x"),))
    with pytest.raises(RenderError) as caught:
        render_pdf(release)
    problem = caught.value.problems[0]
    assert "WeasyPrint" in problem.message and (problem.line, problem.col) != (0, 0)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_messages_cannot_forge_lines(write_release) -> None:
    path = write_release('headline: x\ndateline: "x\\n::error file=README.md::forged\\u001b[31m"\n')
    code, out, err = run("check", str(path))
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "\x1b" not in err and "\\u000a::error" in err


# -- the Markdown shortcut changes nothing -----------------------------------------------

import markdown as markdown_module  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from markdown.extensions.sane_lists import SaneListExtension  # noqa: E402

from pressrelease.source import markdown as our_markdown  # noqa: E402

MARKDOWN_PIECES = st.sampled_from([
    "plain words", "ü ខ្មែរ عربي", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]",
    "(", ")", "!", "![", "<", ">", "&", "&amp;", "&#35;", "<b>", "</b>", "<http://x.org>", "<a@b.org>",
    "[x](https://x.org)", "[x][r]\n\n[r]: https://r.org\n", "# h\n", "- item\n", "1. one\n", "> q\n", "    code\n",
    "<div>\nblock\n</div>\n", "<!-- c -->", "snake_case_word", "2 * 3 * 4", "a_b_", "\t",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=25).map("".join))
def test_skipping_plain_text_gives_python_markdowns_own_html(text: str) -> None:
    plain = markdown_module.Markdown(extensions=[SaneListExtension()], output_format="html")
    assert our_markdown._converter().convert(text) == plain.convert(text)


def test_the_shortcut_is_installed() -> None:
    inline = our_markdown._converter().treeprocessors["inline"]
    assert inline.__dict__.get("_InlineProcessor__handleInline") is not None
