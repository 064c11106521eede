"""The PDF, read back with pypdf: layout conventions, branding, metadata,
reproducibility, the archival and accessible variants.

Nothing here compares bytes with a file made on another machine; the
reproducibility test compares two renders made here, in two processes.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from pressrelease import Release, load, render_html, render_pdf
from pressrelease.model import FontFile
from pressrelease.formats import RenderOptions

from helpers import REFERENCE, RIVERSIDE, ROOT, FormatRenderer


def read(pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(pdf))


def pages_text(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def fonts_of(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture(scope="module")
def reference_pdf(reference: Release, pdf_renderer) -> PdfReader:  # type: ignore[no-untyped-def]
    return read(pdf_renderer.render(reference))


@pytest.fixture(scope="module")
def riverside() -> Release:
    return load(RIVERSIDE)


@pytest.fixture(scope="module")
def riverside_pdf(riverside: Release, pdf_renderer) -> PdfReader:  # type: ignore[no-untyped-def]
    return read(pdf_renderer.render(riverside))


# -- pages and layout -------------------------------------------------------


def test_reference_pages_and_size(reference_pdf: PdfReader) -> None:
    assert len(reference_pdf.pages) == 2
    box = reference_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_letter_paper(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    pdf = FormatRenderer("pdf", RenderOptions(paper="letter")).render(reference)
    box = read(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_paper_from_the_house_style(reference: Release) -> None:
    letter = dataclasses.replace(reference, style=dataclasses.replace(reference.house_style, paper="letter"))
    box = read(render_pdf(letter)).pages[0].mediabox
    assert round(float(box.width)) == 612


def test_page_one_has_letterhead_label_release_line_and_headline(reference_pdf: PdfReader) -> None:
    lines = [line.strip() for line in pages_text(reference_pdf)[0].splitlines()]
    assert lines[:5] == ["Inter-Parliamentary Union www.ipu.org", "PRESS RELEASE", "FOR IMMEDIATE RELEASE",
                         "IPU Cambodia mission urges dialogue to", "resolve MPs’ cases"]


def test_embargo_line_in_the_embargo_zone(riverside_pdf: PdfReader) -> None:
    assert "EMBARGOED UNTIL 09:00 UTC+07:00, 10 MARCH 2016" in pages_text(riverside_pdf)[0]


def test_lead_dateline(riverside_pdf: PdfReader) -> None:
    text = " ".join(pages_text(riverside_pdf)[0].split())
    assert "PHNOM PENH, 10 March 2016 – The Riverside Literacy Fund today opened" in text


def test_long_release_runs_to_three_pages(riverside_pdf: PdfReader) -> None:
    assert len(riverside_pdf.pages) >= 3


def test_page_furniture(riverside_pdf: PdfReader) -> None:
    """Running head from page 2, '-more-' on every page but the last, 'Page n of N' on all."""
    pages = pages_text(riverside_pdf)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        furniture = "\n".join(text.splitlines()[-2:])  # pypdf puts margin boxes last
        assert f"Page {number} of {total}" in furniture
        assert ("-more-" in furniture) == (number < total)
        assert ("Riverside Literacy Fund opens 40 village libraries across…" in furniture) == (number > 1)
        assert "-more-" not in "\n".join(text.splitlines()[:-2])


def test_short_headline_overrides_the_running_head(reference: Release) -> None:
    short = dataclasses.replace(reference, short_headline="IPU mission to Cambodia")
    pages = pages_text(read(render_pdf(short)))
    assert "IPU mission to Cambodia" in pages[1] and "IPU mission to Cambodia" not in pages[0]


def test_single_page_release_has_no_more_mark(reference: Release) -> None:
    short = dataclasses.replace(reference, body="One short paragraph.", photos=())
    pages = pages_text(read(render_pdf(short)))
    assert len(pages) == 1
    assert "-more-" not in pages[0]
    assert "Page 1 of 1" in pages[0]


def test_end_mark_sits_between_body_and_boilerplate(reference_pdf: PdfReader) -> None:
    text = re.sub(r"\s+", " ", "\n".join(pages_text(reference_pdf)))
    assert text.index("hold discussions with officials.") < text.index("# # #") < text.index(
        "The Inter-Parliamentary Union (IPU) is the global")


@pytest.mark.parametrize("mark", ["-ends-", "ENDS"])
def test_end_mark_is_configurable(reference: Release, mark: str) -> None:
    ended = dataclasses.replace(reference, style=dataclasses.replace(reference.house_style, end_mark=mark))
    text = "\n".join(pages_text(read(render_pdf(ended))))
    spaced = " ".join(mark)  # the end mark is letter-spaced, which text extraction shows as spaces
    assert mark in text or spaced in text
    assert "# # #" not in text


def test_photo_stays_with_its_caption(riverside_pdf: PdfReader) -> None:
    first = pages_text(riverside_pdf)[0]
    assert "Children at the new library in Kampong Cham" in first
    assert "© Riverside Literacy Fund / S. Chan" in first
    images = list(riverside_pdf.pages[0]["/Resources"].get_object()["/XObject"])
    assert len(images) == 1  # the photo (the SVG logo is drawn as vectors)


def test_headings_are_followed_by_their_text_on_the_same_page(riverside_pdf: PdfReader) -> None:
    pages = pages_text(riverside_pdf)
    for heading, follower in [("What the libraries offer", "Each library is housed"),
                              ("How the pilot was run", "The pilot began in January 2014"),
                              ("Funding and next steps", "The expansion is funded")]:
        page = next(i for i, text in enumerate(pages) if heading in text)
        assert follower in pages[page]


def test_contact_block_is_kept_whole(reference_pdf: PdfReader, riverside_pdf: PdfReader) -> None:
    for reader, lines in [
        (reference_pdf, ["For further information, please contact", "Jemini Pandya", "+41 79 217 33 74", "jep@ipu.org"]),
        (riverside_pdf, ["For further information, please contact", "Amélie Dubois", "+855 12 345 678",
                         "press@riverside-literacy.example.org"]),
    ]:
        pages = pages_text(reader)
        holding = {i for i, text in enumerate(pages) for line in lines if line in text}
        assert len(holding) == 1


def _hyphenated(text: str, source: str) -> list[tuple[str, str]]:
    """The words of ``source`` the PDF's text breaks across a line with a hyphen."""
    splits = re.findall(r"(\w+)[-\u2010\u00ad]\n(\w+)", text)
    return [(a, b) for a, b in splits if (a + b) in source and f"{a}-{b}" not in source]


def test_no_word_is_hyphenated_by_default(reference_pdf: PdfReader) -> None:
    """A journalist who copies a quote gets whole words: hyphenation is the house style's choice."""
    source = REFERENCE.read_text(encoding="utf-8")
    assert _hyphenated("\n".join(pages_text(reference_pdf)), source) == []
    assert "hyphens: auto" not in render_html(load(REFERENCE))


def test_hyphenate_breaks_long_lowercase_words_only(reference: Release, pdf_renderer) -> None:  # type: ignore[no-untyped-def]
    source = REFERENCE.read_text(encoding="utf-8")
    style = dataclasses.replace(reference.house_style, hyphenate=True)
    reader = PdfReader(BytesIO(pdf_renderer.render(dataclasses.replace(reference, style=style))))
    splits = _hyphenated("\n".join(pages_text(reader)), source)
    assert splits, "no word was hyphenated across a line"
    for before, after in splits:
        word = before + after
        assert len(word) >= 8 and len(before) >= 3 and len(after) >= 3, word
        assert not word[0].isupper(), f"the name {word} was broken"


# -- fonts and branding -----------------------------------------------------


def test_bundled_font_is_used(reference_pdf: PdfReader) -> None:
    assert fonts_of(reference_pdf) == {"pressrelease-Noto-Sans", "pressrelease-Noto-Sans-Bold"}


def test_font_licence_ships_with_the_font() -> None:
    fonts = ROOT / "templates" / "fonts"
    assert "SIL OPEN FONT LICENSE" in (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in fonts.glob("*.ttf")) == [
        "NotoSans-Bold.ttf", "NotoSans-BoldItalic.ttf", "NotoSans-Italic.ttf", "NotoSans-Regular.ttf",
        "NotoSansArabic-Bold.ttf", "NotoSansArabic-Regular.ttf", "NotoSansKhmer-Bold.ttf", "NotoSansKhmer-Regular.ttf"]


def test_organisation_font_files(reference: Release, tmp_path: Path) -> None:
    """An organisation's own font file is embedded and used for the text."""
    font = tmp_path / "brand.ttf"
    shutil.copy(ROOT / "templates" / "fonts" / "NotoSans-Italic.ttf", font)
    org = dataclasses.replace(reference.organisation, base_dir=tmp_path)
    style = dataclasses.replace(reference.house_style, font_family="Brand Sans",
                                fonts=(FontFile(file=font, weight=400),))
    branded = dataclasses.replace(reference, organisation=org, style=style)
    assert "Brand-Sans" in fonts_of(read(render_pdf(branded)))  # no such font is installed: it is the file


def test_organisation_fonts_from_the_organisation_file(write_release, release_dir: Path) -> None:
    (release_dir / "fonts").mkdir()
    shutil.copy(ROOT / "templates" / "fonts" / "NotoSans-Italic.ttf", release_dir / "fonts" / "brand.ttf")
    org = release_dir / "organisation.yaml"
    org.write_text(org.read_text() + "style:\n  font_family: Brand Sans\n  fonts:\n    - file: fonts/brand.ttf\n"
                   "      weight: normal\n", encoding="utf-8")
    path = write_release("headline: x\ndateline: {city: Geneva, date: 2016-02-19}\n")
    release = load(path)
    assert release.house_style.fonts[0].file.name == "brand.ttf"
    assert "Brand-Sans" in fonts_of(read(render_pdf(release)))


def test_accent_colour_reaches_the_pdf(reference: Release) -> None:
    red = dataclasses.replace(reference, style=dataclasses.replace(reference.house_style, accent_colour="#ff0000"))
    reader = read(render_pdf(red))
    content = reader.pages[0].get_contents().get_data()
    assert b"1 0 0 rg" in content or b"1 0 0 RG" in content


def test_stylesheet_override_reaches_the_pdf(reference: Release, tmp_path: Path) -> None:
    (tmp_path / "print.css").write_text('{% include "builtin/print.css" %}\n@page { size: A5; }\n', encoding="utf-8")
    box = read(render_pdf(reference, templates=[tmp_path])).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)


# -- metadata -------------------------------------------------------------------


def test_metadata(reference_pdf: PdfReader) -> None:
    meta = reference_pdf.metadata
    assert meta.title == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
    assert meta.author == "Inter-Parliamentary Union"
    assert meta["/Keywords"] == "Cambodia, human rights, parliamentarians"
    assert meta.subject == ("A delegation from the Inter-Parliamentary Union (IPU) has visited Cambodia to "
                            "investigate allegations of human rights violations against 12 opposition politicians.")
    assert meta["/CreationDate"].startswith("D:20160219")
    assert meta["/ModDate"].startswith("D:20160219")
    assert reference_pdf.trailer["/Root"]["/Lang"] == "en-GB"


def test_subject_is_the_subheadline_when_there_is_one(riverside_pdf: PdfReader) -> None:
    assert riverside_pdf.metadata.subject.startswith("Two-year pilot shows children")


# -- reproducibility ------------------------------------------------------------

_RENDER = """
import sys
import pressrelease
from pressrelease.formats import RenderOptions
release = pressrelease.load(sys.argv[1])
sys.stdout.buffer.write(pressrelease.render(release, "pdf", RenderOptions(pdf_variant=sys.argv[2] or None)))
"""


@pytest.mark.parametrize("variant", ["", "pdf/a-3b", "pdf/ua-1"])
def test_same_bytes_from_two_processes(variant: str) -> None:
    outputs = [
        subprocess.run([sys.executable, "-c", _RENDER, str(RIVERSIDE), variant], capture_output=True, check=True,
                       env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin", "TZ": tz}).stdout
        for seed, tz in ((1, "UTC"), (2, "Asia/Tokyo"))
    ]
    assert outputs[0].startswith(b"%PDF-")
    assert outputs[0] == outputs[1]


# -- variants -----------------------------------------------------------------


@pytest.fixture(scope="module")
def archival(theme) -> tuple[Release, PdfReader]:  # type: ignore[no-untyped-def]
    release = load(RIVERSIDE)
    return release, read(FormatRenderer("pdf", RenderOptions(pdf_variant="pdf/a-3b")).render(release))


def test_pdfa_embeds_the_source(archival: tuple[Release, PdfReader]) -> None:
    _, reader = archival
    assert list(reader.attachments) == [RIVERSIDE.name]
    assert reader.attachments[RIVERSIDE.name][0] == RIVERSIDE.read_bytes()
    root = reader.trailer["/Root"]
    assert "/AF" in root and "/OutputIntents" in root
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Source"


def test_pdfa_identification(archival: tuple[Release, PdfReader]) -> None:
    _, reader = archival
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)B', xmp)


def test_pdfa_has_no_interpolated_images(archival: tuple[Release, PdfReader]) -> None:
    _, reader = archival
    for page in reader.pages:
        for image in page["/Resources"].get_object().get("/XObject", {}).values():
            assert image.get_object().get("/Interpolate") in (None, False)


@pytest.fixture(scope="module")
def accessible(theme) -> PdfReader:  # type: ignore[no-untyped-def]
    return read(FormatRenderer("pdf", RenderOptions(pdf_variant="pdf/ua-1")).render(load(RIVERSIDE)))


def _structure(node, found: list) -> list:  # type: ignore[no-untyped-def]
    node = node.get_object()
    if hasattr(node, "get"):
        if node.get("/S"):
            found.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
            if hasattr(kid, "get_object") or hasattr(kid, "get"):
                _structure(kid, found)
    return found


def test_pdfua_is_tagged(accessible: PdfReader) -> None:
    root = accessible.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    kinds = _structure(root["/StructTreeRoot"], [])
    names = {kind for kind, _ in kinds}
    assert {"/H1", "/H2", "/P", "/Figure", "/L"} <= names or {"/H1", "/H2", "/P", "/Figure"} <= names


def test_pdfua_photo_has_its_alt_text(accessible: PdfReader) -> None:
    figures = [alt for kind, alt in _structure(accessible.trailer["/Root"]["/StructTreeRoot"], []) if kind == "/Figure"]
    assert "Children reading at a village library in Kampong Cham" in figures


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf_variant"):
        RenderOptions(pdf_variant="pdf/x-4")


def test_an_override_style_weighs_the_same_in_the_pdf_as_on_the_web(tmp_path: Path) -> None:
    """The built-in stylesheets are the page's own in both: an override's earlier <style> loses to them in both."""
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "release.html").write_text('{% extends "builtin/release.html" %}{% block head_extra %}'
                                        "<style>.headline { font-size: 40pt; }</style>{% endblock %}", encoding="utf-8")
    release = load(REFERENCE)
    page = render_html(release, templates=[theme])
    assert page.index("font-size: 40pt") < page.index(".headline { font-size: 1.9em;")  # later wins on the web
    sizes = set()
    reader = PdfReader(BytesIO(render_pdf(release, templates=[theme])))

    def visit(text, cm, tm, fonts, size):  # type: ignore[no-untyped-def]
        if "IPU Cambodia mission urges" in text:
            sizes.add(round(size * tm[0], 1))

    reader.pages[0].extract_text(visitor_text=visit)
    assert sizes == {26.7}  # print.css's 20pt headline (26.7 in WeasyPrint's px units), not the override's 40pt


def test_a_style_for_the_screen_is_not_the_pdfs(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "release.html").write_text(
        '{% extends "builtin/release.html" %}{% block styles %}{{ super() }}'
        '<style media="screen">.headline { font-size: 40pt; }</style>'
        '<style media="print, screen">.subheadline { color: red; }</style>{% endblock %}', encoding="utf-8")
    from pressrelease.formats.pdf.renderer import _take_styles

    _, styles = _take_styles(render_html(load(REFERENCE), templates=[theme]))
    assert len(styles) == 3 and "40pt" not in "".join(styles) and "color: red" in styles[-1]


def test_a_comfortable_measure(reference_pdf: PdfReader) -> None:
    """Full lines of running text hold about 65 to 80 characters (11 pt type, 31 mm side margins)."""
    text = "\n".join(pages_text(reference_pdf))
    body = sorted(len(line) for line in text.splitlines() if len(line) > 40)
    full = body[len(body) // 2:]  # the longer half: lines that end a paragraph are shorter
    assert 65 <= full[len(full) // 2] <= 80, full
    assert max(body) <= 90
