"""Nesting limits and linear Markdown: located errors instead of RecursionError, no quadratic blow-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pressrelease
from pressrelease import SourceError

FRONT = "---\nheadline: Deep text\ndateline:\n  city: Geneva\n  date: 2016-02-19\n---\n"
BODY_LINE = 7


def _write(folder: Path, body: str, name: str = "release.md") -> Path:
    path = folder / name
    path.write_text(FRONT + body, encoding="utf-8")
    return path


def _problem(path: Path) -> pressrelease.Problem:
    with pytest.raises(SourceError) as caught:
        pressrelease.load(path)
    problems = [p for p in caught.value.problems if p.code == "nesting"]
    assert len(problems) == 1, caught.value.problems
    return problems[0]


@pytest.mark.parametrize(("body", "col"), [
    ("- " * 329 + "x\n", 41),
    ("> " * 150 + "x\n", 41),
    ("> - " * 100 + "\n", 41),
    ("<blockquote>" * 500 + "x\n", 12 * 20 + 1),
    ("[" * 100_000 + "\n", 21),
])
def test_too_deep_is_a_located_error(release_dir: Path, body: str, col: int) -> None:
    path = _write(release_dir, "A first paragraph.\n\n" + body)
    problem = _problem(path)
    assert (problem.path, problem.line, problem.col) == (path, BODY_LINE + 2, col)
    assert "the limit is 20" in problem.message and problem.hint
    result = subprocess.run([sys.executable, "-m", "pressrelease", "check", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"{path.name}:{BODY_LINE + 2}:{col}: error:" in result.stdout + result.stderr
    assert "bug in pressrelease" not in result.stdout + result.stderr


def test_notes_and_boilerplate_are_checked_where_they_are_written(release_dir: Path) -> None:
    (release_dir / "organisation.yaml").write_text(
        "name: Example\ncity: Geneva\nboilerplate: |\n  About us.\n\n  " + "> " * 25 + "x\n", encoding="utf-8")
    path = release_dir / "release.md"
    path.write_text("---\nheadline: H\ndateline:\n  city: Geneva\n  date: 2016-02-19\nnotes_to_editors: |\n  Notes.\n  "
                    + "* " * 22 + "n\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        pressrelease.load(path)
    where = {(p.path.name, p.line, p.col) for p in caught.value.problems if p.code == "nesting"}
    assert where == {("organisation.yaml", 6, 43), ("release.md", 8, 43)}


def test_a_rule_of_dashes_is_not_nesting(release_dir: Path) -> None:
    pressrelease.load(_write(release_dir, "Text.\n\n" + "- " * 40 + "\n\nMore text.\n"))


DEPTH_20 = {
    "lists": "- " * 20 + "x\n",
    "quotes": "> " * 20 + "x\n",
    "mixed": "> - " * 10 + "x\n",
    "html": "<blockquote>" * 20 + "x\n",
    "indented": "".join(" " * (4 * i) + "- item\n" for i in range(20)),
}


@pytest.mark.parametrize("name", sorted(DEPTH_20))
def test_depth_at_the_limit_renders_in_every_format_and_one_more_is_refused(release_dir: Path, name: str) -> None:
    (release_dir / "organisation.yaml").write_text(
        "name: Example\ncity: Geneva\ncontacts:\n  - name: Ada Example\n    email: press@example.org\n"
        "boilerplate: |\n  " + "- " * 20 + "about\n", encoding="utf-8")
    release = pressrelease.load(_write(release_dir, "Intro.\n\n" + DEPTH_20[name]))
    assert "x" in pressrelease.render_text(release) or "item" in pressrelease.render_text(release)
    assert pressrelease.render_html(release)
    assert pressrelease.render_email(release)["Subject"]
    assert pressrelease.render_pdf(release).startswith(b"%PDF")
    deeper = {"lists": "- ", "quotes": "> ", "mixed": "> ", "html": "<blockquote>"}.get(name, "")
    tail = " " * 80 + "- item\n" if name == "indented" else ""
    _problem(_write(release_dir, "Intro.\n\n" + deeper + DEPTH_20[name] + tail, "deeper.md"))


@pytest.mark.parametrize("unit", ["*", "_", "`", "[a]", "**a ", "`a` ", "\\\\", "&amp; ", "<", "![a]", "[]()"])
def test_runs_of_inline_markup_load_and_render(release_dir: Path, unit: str) -> None:
    body = "\n\n".join([unit * (49_000 // len(unit))] * 2) + "\n"  # 100 kB, in paragraphs under the limit
    release = pressrelease.load(_write(release_dir, body))
    assert pressrelease.render_text(release)


LINKS = 30_000


def _links_body(count: int) -> str:
    """``count`` links, in paragraphs of five lines (within the limit on paragraphs)."""
    lines = [f"[l{i}](https://e.org/{i})" + ("\n\n" if i % 5 == 4 else "\n") for i in range(count)]
    return "".join(lines)


def test_thirty_thousand_links_are_numbered_in_linear_time(release_dir: Path) -> None:
    """Measured, not timed: the old block parser took O(n) per paragraph (list.pop(0)); count the list moves."""
    from pressrelease.source import markdown as md

    release = pressrelease.load(_write(release_dir, _links_body(LINKS)))
    text = pressrelease.render_text(release)
    assert "l0 [1]" in text and f"l{LINKS - 1} [{LINKS}]" in text
    assert f"[{LINKS}] https://e.org/{LINKS - 1}" in text
    assert md._Blocks([]).pop.__func__ is md._Blocks.pop  # the parser's work list is the linear one


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["para", "- item", "> quote", "1. one", "    code", "# head", "", "[a](b)", "x  ",
                                 "<b>raw</b>", "***", "- - -", "text *em*", "| a | b |", "|:--|--:|", "| `x|y` | z",
                                 "---"]), max_size=150))
def test_the_linear_parser_makes_the_same_html(lines: list[str]) -> None:
    import markdown
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    from pressrelease.source.markdown import markdown_html

    text = "\n".join(lines) + "\n"
    extensions = [SaneListExtension(), TableExtension(use_align_attribute=True)]
    plain = markdown.Markdown(extensions=extensions, output_format="html").convert(text)
    assert markdown_html(text) == (plain if text.strip() else "")


def test_a_paragraph_longer_than_the_limit_is_located_where_it_starts(release_dir: Path) -> None:
    # the 100,000 distinct links in one paragraph: Markdown's cost grows with the square of a
    # paragraph's length, so a paragraph is bounded and the conversion is linear in the body's length
    links = "\n".join(f"[link {i}](https://example.org/{i})" for i in range(100_000))
    path = _write(release_dir, "A first paragraph.\n\n" + links[:1_900_000] + "\n")
    with pytest.raises(SourceError) as caught:
        pressrelease.load(path)
    [problem] = [p for p in caught.value.problems if p.code == "nesting"]
    assert (problem.line, problem.col) == (BODY_LINE + 2, 1)
    assert "longer than 50,000 characters" in problem.message and "blank line" in problem.hint


def test_a_paragraph_at_the_limit_renders(release_dir: Path) -> None:
    from pressrelease.source.nesting import MAX_PARAGRAPH
    line = "[a link](https://example.org/x) and words\n"
    paragraph = line * ((MAX_PARAGRAPH - 1) // len(line))
    path = _write(release_dir, paragraph + "\n" + paragraph)
    text = pressrelease.render_text(pressrelease.load(path))
    assert " ".join(text.split()).count("a link [1] and words") == 2 * ((MAX_PARAGRAPH - 1) // len(line))


@pytest.mark.parametrize("run", ["_" * 20_000 + "x" + "_" * 20_000, "*_" * 30 + "x", "a " + "*" * 41 + "b"])
def test_a_long_run_of_emphasis_marks_is_located(release_dir: Path, run: str) -> None:
    # found by benchmarks/fuzz.py: 40,000 '_' around a letter nested emphasis 10,000 deep (RecursionError)
    path = _write(release_dir, "A first paragraph.\n\n" + run + "\n")
    problem = _problem(path)
    assert (problem.line, problem.col) == (BODY_LINE + 2, run.index(run.lstrip("a ")[0]) + 1)
    assert "in a row here; at most 40" in problem.message and "\\_" in problem.hint


def test_a_rule_of_underscores_is_no_emphasis(release_dir: Path) -> None:
    release = pressrelease.load(_write(release_dir, "Above.\n\n" + "_" * 200 + "\n\nBelow.\n"))
    assert "<hr" in pressrelease.render_html(release)


def test_text_past_the_limits_is_not_converted_to_find_its_images(release_dir: Path, monkeypatch) -> None:
    # found by benchmarks/fuzz.py: a 600,000-character line of <b><i> took 260 s of Markdown at load
    # before the nesting problem was reported; now the text past the limit is never converted
    from pressrelease.source import references

    converted: list[str] = []
    original = references.markdown_images
    monkeypatch.setattr(references, "markdown_images", lambda text: converted.append(text) or original(text))
    _problem(_write(release_dir, "<b><i>" * 100_000 + "\n"))
    assert not any("<b><i><b><i>" in text for text in converted)


def test_deep_inline_html_is_flattened_in_the_text_of_a_release_built_in_code() -> None:
    from pressrelease.view.plaintext import LinkTable, html_to_text

    html = "<p>" + "<em>" * 3000 + "deep" + "</em>" * 3000 + " after</p><p>next</p>"
    assert html_to_text(html, LinkTable()) == "deep after\n\nnext"


def test_more_paragraphs_than_the_limit_is_located_at_the_first_one_too_many(release_dir: Path) -> None:
    # found by benchmarks/fuzz.py: 486,000 one-letter paragraphs (a 1.4 MB source) took over 10 s of HTML
    from pressrelease.source.nesting import MAX_PARAGRAPHS

    path = _write(release_dir, "x\n\n" * (MAX_PARAGRAPHS + 5))
    problem = _problem(path)
    assert (problem.line, problem.col) == (BODY_LINE + 2 * MAX_PARAGRAPHS, 1)
    assert "a text has at most 10,000" in problem.message
    pressrelease.load(_write(release_dir, "x\n\n" * MAX_PARAGRAPHS, "at-the-limit.md"))
