"""The PDF's text layer in Arabic, Khmer and the other complex scripts: what a reader copying from the PDF gets.

Minimal reproducers, each a few words rendered by WeasyPrint with our bundled
fonts (or Debian's Noto fonts for Devanagari, Thai, Myanmar ...), then read
back with poppler's pdftotext and with pypdf. Each is rendered twice: by
WeasyPrint alone, and with the replacement text our renderer adds
(formats/pdf/actualtext.py). What works is asserted; what fails because of
WeasyPrint, poppler or pypdf is an expected failure (strict: the day an
upstream fix lands, the test says so). Root cause and upstream reports:
docs/languages.md, "The PDF's text layer".
"""

from __future__ import annotations

import contextlib
import html
import re
import subprocess
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from helpers import ROOT, need_tool

FONTS = ROOT / "templates" / "fonts"
#: Words whose glyphs include a lam-alef or lam-yeh ligature (one glyph for two letters).
ARABIC_LIGATURES = ["إلى", "الإجراءات", "الأطفال", "على"]
ARABIC_PLAIN = ["بيان صحفي", "للنشر الفوري", "اليونيسف في اليمن"]
#: Words with a vowel sign drawn before its consonant (េ) or a subscript consonant (្ + consonant).
KHMER = ["ប្រទេសកម្ពុជា", "សេចក្តីប្រកាសព័ត៌មាន", "សម្រាប់ផ្សព្វផ្សាយភ្លាមៗ"]


def pdf_of(language: str, direction: str, font: str, phrases: list[str], *, replacement: bool = True,
           variant: str | None = None) -> bytes:
    """The phrases, a paragraph each, in ``font`` (a bundled file, or a family the system has)."""
    import weasyprint

    from pressrelease.formats.pdf.actualtext import replacement_text

    paragraphs = "\n".join(f"<p>{html.escape(phrase)}</p>" for phrase in phrases)
    face = f'@font-face {{ font-family: "Bundled"; src: url("{(FONTS / font).as_uri()}"); }}' if "." in font else ""
    family = "Bundled" if face else font
    page = f"""<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><style>
{face} @page {{ size: A5; margin: 1cm; }} body {{ font-family: "{family}"; font-size: 16pt; }}
</style></head><body>{paragraphs}</body></html>"""
    with replacement_text(fill_empty=bool(variant)) if replacement else contextlib.nullcontext():
        return weasyprint.HTML(string=page).write_pdf(pdf_variant=variant)


def pdftotext_lines(pdf: bytes) -> list[str]:
    out = subprocess.run([need_tool("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True).stdout
    # pdftotext wraps right-to-left runs in U+202B ... U+202C: not part of the text
    return [line.strip("\u202b\u202c\u200f ") for line in out.decode().splitlines() if line.strip()]


def pypdf_lines(pdf: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def arabic() -> bytes:
    return pdf_of("ar", "rtl", "NotoSansArabic-Regular.ttf", ARABIC_LIGATURES + ARABIC_PLAIN)


@pytest.fixture(scope="module")
def khmer() -> bytes:
    return pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", KHMER)


@pytest.fixture(scope="module")
def khmer_by_weasyprint() -> bytes:
    return pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", KHMER, replacement=False)


def test_arabic_without_ligatures_reads_back_in_logical_order(arabic: bytes) -> None:
    for lines in (pdftotext_lines(arabic), pypdf_lines(arabic)):
        for phrase in ARABIC_PLAIN:
            assert phrase in lines


def test_arabic_ligatures_read_back_whole_with_pypdf(arabic: bytes) -> None:
    """WeasyPrint's ToUnicode maps a ligature glyph to its letters in logical order, as PDF readers expect."""
    lines = pypdf_lines(arabic)
    assert [phrase for phrase in ARABIC_LIGATURES[1:] if phrase not in lines] == []


@pytest.mark.xfail(strict=True, reason="pypdf puts a word of two glyphs, a ligature and a letter, in visual order: "
                   "'إلى' reads 'لىإ'")
def test_a_two_glyph_arabic_word_reads_back_with_pypdf(arabic: bytes) -> None:
    assert ARABIC_LIGATURES[0] in pypdf_lines(arabic)


@pytest.mark.xfail(strict=True, reason="poppler lays a ligature's letters out left to right, then reverses the "
                   "right-to-left run: 'إلى' reads 'إىل' (the reader-side fix PDFBox made, apache/pdfbox#154)")
def test_arabic_ligatures_read_back_whole_with_pdftotext(arabic: bytes) -> None:
    lines = pdftotext_lines(arabic)
    assert [phrase for phrase in ARABIC_LIGATURES if phrase not in lines] == []


@pytest.mark.parametrize("reader", [pdftotext_lines, pypdf_lines], ids=["pdftotext", "pypdf"])
@pytest.mark.xfail(strict=True, reason="WeasyPrint keeps one text per glyph and gives a reordered Khmer cluster's "
                   "text to one of its glyphs (Kozea/WeasyPrint#2841): vowel signs go missing or move")
def test_khmer_by_weasyprint_alone_reads_back_in_logical_order(khmer_by_weasyprint: bytes, reader) -> None:  # type: ignore[no-untyped-def]
    lines = reader(khmer_by_weasyprint)
    assert [phrase for phrase in KHMER if phrase not in lines] == []


def test_khmer_with_replacement_text_reads_back_in_logical_order_with_pdftotext(khmer: bytes) -> None:
    assert [phrase for phrase in KHMER if phrase not in pdftotext_lines(khmer)] == []


@pytest.mark.xfail(strict=True, reason="pypdf (7.1) does not read /ActualText: it reads WeasyPrint's per-glyph map")
def test_khmer_with_replacement_text_reads_back_with_pypdf(khmer: bytes) -> None:
    assert [phrase for phrase in KHMER if phrase not in pypdf_lines(khmer)] == []


def test_each_khmer_line_is_one_span_of_replacement_text(khmer: bytes) -> None:
    """One /ActualText per line, holding the line as written: no zero-width space, no soft hyphen."""
    texts = actual_texts(khmer)
    assert texts == KHMER


def test_a_line_with_a_right_to_left_word_gets_no_replacement_text() -> None:
    """poppler would lay it out left to right and reverse the Arabic: such a line keeps its per-glyph map."""
    pdf = pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", ["ប្រទេសកម្ពុជា", "ប្រទេស اليمن"])
    assert actual_texts(pdf) == ["ប្រទេសកម្ពុជា"]


def test_which_lines_get_replacement_text_and_what_it_leaves_out() -> None:
    from pressrelease.formats.pdf.actualtext import line_text

    assert line_text("The Factory, Geneva") is None and line_text("اليمن") is None and line_text("东京") is None
    assert line_text("ប្រទេស اليمن") is None
    assert line_text("ហិរញ្ញ\u200bប្បទាន\u00ad") == "ហិរញ្ញប្បទាន"  # break opportunities are not text
    assert line_text("\ufeffហិរញ្ញ") == "\ufeffហិរញ្ញ"  # a zero-width no-break space is not right to left
    assert line_text("हिन्दी") == "हिन्दी" and line_text("ภาษาไทย") == "ภาษาไทย"


def test_a_line_cut_with_an_ellipsis_gets_no_replacement_text() -> None:
    """The text drawn (up to "…") is not the box's text: the line keeps the per-glyph map of what it draws."""
    import weasyprint

    from pressrelease.formats.pdf.actualtext import replacement_text

    page = f"""<html lang="km"><style>@font-face {{ font-family: K; src: url("{(FONTS / 'NotoSansKhmer-Regular.ttf').as_uri()}"); }}
p {{ font-family: K }} .cut {{ width: 4cm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis }}</style>
<p class="cut">ប្រទេសកម្ពុជា ប្រទេសកម្ពុជា HIDDENTAIL</p><p>ប្រទេសកម្ពុជា</p></html>"""
    with replacement_text():
        pdf = weasyprint.HTML(string=page).write_pdf()
    assert actual_texts(pdf) == ["ប្រទេសកម្ពុជា"]


def test_empty_glyph_texts_are_filled_only_where_a_standard_asks(khmer: bytes) -> None:
    """PDF/UA and PDF/A "u" want every glyph mapped (U+200B); elsewhere pypdf would read U+200B among the letters."""
    tagged = pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", KHMER, variant="pdf/ua-1")
    assert "\u200b" not in "".join(pypdf_lines(khmer))
    assert "\u200b" in "".join(pypdf_lines(tagged))


def test_outside_our_renderer_weasyprint_draws_as_it_always_does(khmer_by_weasyprint: bytes) -> None:
    assert actual_texts(khmer_by_weasyprint) == []


def test_the_wrapper_is_installed_on_this_weasyprint() -> None:
    """The signal for a WeasyPrint upgrade: its line drawing is no longer the function this was written for."""
    from pressrelease.formats.pdf import actualtext

    assert actualtext.install() and actualtext.installed()


def test_hostile_text_in_a_replacement_stays_text() -> None:
    """PDF syntax in a Khmer line is written as a string: the content stream and the text layer stay intact."""
    hostile = "ក) Tj EMC ET /ActualText (x) BDC \\ >> << ក"
    pdf = pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", [hostile])
    assert actual_texts(pdf) == [hostile]
    assert _qpdf_checks(pdf)
    assert hostile in pdftotext_lines(pdf)


def test_the_tagged_variant_keeps_its_structure_and_the_replacement_text() -> None:
    pdf = pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", KHMER, variant="pdf/ua-1")
    assert "/StructTreeRoot" in PdfReader(BytesIO(pdf)).trailer["/Root"]
    assert actual_texts(pdf) == KHMER
    assert [phrase for phrase in KHMER if phrase not in pdftotext_lines(pdf)] == []


#: Other scripts whose shaping reorders or merges glyphs, in Debian's Noto fonts (fonts-noto-core): a vowel
#: sign drawn before its consonant (Devanagari ि, Bengali ে, Sinhala ෙ, Tamil ெ, Myanmar ေ), conjuncts, Thai's ำ.
OTHER_SCRIPTS = {
    "hi": ("Noto Sans Devanagari", "हिन्दी भाषा में प्रेस विज्ञप्ति"),
    "bn": ("Noto Sans Bengali", "প্রেস বিজ্ঞপ্তি কিশোর"),
    "ta": ("Noto Sans Tamil", "செய்தி வெளியீடு கொள்கை"),
    "si": ("Noto Sans Sinhala", "මාධ්\u200dය නිවේදනය ශ්\u200dරී ලංකා"),
    "th": ("Noto Sans Thai", "ข่าวประชาสัมพันธ์ สำหรับเผยแพร่ทันที"),
    "my": ("Noto Sans Myanmar", "သတင်းထုတ်ပြန်ချက် မြန်မာနိုင်ငံ"),
}


@pytest.mark.parametrize("language", sorted(OTHER_SCRIPTS))
def test_other_complex_scripts_read_back_with_pdftotext(language: str) -> None:
    family, phrase = OTHER_SCRIPTS[language]
    need_font(family)
    pdf = pdf_of(language, "ltr", family, [phrase])
    assert pdftotext_lines(pdf) == [phrase]


@pytest.mark.parametrize("language", sorted(OTHER_SCRIPTS))
def test_other_complex_scripts_by_weasyprint_alone_do_not(language: str) -> None:
    """Why the replacement text covers them too: without it, each of these phrases reads back wrong."""
    family, phrase = OTHER_SCRIPTS[language]
    need_font(family)
    pdf = pdf_of(language, "ltr", family, [phrase], replacement=False)
    assert pdftotext_lines(pdf) != [phrase]


def need_font(family: str) -> None:
    listed = subprocess.run([need_tool("fc-list"), f"{family}:style=Regular", "family"],
                            capture_output=True, text=True).stdout
    if family not in listed:
        pytest.fail(f"the font {family!r} is not installed: apt-get install fonts-noto-core (README)")


def _qpdf_checks(pdf: bytes) -> bool:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run([need_tool("qpdf"), "--check", handle.name], capture_output=True).returncode == 0


def actual_texts(pdf: bytes) -> list[str]:
    """Every /ActualText of every page's content, decoded, in drawing order."""
    texts = []
    for page in PdfReader(BytesIO(pdf)).pages:
        data = page.get_contents().get_data()
        for match in re.finditer(rb"/ActualText\s*(<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\))", data):
            texts.append(_pdf_string(match.group(1)))
    return texts


def _pdf_string(token: bytes) -> str:
    if token.startswith(b"<"):
        raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
    else:
        raw = re.sub(rb"\\(.)", rb"\1", token[1:-1])
    return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")


def test_khmer_consonants_are_all_in_the_text_layer(khmer: bytes) -> None:
    """What does survive: every base consonant of the phrases, so a search for a name finds its page."""
    text = "".join(pypdf_lines(khmer))
    consonants = [char for phrase in KHMER for char in phrase if "\u1780" <= char <= "\u17a2"]
    assert all(char in text for char in consonants)


#: Khmer letters and signs, and printable ASCII but "-" (pdftotext drops a hyphen that ends a line: "000@-").
_KHMER_AND_ASCII = st.characters(min_codepoint=0x1780, max_codepoint=0x17DD) | st.characters(
    min_codepoint=0x21, max_codepoint=0x7E, exclude_characters="-")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.text(_KHMER_AND_ASCII, min_size=1, max_size=12), min_size=1, max_size=4))
def test_any_khmer_line_reads_back_letter_for_letter(words: list[str]) -> None:
    """Whatever the letters (a valid syllable or not, PDF syntax or not), pdftotext gives them back in order."""
    text = " ".join(words)
    pdf = pdf_of("km", "ltr", "NotoSansKhmer-Regular.ttf", [text])
    assert "".join("".join(pdftotext_lines(pdf)).split()) == "".join(words)


@pytest.mark.parametrize("name", ["reference", "unicef-cambodia-crc30-2019", "cdc-usaid-financing-2020",
                                  "unicef-yemen-truce-2022"])
def test_tagged_pdfs_have_no_pdf_ua_error(name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """outloud's PDF/UA-1 checks: before the empty glyph texts were filled, Khmer failed TXT-003."""
    import json

    from pressrelease import load
    from pressrelease.formats import RenderOptions

    from helpers import REFERENCE, FormatRenderer

    source = REFERENCE if name == "reference" else ROOT / "tests" / "data" / "corpus" / name / "release.md"
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(FormatRenderer("pdf", RenderOptions(pdf_variant="pdf/ua-1")).render(load(source)))
    report = subprocess.run([need_tool("outloud"), "--json", "-", "--fail-on", "never", str(pdf)],
                            capture_output=True, text=True, check=True).stdout
    (result,) = json.loads(report)["results"]
    errors = [f"{f['rule']}: {f['message']}" for f in result["findings"] if f["severity"] == "error"]
    assert result["error"] is None and errors == []


def test_a_khmer_headline_is_its_own_bookmark_whole() -> None:
    """The word breaks (U+200B) are taken out of the bookmarks: the bookmark is the headline as written."""
    from pressrelease import load, render_pdf

    release = load(ROOT / "tests" / "data" / "corpus" / "cdc-usaid-financing-2020" / "release.md")
    (bookmark, *_) = PdfReader(BytesIO(render_pdf(release))).outline
    assert bookmark.title == release.headline
