"""Markdown tables in a release's body: sanitised HTML, the web page, the PDF, the email and the text."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import pressrelease
from pressrelease import SourceError
from pressrelease.source.markdown import render_markdown
from pressrelease.view.plaintext import WIDTH, LinkTable, html_to_text
from pressrelease.view.texttable import display_width

FRONT = "---\nheadline: Example reports fourth quarter results\ndateline:\n  city: Geneva\n  date: 2021-10-28\n---\n"
BODY_LINE = 7
RESULTS = """\
| Item | Q4 2021 | Q4 2020 |
|:--|--:|--:|
| iPhone | 38,868 | 26,444 |
| Mac | 8,785 | 7,876 |
"""


def _write(folder: Path, body: str, name: str = "release.md") -> Path:
    path = folder / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def _text(markdown: str) -> str:
    return html_to_text(render_markdown(markdown), LinkTable())


def test_a_markdown_table_becomes_a_table_with_its_alignment_in_a_scrolling_box() -> None:
    html = str(render_markdown("Results.\n\n" + RESULTS))
    assert '<div class="table-scroll"><table>' in html and "</table></div>" in html
    assert '<th align="left">Item</th>' in html and '<th align="right">Q4 2021</th>' in html
    assert '<td align="right">38,868</td>' in html
    assert html.count("<tr>") == 3 and "<thead>" in html and "<tbody>" in html
    assert "style=" not in html


def test_the_sanitiser_keeps_only_the_table_tags_and_a_known_alignment() -> None:
    html = str(render_markdown(
        '<table onclick="steal()" class="x" style="width:9999px"><caption>Figures</caption>'
        '<tr><td style="color: red" align="justify">a</td>'
        '<th align="right" style="text-align: right" onmouseover="x()">b</th>'
        '<td align="center"><span style="text-align: right">c</span></td></tr></table>'))
    assert "onclick" not in html and "onmouseover" not in html and "style=" not in html
    assert "justify" not in html and 'class="x"' not in html
    assert '<th align="right">b</th>' in html and '<td align="center">' in html and "<caption>Figures</caption>" in html
    assert html.startswith('<div class="table-scroll"><table>') and html.endswith("</table></div>")


def test_a_table_is_aligned_columns_in_the_text() -> None:
    assert _text("Results.\n\n" + RESULTS).split("\n") == [
        "Results.",
        "",
        "Item    Q4 2021  Q4 2020",
        "------  -------  -------",
        "iPhone   38,868   26,444",
        "Mac       8,785    7,876",
    ]


def test_wide_characters_take_two_columns() -> None:
    lines = _text("| 名前 | 数 |\n|---|--:|\n| 東京 | 1 |\n| Paris | 22 |\n").split("\n")
    assert lines == ["名前   数", "-----  --", "東京    1", "Paris  22"]
    assert {display_width(line) for line in lines} == {9}
    assert display_width("e\u0301") == 1 and display_width("\u200d") == 0 and display_width("ｶ") == 1


def test_a_table_too_wide_for_the_text_is_a_block_of_lines_per_row() -> None:
    header = "Revenue from the sale of products and services"
    text = _text(f"| {header} | Quarter ended 25 September 2021 | Change |\n|---|--:|--:|\n"
                 "| [iPhone](https://example.org/iphone) | 38,868 | +47% |\n| Mac | 8,785 | |\n")
    assert text.split("\n\n") == [
        f"{header}: iPhone [1]\nQuarter ended 25 September 2021: 38,868\nChange: +47%",
        f"{header}: Mac\nQuarter ended 25 September 2021: 8,785",
    ]
    long = _text("| " + "word " * 30 + "| b |\n|---|---|\n| x | y |\n")
    assert all(len(line) <= WIDTH for line in long.split("\n"))
    assert long.split("\n")[-1] == "b: y" and long.split("\n")[1].startswith("  word")


def test_a_table_in_a_quote_fits_the_narrower_width() -> None:
    wide = "x" * 35  # two columns of 35 and a gap of 2 fit in 72, not in the quote's 70
    lines = _text(f"> | {wide} | {wide} |\n> |---|---|\n> | a | b |\n").split("\n")
    assert lines[0] == f"> {wide}: a" and lines[1] == f"> {wide}: b"


def test_more_columns_than_the_limit_is_located_at_the_separator(release_dir: Path) -> None:
    from pressrelease.source.tables import MAX_TABLE_COLUMNS

    columns = MAX_TABLE_COLUMNS + 1
    body = "Intro.\n\n" + "|a" * columns + "|\n" + "  " + "|-" * columns + "|\n" + "|x|\n"
    with pytest.raises(SourceError) as caught:
        pressrelease.load(_write(release_dir, body))
    [problem] = [p for p in caught.value.problems if p.code == "nesting"]
    assert (problem.line, problem.col) == (BODY_LINE + 3, 3)
    assert f"{columns} columns; a table has at most {MAX_TABLE_COLUMNS}" in problem.message and problem.hint
    pressrelease.load(_write(release_dir, body.replace("|a", "|", 1).replace("|-", "", 1), "at-the-limit.md"))


def test_more_cells_than_the_limit_is_located_at_the_row_one_too_many(release_dir: Path) -> None:
    # short rows are padded to the header's columns: 2 characters of "|" made 40 cells each
    from pressrelease.source.tables import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS

    rows = MAX_TABLE_CELLS // MAX_TABLE_COLUMNS - 1  # the header row is one
    table = "|a" * MAX_TABLE_COLUMNS + "|\n" + "|-" * MAX_TABLE_COLUMNS + "|\n" + "|\n" * rows
    release = pressrelease.load(_write(release_dir, table, "at-the-limit.md"))
    assert pressrelease.render_html(release).count("<tr>") == rows + 1
    with pytest.raises(SourceError) as caught:
        pressrelease.load(_write(release_dir, table + "\n" + "|a|b|\n|-|-|\n|x|y|\n"))
    [problem] = [p for p in caught.value.problems if p.code == "nesting"]
    assert (problem.line, problem.col) == (BODY_LINE + 2 + rows + 1, 1)
    assert f"past {MAX_TABLE_CELLS:,} table cells" in problem.message


_ROW_TEXT = st.text(st.sampled_from("ab `|\\"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_ROW_TEXT)
def test_the_linear_row_splitter_finds_the_original_cells(row: str) -> None:
    from markdown.extensions.tables import TableProcessor

    from pressrelease.source.markdown import _converter

    processor = _converter().parser.blockprocessors["table"]
    assert type(processor).__name__ == "_LinearTableProcessor"
    assert processor._split(row) == TableProcessor._split(processor, row)


_CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"),
                              blacklist_characters="`<\n\r"), max_size=24)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.lists(st.lists(_CELL, min_size=n, max_size=n), min_size=1, max_size=5)),
       st.lists(st.sampled_from(["---", ":--", "--:", ":-:"]), min_size=6, max_size=6))
def test_a_table_in_the_text_fits_the_width_or_is_laid_out_a_row_at_a_time(rows: list[list[str]], aligns: list[str]) -> None:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("\\", "\\\\").replace("|", "\\|") for cell in cells) + " |"

    columns = len(rows[0])
    markdown = "\n".join([line(rows[0]), "|" + "|".join(aligns[:columns]) + "|", *map(line, rows[1:])]) + "\n"
    html = render_markdown(markdown)
    assert html.count("<tr>") == max(len(rows), 2)  # a table of a header alone gets an empty row
    text = html_to_text(html, LinkTable())
    lines = text.split("\n")
    widths = [len(cell) for cell in lines[1].split("  ")] if len(lines) > 1 else []
    aligned = len(lines) == len(rows) + 1 and lines[1] == "  ".join("-" * width for width in widths)
    if aligned:
        assert all(display_width(line) <= WIDTH for line in lines), text
        assert len(widths) == columns
    elif len(rows) > 1:
        body_rows = [row for row in rows[1:] if any(cell.strip() for cell in row)]
        assert len(text.split("\n\n")) <= len(body_rows) or not body_rows


def test_the_web_page_styles_tables_and_lets_a_wide_one_scroll(release_dir: Path) -> None:
    page = pressrelease.render_html(pressrelease.load(_write(release_dir, "Results.\n\n" + RESULTS)))
    assert '<div class="table-scroll"><table>' in page
    styles = page[page.index("/* -- tables (issue 10) -- */"):]
    assert re.search(r"\.table-scroll \{ overflow-x: auto;", styles) and "tabular-nums" in styles
    assert '.table-scroll [align="right"] { text-align: end;' in styles  # the right in a left-to-right page
    assert ".table-scroll thead { display: table-header-group; }" in styles and "break-inside: avoid" in styles


def test_the_header_row_is_repeated_on_each_page_a_table_runs_over(release_dir: Path) -> None:
    rows = "".join(f"| Branch number {i} | {i * 1_013:,} | {i * 977:,} |\n" for i in range(1, 91))
    body = "Results by branch.\n\n| Branch of the library | Loans 2021 | Loans 2020 |\n|:--|--:|--:|\n" + rows
    pdf = pressrelease.render_pdf(pressrelease.load(_write(release_dir, body)))
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    with_rows = [page for page in pages if "Branch number " in page]
    assert len(with_rows) >= 2  # the table runs over at least one page break
    for page in with_rows:  # every page the table is on starts its part with the header row, once
        assert page.count("Branch of the library") == 1 and "Loans 2021" in page
    assert "Branch number 1 " in with_rows[0] + "\n" and "Branch number 90" in with_rows[-1]


def test_the_email_html_has_the_table_with_inline_styles(release_dir: Path) -> None:
    message = pressrelease.render_email(pressrelease.load(_write(release_dir, "Results.\n\n" + RESULTS)),
                                        sender="press@example.org")
    html = message.get_body(("html",)).get_content()
    table = html[html.index('<div class="table-scroll"'):]
    table = table[:table.index("</table>")]
    assert re.search(r'<table style="[^"]*border-collapse: collapse', table)
    cell = re.search(r'<td align="right" style="([^"]*)">38,868</td>', table)
    assert cell and "text-align: right" in cell.group(1) and "padding: 6px 10px" in cell.group(1)
    header = re.search(r'<th align="left" style="([^"]*)">Item</th>', table)
    assert header and "text-align: left" in header.group(1) and "border-bottom: 2px solid" in header.group(1)
    text = message.get_body(("plain",)).get_content()
    assert "iPhone   38,868   26,444" in text
