"""The plain-text layout: 72 columns, whole URLs, numbered links, quotes, bullets."""

from __future__ import annotations

from pressrelease import load, render_text
from pressrelease.source.markdown import render_markdown
from pressrelease.view.plaintext import LinkTable, first_sentence, html_to_text, underline, wrap

from helpers import MINIMAL


def text_of(markdown: str, width: int = 72) -> tuple[str, LinkTable]:
    links = LinkTable()
    return html_to_text(render_markdown(markdown), links, width=width), links


def test_wraps_at_72_and_never_breaks_urls() -> None:
    url = "https://www.example.org/a/very/long/path/that/is/longer/than/the/line/itself/index.html"
    text, _ = text_of("word " * 30 + f"<{url}> and jep@ipu.org end")
    lines = text.split("\n")
    assert all(len(line) <= 72 for line in lines if url not in line)
    assert url in lines
    assert any("jep@ipu.org" in line for line in lines)


def test_links_become_numbered_references() -> None:
    text, links = text_of("See [the report](https://example.org/r) and [the data](https://example.org/d), "
                          "and [the report again](https://example.org/r).")
    assert text == ("See the report [1] and the data [2], and the report again [1].")
    assert list(links) == [(1, "https://example.org/r"), (2, "https://example.org/d")]


def test_reference_marker_never_starts_a_line() -> None:
    text, _ = text_of("x " * 33 + "[link](https://example.org)")
    assert not any(line.startswith("[1]") for line in text.split("\n"))


def test_bare_links_and_addresses_are_printed_once() -> None:
    text, links = text_of("Visit <https://ipu.org> or write to <jep@ipu.org>.")
    assert text == "Visit https://ipu.org or write to jep@ipu.org."
    assert len(links) == 0


def test_headings_in_capitals_quotes_and_lists() -> None:
    text, _ = text_of(
        "## Background facts\n\n> A quoted sentence that is long enough to need wrapping when the quote "
        "marker is added in front of it.\n\n- first point\n- second point, long enough to wrap onto a second "
        "line when the bullet is counted as well\n\n1. one\n2. two\n"
    )
    assert text.split("\n\n")[0] == "BACKGROUND FACTS"
    quote = text.split("\n\n")[1].split("\n")
    assert all(line.startswith("> ") for line in quote) and len(quote) == 2
    bullets = text.split("\n\n")[2].split("\n")
    assert bullets[0] == "- first point"
    assert bullets[1].startswith("- second point")
    assert bullets[2].startswith("  ")
    assert text.split("\n\n")[3] == "1. one\n2. two"


def test_nested_lists_indent() -> None:
    text, _ = text_of("- outer\n    - inner\n- next\n")
    assert text == "- outer\n  - inner\n- next"


def test_line_breaks_are_kept() -> None:
    text, _ = text_of("Line one  \nLine two")
    assert text == "Line one\nLine two"


def test_emphasis_is_plain_and_images_show_alt() -> None:
    text, _ = text_of("**Bold** and *italic* and ![a map](map.png)")
    assert text == "Bold and italic and [Image: a map]"


def test_wrap_helpers() -> None:
    assert wrap("a b c", width=3) == "a b\nc"
    assert underline("Title\nTwo") == "Title\nTwo\n====="


def test_first_sentence() -> None:
    html = render_markdown("The IPU (Geneva) met [MPs](https://x.org). Then it left.")
    assert first_sentence(html) == "The IPU (Geneva) met MPs."


def test_wrapping_matches_textwrap() -> None:
    """Our greedy filler gives textwrap's lines (no broken words, no hyphen breaks), only faster."""
    import random
    import textwrap

    rng = random.Random(7)
    vocabulary = ["a", "IPU", "Inter-Parliamentary", "https://www.ipu.org/news/press-releases/2016-02/cambodia",
                  "delegation", "—", "12", "jep@ipu.org", "x" * 80, "réunion"]
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        width = rng.choice([20, 40, 72])
        expected = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]
        assert wrap(text, width).split("\n") == expected


def test_odd_list_start_renders(write_release) -> None:
    release = load(write_release(MINIMAL, body='<ol start="x"><li>one</li></ol>\n'))
    assert "1. one" in render_text(release)


# -- the parser reads the sanitiser's HTML as a general HTML parser would ---------------

from html.parser import HTMLParser  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pressrelease.view.plaintext import _parse  # noqa: E402


class _Reference(HTMLParser):
    """The standard library's parser building the same tree, to compare ours with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: list = ["root", {}, []]
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        element = [tag, {k: v or "" for k, v in attrs}, []]
        self.stack[-1][2].append(element)
        if tag not in ("br", "img", "hr", "wbr"):
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.stack[-1][2].append([tag, {k: v or "" for k, v in attrs}, []])

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.stack[-1][2].append(data)


def _as_lists(element):  # type: ignore[no-untyped-def]
    if isinstance(element, str):
        return element
    return [element.tag, element.attrs, [_as_lists(child) for child in element.children]]


def _reference(html: str) -> list:  # type: ignore[type-arg]
    parser = _Reference()
    parser.feed(html)
    parser.close()
    return parser.root


MARKDOWN_BITS = st.sampled_from([
    "word", "Ünïcödé ខ្មែរ عربي", " ", "\n", "\n\n", "*em*", "**strong**", "`code`", "[a link](https://x.org/?a=1&b=2)",
    "![alt > text](pic.png \"a \\\"title\\\"\")", "- item\n", "1. first\n", "> quote\n", "## head\n", "&amp; &lt;",
    "<b>raw</b>", '<img src="a.png" alt=\'x"y\'>', "<br>", "<span lang=fr>oui</span>", "a < b > c", "\u00a0",
    "    code block\n", "---\n", "<a href='mailto:a@b.org'>mail</a>", "<table><tr><td>t</td></tr></table>",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_BITS, max_size=30).map("".join))
def test_our_parser_builds_the_standard_librarys_tree(markdown: str) -> None:
    html = str(render_markdown(markdown))
    assert _as_lists(_parse(html)) == _reference(html)


def test_text_without_spaces_wraps_at_icu_breaks_by_display_width() -> None:
    """Chinese breaks between ideographs (two columns each), never before "。"; Khmer at its words; a URL stays
    whole; nothing is lost or added but the line breaks."""
    from pressrelease.i18n.segments import line_pieces
    from pressrelease.view.texttable import display_width

    chinese = "每年的10月24日是联合国日，为1945年《联合国宪章》生效的周年纪念日。" * 4
    lines = wrap(chinese, 40).split("\n")
    assert len(lines) > 1 and all(display_width(line) <= 40 for line in lines)
    assert "".join(lines) == chinese and not any(line.startswith(("。", "，", "》")) for line in lines)
    khmer = "សេចក្តីប្រកាសព័ត៌មានរួមស្តីពីការបន្ថែមហិរញ្ញប្បទាន https://www.cdc-crdb.gov.kh/en/pressview.php?id=83 ក្នុងកិច្ចព្រមព្រៀង"
    lines = wrap(khmer, 30).split("\n")
    assert "https://www.cdc-crdb.gov.kh/en/pressview.php?id=83" in lines
    pieces = line_pieces(khmer.split()[0])
    assert lines[0] in {"".join(pieces[:k]) for k in range(1, len(pieces))}  # cut at a word boundary
    assert all(display_width(line) <= 30 for line in lines if not line.startswith("https:"))
    assert "".join(lines).replace(" ", "") == khmer.replace(" ", "")
    assert underline("联合国日") == "联合国日\n========"


def test_a_url_or_a_link_number_in_chinese_is_never_cut() -> None:
    url = "https://zh.wikipedia.org/wiki/中华人民共和国国务院新闻办公室发布会记录全文"
    lines = wrap("网址 " + url + " 。", 40).split("\n")
    assert url in lines
    html = "<p>" + "中" * 35 + '<a href="https://example.org">文</a>。后面的文字。</p>'
    text = html_to_text(html, LinkTable(), width=72)
    assert "文 [1]" in text and not any(line.startswith((" ", "[")) for line in text.split("\n"))


def test_the_first_sentence_ends_at_any_script_s_full_stop() -> None:
    assert first_sentence("<p>今天，联合国在北京举行仪式。每年的10月24日是联合国日。</p>") == "今天，联合国在北京举行仪式。"
    assert first_sentence("<p>ការប្រារព្ធពិធីនេះ។ ការចាប់ផ្តើម។</p>") == "ការប្រារព្ធពិធីនេះ។"
    assert first_sentence("<p>The IPU met 3.5 million people. Then it left.</p>") == "The IPU met 3.5 million people."
