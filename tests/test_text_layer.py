"""The PDF's text layer in Arabic and Khmer: what a reader copying from the PDF gets.

Minimal reproducers, each a few words rendered by WeasyPrint with our bundled
fonts, then read back with poppler's pdftotext and with pypdf. What works is
asserted; what fails because of WeasyPrint or poppler is an expected failure
(strict: the day an upstream fix lands, the test says so). Root cause and
upstream reports: docs/languages.md, "What still fails".
"""

from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

from helpers import ROOT, need_tool

FONTS = ROOT / "templates" / "fonts"
#: Words whose glyphs include a lam-alef or lam-yeh ligature (one glyph for two letters).
ARABIC_LIGATURES = ["إلى", "الإجراءات", "الأطفال", "على"]
ARABIC_PLAIN = ["بيان صحفي", "للنشر الفوري", "اليونيسف في اليمن"]
#: Words with a vowel sign drawn before its consonant (េ) or a subscript consonant (្ + consonant).
KHMER = ["ប្រទេសកម្ពុជា", "សេចក្តីប្រកាសព័ត៌មាន", "សម្រាប់ផ្សព្វផ្សាយភ្លាមៗ"]


def pdf_of(language: str, direction: str, font: str, phrases: list[str]) -> bytes:
    import weasyprint

    paragraphs = "\n".join(f"<p>{phrase}</p>" for phrase in phrases)
    html = f"""<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8"><style>
@font-face {{ font-family: "Bundled"; src: url("{(FONTS / font).as_uri()}"); }}
@page {{ size: A5; margin: 1cm; }} body {{ font-family: "Bundled"; font-size: 16pt; }}
</style></head><body>{paragraphs}</body></html>"""
    return weasyprint.HTML(string=html).write_pdf()


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
def test_khmer_reads_back_in_logical_order(khmer: bytes, reader) -> None:  # type: ignore[no-untyped-def]
    lines = reader(khmer)
    assert [phrase for phrase in KHMER if phrase not in lines] == []


def test_khmer_consonants_are_all_in_the_text_layer(khmer: bytes) -> None:
    """What does survive: every base consonant of the phrases, so a search for a name finds its page."""
    text = "".join(pypdf_lines(khmer))
    consonants = [char for phrase in KHMER for char in phrase if "\u1780" <= char <= "\u17a2"]
    assert all(char in text for char in consonants)
