"""The font-coverage warning: a character no font can draw in the PDF is reported, never a silent box.

The character no font has is U+10FFFD, the last private-use code point of plane 16: the first test proves
that fontconfig lists no font for it on this machine (and skips the tests that need that, should a font
here have it).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pressrelease import load
from pressrelease.cli import main
from pressrelease.errors import PressReleaseError
from pressrelease.model import Dateline, Organisation, Release
from pressrelease.source import Loader, cmap, coverage, fontconfig
from pressrelease.source.lint import font_coverage, lint

from helpers import ORGANISATION, ROOT

TOFU = "\U0010fffd"
FONTS = ROOT / "templates" / "fonts"
HINT = coverage.HINT + "; rule font-coverage"
FRONT = "headline: Example opens a new office\ndateline:\n  city: Geneva\n  date: 2016-02-19\n"
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, err.getvalue() + out.getvalue()


def said_about(output: str, path: Path) -> list[str]:
    """The lines of ``output`` about ``path`` (printed relative to the working directory), from the line number on."""
    found = []
    for line in output.splitlines():
        where, sep, rest = line.partition(f"{path.name}:")
        if sep and Path(where + path.name).resolve() == path.resolve():
            found.append(rest)
    return found


@pytest.fixture
def no_font_has_tofu() -> None:
    listed = fontconfig.lists_a_font(TOFU)
    assert listed is not None, "libfontconfig.so.1 did not load (WeasyPrint needs it)"
    if listed:
        pytest.skip(f"an installed font has U+{ord(TOFU):X} here")


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine with no font installed: only the font files are asked."""
    monkeypatch.setattr(fontconfig, "installed_coverage", lambda chars: {char: False for char in chars})


@pytest.fixture
def no_fontconfig(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    fontconfig.forget()
    monkeypatch.setattr(fontconfig, "LIBRARY_NAMES", ("libfontconfig-that-is-not-there.so.1",))
    yield
    fontconfig.forget()


def test_fontconfig_lists_no_font_for_the_test_character() -> None:
    listed = fontconfig.lists_a_font(TOFU)
    assert listed is not None
    if listed:
        pytest.skip(f"an installed font has U+{ord(TOFU):X} here")
    assert fontconfig.installed_coverage([TOFU]) == {TOFU: False}
    assert all(ord(TOFU) not in cmap.font_coverage(path) for path in coverage.bundled_fonts())


def test_fontconfig_finds_installed_fonts() -> None:
    assert fontconfig.lists_a_font("A") is True
    assert fontconfig.installed_coverage(["A"]) == {"A": True}
    if not CJK_FONT.is_file():
        pytest.skip("fonts-noto-cjk is not installed")
    assert fontconfig.lists_a_font("中") is True
    assert fontconfig.lists_a_font("中文かなカナ한글") is True  # one font has them all


def test_the_merged_charsets_answer_as_fcfontlist_does() -> None:
    """Past UNION_AFTER characters the merged charset answers; it must say what FcFontList says."""
    library = fontconfig._load()
    assert library is not None
    sample = ["A", "中", "ሰ", TOFU, "\ue000", "\u0301"] + [chr(code) for code in range(0x20, 0x30000, 257)
                                                          if not 0xD800 <= code < 0xE000]
    one_by_one = [fontconfig._lists_a_font(library, [char]) for char in sample]
    assert fontconfig._in_union(library, sample) == one_by_one
    assert True in one_by_one and False in one_by_one


def test_check_warns_at_the_character(write_release, no_font_has_tofu) -> None:
    path = write_release(FRONT, body=f"First paragraph.\n\nSecond one has {TOFU} inside.\n")
    code, output = run("check", str(path))
    assert code == 0  # a warning
    expected = f"9:16: warning: 1 character has no font to draw it in the PDF: {TOFU} (U+10FFFD) ({HINT})"
    assert expected in said_about(output, path)
    assert run("check", "--strict", str(path))[0] == 1


def test_build_warns_and_still_builds(write_release, tmp_path: Path, no_font_has_tofu) -> None:
    path = write_release(FRONT, body=f"First paragraph.\n\nSecond one has {TOFU} inside.\n", name="r.md")
    out = tmp_path / "out"
    code, output = run("build", str(path), "--out", str(out), "--format", "html,pdf")
    assert code == 0, output
    expected = f"9:16: warning: 1 character has no font to draw it in the PDF: {TOFU} (U+10FFFD) ({HINT})"
    assert expected in said_about(output, path)
    assert (out / "r.html").is_file() and (out / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_the_rule_can_be_disabled(write_release, release_dir: Path, tmp_path: Path, no_font_has_tofu) -> None:
    path = write_release(FRONT, body=f"Text {TOFU}.\n", name="r.md")
    assert "font-coverage" in run("check", str(path))[1]
    assert "font-coverage" not in run("check", "--disable", "font-coverage", str(path))[1]
    (release_dir / "organisation.yaml").write_text(ORGANISATION + "lint:\n  disable: [font-coverage]\n",
                                                   encoding="utf-8")
    assert "font-coverage" not in run("check", str(path))[1]
    code, output = run("build", str(path), "--out", str(tmp_path / "out"), "--format", "html")
    assert code == 0 and "font-coverage" not in output


def test_latin_arabic_and_khmer_need_no_installed_font(write_release, nothing_installed) -> None:
    body = ("Ævar’s café — «déjà vu», naïve 1–2 €5 “quotes” ŁÓDŹ ğ ș ț ő.\n\n"
            "قال المتحدث إن المجلس اعتمد القرار ١٢٣.\n\n"
            "ព្រះរាជាណាចក្រកម្ពុជា ជាតិ សាសនា ព្រះមហាក្សត្រ ១២៣។\n")
    assert font_coverage(load(write_release(FRONT, body=body))) == []


@pytest.mark.parametrize("name", ["unicef-yemen-truce-2022", "unicef-mena-aljawf-2020",
                                  "unicef-cambodia-crc30-2019", "cdc-usaid-financing-2020", "dfae-cassis-2019"])
def test_real_arabic_khmer_and_latin_releases_need_no_installed_font(name: str, nothing_installed) -> None:
    assert font_coverage(load(ROOT / "tests" / "data" / "corpus" / name / "release.md")) == []


def test_without_installed_fonts_japanese_is_reported(nothing_installed) -> None:
    (problem,) = font_coverage(load(ROOT / "tests" / "data" / "corpus" / "jica-ogata-indonesia-2005" / "release.md"))
    assert re.fullmatch(r"\d+ characters have no font to draw them in the PDF: (.+, ){4}.+ and \d+ more",
                        problem.message)
    assert "fonts-noto-cjk" in problem.hint


def _khmer_organisation(release_dir: Path, font: Path | None) -> None:
    text = ORGANISATION
    if font is not None:
        (release_dir / "fonts").mkdir(exist_ok=True)
        shutil.copy(font, release_dir / "fonts" / "house.ttf")
        text += "style:\n  font_family: House Khmer\n  fonts:\n    - file: fonts/house.ttf\n"
    (release_dir / "organisation.yaml").write_text(text, encoding="utf-8")


def test_a_configured_font_covers_what_it_has(write_release, release_dir: Path, nothing_installed,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With Noto Sans the only bundled font and nothing installed, Khmer is drawn only by the organisation's."""
    monkeypatch.setattr(coverage, "bundled_fonts", lambda: [FONTS / "NotoSans-Regular.ttf"])
    path = write_release(FRONT, body="Phnom Penh: កម្ពុជា.\n")
    _khmer_organisation(release_dir, None)
    (problem,) = font_coverage(load(path))
    assert problem.message == ("7 characters have no font to draw them in the PDF: ក (U+1780 KHMER LETTER KA), "
                               "ម (U+1798 KHMER LETTER MO), ◌្ (U+17D2 KHMER SIGN COENG), ព (U+1796 KHMER LETTER PO), "
                               "◌ុ (U+17BB KHMER VOWEL SIGN U) and 2 more")
    assert (problem.line, problem.col) == (7, 13)
    _khmer_organisation(release_dir, FONTS / "NotoSansKhmer-Regular.ttf")
    assert font_coverage(load(path)) == []
    # the same file name with other contents (a new mtime and size): read again, and the warning is back
    time.sleep(0.01)
    shutil.copy(FONTS / "NotoSans-Regular.ttf", release_dir / "fonts" / "house.ttf")
    assert [p.code for p in font_coverage(load(path))] == ["font-coverage"]


def test_a_character_of_the_organisation_file_is_located_there(write_release, release_dir: Path,
                                                                nothing_installed) -> None:
    organisation = release_dir / "organisation.yaml"
    organisation.write_text(ORGANISATION.replace("exists for tests.", f"exists for tests {TOFU}."), encoding="utf-8")
    (problem,) = font_coverage(load(write_release(FRONT)))
    line = next(n for n, text in enumerate(organisation.read_text(encoding="utf-8").split("\n"), 1) if TOFU in text)
    assert (problem.path, problem.line) == (organisation, line)
    assert organisation.read_text(encoding="utf-8").split("\n")[line - 1][problem.col - 1] == TOFU


def test_a_character_reference_is_located_at_its_field(write_release, nothing_installed) -> None:
    path = write_release(FRONT, body="Words.\n\nMore words &#x10FFFD; here.\n")
    (problem,) = font_coverage(load(path))
    assert (problem.line, problem.col) == (7, 1)  # the body's first line: the character is not in the file
    assert "(U+10FFFD)" in problem.message


def test_many_characters_are_listed_five_at_most(write_release, nothing_installed) -> None:
    chars = "".join(chr(0xE000 + n) for n in range(8))
    path = write_release(FRONT + f"subheadline: Deck {chars[5]}\n", body=f"Body {chars}.\n")
    (problem,) = font_coverage(load(path))
    listed = ", ".join(f"{chr(0xE000 + n)} (U+{0xE000 + n:04X})" for n in (5, 0, 1, 2, 3))
    assert problem.message == f"8 characters have no font to draw them in the PDF: {listed} and 3 more"
    assert (problem.line, problem.col) == (6, 19)  # the first in the file, in the deck


def test_spaces_controls_and_format_characters_need_no_glyph() -> None:
    invisible = "\t\n \u00a0\u2003\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u2060\ufeff\u00ad\ufe0f\u034f\U000e0101"
    assert coverage.candidates([invisible + "a\u0301"]) == ["a", "\u0301"]
    assert coverage.describe("\u0301") == "\u25cc\u0301 (U+0301 COMBINING ACUTE ACCENT)"
    assert coverage.describe("ሰ") == "ሰ (U+1230 ETHIOPIC SYLLABLE SA)"


def test_without_fontconfig_the_hint_says_installed_fonts_are_unknown(write_release, no_fontconfig) -> None:
    assert fontconfig.installed_coverage(["A"]) is None
    (problem,) = font_coverage(load(write_release(FRONT, body=f"Text {TOFU} and 中.\n")))
    assert problem.message.startswith("2 characters have no bundled or configured font to draw them in the PDF: ")
    assert "installed fonts were not checked" in problem.hint and coverage.HINT in problem.hint


def test_each_distinct_character_is_asked_once(write_release, monkeypatch: pytest.MonkeyPatch) -> None:
    fontconfig.forget()
    calls: list[int] = []
    real = fontconfig._lists_a_font
    monkeypatch.setattr(fontconfig, "_lists_a_font", lambda library, chars: calls.append(len(chars)) or real(library, chars))
    uncovered = "".join(chr(0xF0000 + n) for n in range(10))
    body = ("A line of words, " * 20 + "\n\n") * 293 + uncovered + "\n"  # 100,000 characters in paragraphs
    release = load(write_release(FRONT, body=body))
    started = time.perf_counter()
    (problem,) = font_coverage(release)
    elapsed = time.perf_counter() - started
    assert problem.message.startswith("10 characters have")
    assert calls == [10] + [1] * 10  # the ten together (no font has them all), then each once
    assert font_coverage(release) == [problem] and len(calls) == 11  # known for the life of the process
    assert elapsed < 1.0, f"{elapsed:.3f} s for 100,000 characters"


def test_check_imports_neither_typing_nor_fonttools(write_release) -> None:
    path = write_release(FRONT, body=f"Text {TOFU} and ሰ.\n")
    script = ("import sys, io; from pressrelease.cli import main; "
              f"main(['check', {str(path)!r}], out=io.StringIO(), err=io.StringIO()); "
              "assert 'typing' not in sys.modules and 'fontTools' not in sys.modules, sorted(sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _font_tools_cmap(path: Path) -> set[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    notdef = font.getGlyphOrder()[0]
    return {code for code, glyph in (font.getBestCmap() or {}).items() if glyph != notdef}


def _installed_font_files() -> list[Path]:
    found = sorted(p for p in Path("/usr/share/fonts").rglob("*") if p.suffix.lower() in (".ttf", ".otf"))
    return found[:: max(1, len(found) // 25)]


@pytest.mark.parametrize("path", sorted(FONTS.glob("*.ttf")) + _installed_font_files(), ids=lambda p: p.name)
def test_the_cmap_reader_agrees_with_font_tools(path: Path) -> None:
    assert set(cmap.font_coverage(path)) == _font_tools_cmap(path)


@pytest.mark.parametrize("flavor", ["woff", "woff2"])
def test_woff_files_are_read(tmp_path: Path, flavor: str) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / "NotoSansKhmer-Regular.ttf")
    font.flavor = flavor
    font.save(tmp_path / f"k.{flavor}")
    assert set(cmap.font_coverage(tmp_path / f"k.{flavor}")) == _font_tools_cmap(FONTS / "NotoSansKhmer-Regular.ttf")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([b"\x00\x01\x00\x00", b"OTTO", b"wOFF", b"wOF2", b"true"]), st.binary(max_size=400))
@example(b"\x00\x01\x00\x00", b"\x00\x01\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff")
def test_a_broken_font_covers_nothing_and_raises_nothing(tmp_path_factory, magic: bytes, rest: bytes) -> None:
    path = tmp_path_factory.mktemp("font") / "broken.ttf"
    path.write_bytes(magic + rest)
    assert len(cmap.font_coverage(path)) <= 0x110000


_ANY = st.characters(blacklist_categories=("Cs", "Cc"))
_NOTABLE = st.sampled_from(["\n", "\n\n", TOFU, "\ue000", "\U000f0000", "ሰ", "中", "ក", "ع", "\u0301", "\u200d",
                            "&#x10FFFD;", "&amp;", "*", "[", "`"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ANY | _NOTABLE, max_size=60).map("".join))
@example(f"a{TOFU}b")
@example("&#x10FFFD;")
def test_any_text_gives_no_warning_or_a_well_formed_one(text: str) -> None:
    organisation = Organisation(name="Example")
    source = f"---\n{FRONT}---\n{text}\n"
    try:
        release = Loader().parse(source, path=Path("r.md"), base_dir=Path("."), organisation=organisation)
    except PressReleaseError:
        return  # the loader refused the text (with its problems): nothing to draw
    problems = [p for p in lint(release) if p.code == "font-coverage"]
    found = coverage.uncovered(release).chars
    assert len(problems) == (1 if found else 0)
    if problems:
        (problem,) = problems
        shown = min(len(found), 5)
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        pattern = (rf"(1 character has|{len(found)} characters have) no font to draw (it|them) in the PDF: "
                   rf"(.+ \(U\+[0-9A-F]{{4,6}}( [A-Z0-9 -]+)?\)(, )?){{{shown}}}{re.escape(more)}")
        assert re.fullmatch(pattern, problem.message), problem.message
        assert problem.severity == "warning" and problem.path == Path("r.md")
        lines = source.split("\n")
        assert 1 <= problem.line <= len(lines)
        if problem.col > 1 or any(char in source for char in found):
            assert lines[problem.line - 1][problem.col - 1] in found


@settings(max_examples=100, deadline=None)
@given(st.lists(st.characters(blacklist_categories=("Cs", "Cc")) | _NOTABLE, max_size=40).map("".join))
def test_a_release_built_in_code_is_checked_too(text: str) -> None:
    """Without an origin there is no file to point at: the warning has no place, and still no exception."""
    release = Release(headline="H", body=text, dateline=Dateline(date=dt.date(2020, 1, 1)),
                      organisation=Organisation(name="Example"))
    found = coverage.warning(release)
    assert found is None or (found[:3] == (None, 0, 0) and " in the PDF: " in found[3])
