"""Languages and scripts, on the real releases of the corpus: direction, labels, digits, line fitting.

Positions come from the PDF itself (``pdftotext -bbox-layout``: every line
and word with its box, in points), so "right-aligned" and "inside the page"
are measured, not assumed.
"""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pressrelease
from helpers import need_tool
from pressrelease.formats.pdf.segment import ZWSP, with_word_breaks
from pressrelease.i18n import digit_table, text_direction
from pressrelease.i18n.digits import _COUNTER, _ZERO

CORPUS = Path(__file__).parent / "data" / "corpus"
ARABIC = ("unicef-yemen-truce-2022", "unicef-mena-aljawf-2020")
KHMER = ("cdc-usaid-financing-2020", "unicef-cambodia-crc30-2019")
#: One real release per shipped language other than English (English is most of the corpus).
SAMPLES = {"fr": "dfae-cassis-2019", "es": "paho-110-2012", "de": "gerda-henkel-2013", "pt": "unicef-brazil-covid-2020",
           "ar": ARABIC[0], "zh-Hans": "un-china-unday-2021", "ru": "un-sg-unday-2019", "km": KHMER[0],
           "ja": "jica-ogata-indonesia-2005"}
ENGLISH_LABELS = ("For immediate release", "Page 1 of", "For further information", "Press Release", "Tel:",
                  "Notes to editors", "-more-")
#: A4 with the print stylesheet's 31 mm side margins (a measure of 65 to 80 characters), in points.
PAGE_WIDTH, MARGIN = 595.2756, 31 / 25.4 * 72
SENDER = "Corpus test <corpus@example.org>"


@functools.cache
def release(name: str) -> pressrelease.Release:
    return pressrelease.load(CORPUS / name / "release.md")


@functools.cache
def pdf(name: str) -> bytes:
    return pressrelease.render_pdf(release(name))


@functools.cache
def boxes(name: str) -> ElementTree.Element:
    """The PDF's pages, blocks, lines and words with their boxes (pdftotext -bbox-layout, XHTML)."""
    tool = need_tool("pdftotext")
    out = subprocess.run([tool, "-bbox-layout", "-", "-"], input=pdf(name), capture_output=True, check=True).stdout
    return ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", out))


def lines(name: str, *, tall: float = 0) -> list[tuple[float, float, str]]:
    """(x min, x max, text) of every line, top to bottom; only those taller than ``tall`` points if given."""
    found = []
    for line in boxes(name).iter("{http://www.w3.org/1999/xhtml}line"):
        if float(line.get("yMax")) - float(line.get("yMin")) <= tall:
            continue
        words = [word.text or "" for word in line.iter("{http://www.w3.org/1999/xhtml}word")]
        found.append((float(line.get("xMin")), float(line.get("xMax")), " ".join(words)))
    return found


def words(name: str) -> list[tuple[float, float, str]]:
    return [(float(word.get("xMin")), float(word.get("xMax")), word.text or "")
            for word in boxes(name).iter("{http://www.w3.org/1999/xhtml}word")]


# -- which languages are right to left ------------------------------------------------------------------


def test_the_direction_comes_from_cldr() -> None:
    assert [text_direction(tag) for tag in ("ar", "ar-EG", "he", "fa", "ur", "az-Arab")] == ["rtl"] * 6
    assert [text_direction(tag) for tag in ("en", "fr", "km", "zh-Hans", "ja", "ru", "az")] == ["ltr"] * 7


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_the_page_and_the_email_say_their_direction(language: str) -> None:
    name = SAMPLES[language]
    direction = "rtl" if language == "ar" else "ltr"
    page = pressrelease.render_html(release(name))
    assert re.search(rf'<html lang="{re.escape(release(name).language)}" dir="{direction}">', page)
    message = pressrelease.render_email(release(name), sender=SENDER)
    assert f'dir="{direction}"' in message.get_body(("html",)).get_content()


@pytest.mark.parametrize("name", ARABIC)
def test_arabic_lines_are_right_aligned_in_the_pdf(name: str) -> None:
    right_edge = PAGE_WIDTH - MARGIN
    body = [line for line in lines(name) if len(line[2]) > 40]  # the lines of running text
    assert len(body) >= 4
    assert all(abs(x_max - right_edge) < 1.5 for _, x_max, _ in body), body
    assert any(x_min > MARGIN + 20 for x_min, _, _ in body)  # ragged on the left, where the lines end


def test_english_lines_are_left_aligned_in_the_pdf() -> None:
    body = [line for line in lines("un-sg-iraq-2003") if len(line[2]) > 40]
    assert body and all(abs(x_min - MARGIN) < 1.5 for x_min, _, _ in body)


def test_the_arabic_page_is_mirrored() -> None:
    page = lines(ARABIC[0])  # -bbox-layout gives each line's characters in visual order: Arabic reversed
    organisation = next(line for line in page if "اليونيسف في اليمن"[::-1] in line[2])
    website = next(line for line in page if "www.unicef.org" in line[2])
    assert organisation[0] > PAGE_WIDTH / 2 > website[1]  # the name on the right, the website on the left
    folio = next(line for line in page if "صفحة"[::-1] in line[2])
    assert folio[1] < PAGE_WIDTH / 2  # the page number at the foot's left end


def test_a_phone_number_keeps_its_order_in_arabic() -> None:
    html = pressrelease.render_html(release("unicef-mena-aljawf-2020"))
    assert re.search(r'<a href="tel:[^"]+" dir="ltr">00962798674628</a>', html)
    assert re.search(r'<a href="mailto:jtouma@unicef.org" dir="ltr">jtouma@unicef.org</a>', html)


# -- labels ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_a_release_in_another_language_has_no_english_label(language: str) -> None:
    name = SAMPLES[language]
    text = pressrelease.render_text(release(name))
    page = pressrelease.render_html(release(name))
    layer = " ".join(line for _, _, line in lines(name))
    for label in ENGLISH_LABELS:
        assert label.casefold() not in text.casefold(), (language, label)
        assert label not in page, (language, label)
        assert label not in layer, (language, label)


# -- digits -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("system", sorted(_ZERO))
def test_each_numbering_system_is_a_row_of_digits(system: str) -> None:
    zero = _ZERO[system]
    assert [unicodedata.digit(chr(zero + value)) for value in range(10)] == list(range(10))
    assert system in _COUNTER


def test_native_digits_follow_the_language() -> None:
    assert "9 May 2017, 10:00".translate(digit_table("km")) == "៩ May ២០១៧, ១០:០០"
    assert "2017".translate(digit_table("ar")) == "٢٠١٧"
    assert "2017".translate(digit_table("fa")) == "۲۰۱۷"
    assert digit_table("zh-Hans") == {}  # Chinese numbers are not digit by digit: dates keep 0-9
    assert digit_table("en") == digit_table("ru") == digit_table("km", "latin") == {}


def test_khmer_digits_in_the_dateline_and_the_page_number() -> None:
    name = KHMER[0]
    assert "[ថ្ងៃទី០៨ ខែកញ្ញា ឆ្នាំ២០២០]" in pressrelease.render_text(release(name))
    folio = lines(name)[-1][2]  # "ទំព័រ ១ នៃ ១", its letters scrambled by the text layer, its digits not
    assert folio.count("១") == 2 and not re.search(r"[0-9]", folio)


# -- scripts without spaces ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", KHMER)
def test_khmer_stays_inside_the_page(name: str) -> None:
    placed = words(name)
    assert placed
    outside = [(x_min, x_max, text) for x_min, x_max, text in placed
               if x_min < MARGIN - 1 or x_max > PAGE_WIDTH - MARGIN + 1]
    assert outside == []


def test_a_khmer_headline_without_spaces_wraps() -> None:
    assert max(len(run) for run in release(KHMER[0]).headline.split()) > 90  # no space in its first 100 letters
    # the headline's lines are the only ones over 22 pt tall (20 pt type); its words are checked above
    rows: dict[int, tuple[float, float]] = {}  # baseline -> (x min, x max); pdftotext may cut a Khmer line in two
    for line in boxes(KHMER[0]).iter("{http://www.w3.org/1999/xhtml}line"):
        if float(line.get("yMax")) - float(line.get("yMin")) > 22:  # 20 pt: the headline's lines only
            row = rows.get(round(float(line.get("yMax"))), (PAGE_WIDTH, 0.0))
            rows[round(float(line.get("yMax")))] = (min(row[0], float(line.get("xMin"))),
                                                    max(row[1], float(line.get("xMax"))))
    assert 3 <= len(rows) <= 5, rows
    assert all(x_max <= PAGE_WIDTH - MARGIN + 1 for _, x_max in rows.values())
    assert sum(x_max - x_min > (PAGE_WIDTH - 2 * MARGIN) * 0.8 for x_min, x_max in rows.values()) >= 2  # full lines


def test_word_breaks_go_between_khmer_words_only() -> None:
    html = ('<html><head><title>សេចក្តីប្រកាសព័ត៌មាន</title></head>'
            '<body><h1 title="ហិរញ្ញប្បទាន">សេចក្តីប្រកាសព័ត៌មានរួម USAID</h1><p>ហិរញ្ញប្បទានរួម</p></body></html>')
    broken = with_word_breaks(html)
    assert broken.replace(ZWSP, "") == html
    assert "<h1 title=\"ហិរញ្ញប្បទាន\">សេចក្តី\u200bប្រកាស\u200bព័ត៌មាន\u200bរួម USAID</h1>" in broken
    assert "<p>ហិរញ្ញប្បទាន\u200bរួម</p>" in broken
    assert "<title>សេចក្តីប្រកាសព័ត៌មាន</title>" in broken  # the PDF's title (metadata) is left whole
    assert with_word_breaks("<p>No Khmer here</p>") == "<p>No Khmer here</p>"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(whitelist_categories=("Lo", "Mn", "Mc", "Zs", "Nd", "Po")), max_size=80))
def test_word_breaks_only_add_zero_width_spaces(text: str) -> None:
    html = f"<body><p>{text}</p><h2>{text}</h2></body>"
    assert with_word_breaks(html).replace(ZWSP, "") == html.replace(ZWSP, "")


# -- the plain text in a right-to-left mail client ------------------------------------------------------------


def test_every_line_of_an_arabic_text_reads_right_to_left() -> None:
    """A mail client sets each plain-text line's direction by its first strong character (Unicode's P2):
    a line that would start left to right (a URL, a phone number, a Latin name) opens with U+200F."""
    message = pressrelease.render_email(release("unicef-mena-aljawf-2020"), sender=SENDER)
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    for line in text.split("\n"):
        if not line.strip() or line == "-- ":
            continue
        first = next((unicodedata.bidirectional(c) for c in line if unicodedata.bidirectional(c) in ("L", "R", "AL")),
                     "")
        assert line.startswith("\u200f") or first in ("R", "AL"), line
    assert "\n-- \n" in text  # the signature separator stays exactly "-- "
    assert "\u200fhttps://www.unicef.org/mena/ar" in text
    assert "\u200f" not in pressrelease.render_text(release("unicef-brazil-covid-2020"))


def test_chinese_text_wraps_at_72_columns() -> None:
    from pressrelease.view.texttable import display_width

    text = pressrelease.render_text(release("un-china-unday-2021"))
    assert all(display_width(line) <= 72 for line in text.split("\n") if "http" not in line)
    assert sum(display_width(line) > 60 for line in text.split("\n")) >= 5  # full lines, not one word a line


# -- smart quotes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "quoted"), [
    ("en-GB", "“Dialogue is the only way,” it’s said"),
    ("fr", "«\u00a0Dialogue is the only way,\u00a0» it’s said"),
    ("de", "„Dialogue is the only way,“ it’s said"),
    ("ja", "「Dialogue is the only way,」 it’s said"),
])
def test_smart_quotes_follow_the_language(language: str, quoted: str) -> None:
    import dataclasses

    base = release("un-sg-iraq-2003")
    style = dataclasses.replace(base.house_style, smart_quotes=True)
    body = '"Dialogue is the only way," it\'s said -- and so...'
    smart = dataclasses.replace(base, language=language, style=style, body=body)
    text = pressrelease.render_text(smart)  # a no-break space is kept from breaking, then written as a space
    assert quoted.replace("\u00a0", " ") in text.replace("\n", " ") and "– and so…" in text
    assert quoted.replace("\u00a0", "&nbsp;") in pressrelease.render_html(smart)
    plain = dataclasses.replace(base, language=language, body=body)
    assert '"Dialogue is the only way," it\'s said -- and so...' in pressrelease.render_text(plain).replace("\n", " ")


# -- fonts ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_character_of_each_sample_has_a_font(language: str) -> None:
    """No .notdef box: every character the sample prints is in a bundled or installed font (the
    font-coverage rule, asked of the font files' cmaps and of fontconfig); Arabic and Khmer need only
    the bundled fonts, Chinese and Japanese the README's fonts-noto-cjk."""
    from pressrelease.source.lint import font_coverage

    assert font_coverage(release(SAMPLES[language])) == []


def test_no_label_or_date_pattern_can_smuggle_a_bidi_override_into_the_subject(tmp_path: Path) -> None:
    from pressrelease.cli import main

    (tmp_path / "organisation.yaml").write_text(
        "name: Example\nemail: press@example.org\ntimezone: Europe/Zurich\nlabels:\n"
        "  en: {subject_embargoed_date: \"\\u202e=?utf-8?q?x?= {date}: {headline}\"}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\nheadline: Test\nembargo: 2030-01-01\nstyle: {date_format: \"d MMMM y \\u202e'live'\"}"
                                   "\n---\n\nBody.\n", encoding="utf-8")
    assert main(["check", str(tmp_path / "a.md")]) == 1


def test_the_email_body_keeps_its_direction_where_webmail_drops_the_html_element() -> None:
    html = pressrelease.render_email(release(ARABIC[0]), sender=SENDER).get_body(("html",)).get_content()
    assert re.search(r'<td class="content" style="[^"]*direction: rtl" dir="rtl">', html)
