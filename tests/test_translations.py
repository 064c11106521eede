"""Translations: releases sharing a translation_key link to one another's web pages.

The build finds every release's key before it renders a page, each page
gets a language switcher and ``<link rel="alternate" hreflang>`` for its
group, a change in a group rebuilds its pages (and only them), ``check``
reports what the build refuses, and the switcher escapes what it prints.
"""

from __future__ import annotations

import email
import io
from pathlib import Path
from typing import Callable

import html5lib
import pytest

import pressrelease
from pressrelease import Translation, load
from pressrelease.build import BuildOptions, build
from pressrelease.cli import main
from pressrelease.source import Loader

from helpers import ORGANISATION

FAST = ("html", "txt")
KEY = "ipu-cambodia-2016"
NAMES = {"ar": "العربية", "en": "English", "fr": "Français"}
DIRECTIONS = {"ar": "rtl", "en": "ltr", "fr": "ltr"}


def release_text(language: str, key: str = KEY, slug: str = "", headline: str = "") -> str:
    lines = [f"headline: {headline or f'The mission in {language}'}",
             "dateline: {city: Geneva, date: 2016-02-19}",
             f"language: {language}"]
    if slug:
        lines.append(f"slug: {slug}")
    if key:
        lines.append(f"translation_key: {key}")
    return "---\n" + "\n".join(lines) + "\n---\nA body paragraph.\n"


@pytest.fixture
def group(release_dir: Path) -> Path:
    """An English, a French and an Arabic release sharing a key (the Arabic one with a slug), and one alone."""
    (release_dir / "mission-en.md").write_text(release_text("en"), encoding="utf-8")
    (release_dir / "mission-fr.md").write_text(release_text("fr"), encoding="utf-8")
    (release_dir / "mission-ar.md").write_text(release_text("ar", slug="2016-02-19-mission-arabic"), encoding="utf-8")
    (release_dir / "other.md").write_text(release_text("en", key=""), encoding="utf-8")
    return release_dir


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def parse(html: str):  # type: ignore[no-untyped-def]
    """The page as an element tree; a page that is not valid HTML5 fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document = parser.parse(html)
    assert parser.errors == []
    return document


def switcher(html: str) -> list[dict[str, str]]:
    """The switcher's entries, in order: each element's tag, text and attributes."""
    navs = parse(html).findall(".//nav[@class='translations']")
    if not navs:
        return []
    assert len(navs) == 1
    return [{"tag": element.tag, "text": element.text or "", **element.attrib}
            for item in navs[0].iter("li") for element in item]


def alternates(html: str) -> list[tuple[str, str]]:
    return [(link.get("hreflang"), link.get("href")) for link in parse(html).iter("link") if link.get("rel") == "alternate"]


HREFS = {"ar": "2016-02-19-mission-arabic.html", "en": "mission-en.html", "fr": "mission-fr.html"}


def expected_entries(current: str) -> list[dict[str, str]]:
    entries = []
    for language in ("ar", "en", "fr"):  # by language tag
        if language == current:
            entries.append({"tag": "span", "text": NAMES[language], "lang": language, "dir": DIRECTIONS[language],
                            "aria-current": "page"})
        else:
            entries.append({"tag": "a", "text": NAMES[language], "href": HREFS[language], "hreflang": language,
                            "lang": language, "dir": DIRECTIONS[language], "title": f"The mission in {language}"})
    return entries


# -- the pages ------------------------------------------------------------------------------------------


def test_three_languages_link_to_one_another(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build([group], BuildOptions(out_dir=out, formats=FAST))
    assert report.ok and len(report.built) == 4
    for language, page in (("en", "mission-en.html"), ("fr", "mission-fr.html"), ("ar", HREFS["ar"])):
        html = (out / page).read_text(encoding="utf-8")
        assert switcher(html) == expected_entries(language), page
        assert alternates(html) == [("ar", HREFS["ar"]), ("en", "mission-en.html"), ("fr", "mission-fr.html")]
        for href in HREFS.values():
            assert (out / href).is_file()  # each link points at a page this build wrote beside it
    nav = parse((out / "mission-fr.html").read_text(encoding="utf-8")).find(".//nav")
    assert nav.get("aria-label") == "العربية, English, Français"  # the languages' own names: no label to translate
    assert not nav.findall(".//h2") and not nav.findall(".//h3")


def test_a_release_without_a_key_has_no_switcher(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=FAST))
    html = (out / "other.html").read_text(encoding="utf-8")
    assert switcher(html) == [] and alternates(html) == []
    assert "<nav" not in html and "hreflang" not in html


def test_only_the_web_page_shows_the_switcher(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=("html", "txt", "eml")))
    text = (out / "mission-en.txt").read_text(encoding="utf-8")
    assert "Français" not in text and "العربية" not in text and "mission-fr" not in text
    message = email.message_from_bytes((out / "mission-en.eml").read_bytes())
    html_part = next(part for part in message.walk() if part.get_content_type() == "text/html")
    body = html_part.get_payload(decode=True).decode("utf-8")
    assert "<nav" not in body and "hreflang" not in body and "Français" not in body


def test_a_parallel_build_writes_the_same_pages(group: Path, tmp_path: Path) -> None:
    build([group], BuildOptions(out_dir=tmp_path / "j1", formats=FAST))
    build([group], BuildOptions(out_dir=tmp_path / "j2", formats=FAST, jobs=2))
    for page in HREFS.values():
        assert (tmp_path / "j2" / page).read_bytes() == (tmp_path / "j1" / page).read_bytes()


def test_one_release_alone_shows_no_switcher_unless_given_its_translations(group: Path) -> None:
    english, french, arabic = (load(group / f"mission-{language}.md") for language in ("en", "fr", "ar"))
    assert english.translation_key == KEY
    assert switcher(pressrelease.render_html(english)) == []
    given = [Translation.of(french), Translation.of(arabic), Translation.of(english)]  # itself is taken as it is
    html = pressrelease.render_html(english, translations=given)
    assert switcher(html) == expected_entries("en")
    assert "hreflang" not in pressrelease.render(english, "txt", translations=given)


def test_two_translations_in_one_language_are_refused_by_the_api(group: Path) -> None:
    english = load(group / "mission-en.md")
    with pytest.raises(ValueError, match="two translations in 'fr'"):
        pressrelease.render_html(english, translations=[Translation(language="fr", name="a"),
                                                        Translation(language="fr", name="b")])
    with pytest.raises(ValueError, match="language"):
        Translation(language="not a language", name="x")


def test_the_switcher_escapes_what_it_prints(group: Path) -> None:
    english = load(group / "mission-en.md")
    hostile = Translation(language="fr", name='a"b<c>&d/../e', headline='"><script>alert(1)</script>&amp;')
    html = pressrelease.render_html(english, translations=[hostile])
    entries = switcher(html)
    link = next(entry for entry in entries if entry["tag"] == "a")
    assert link["href"] == "a%22b%3Cc%3E%26d%2F..%2Fe.html"  # one file name beside the page, nothing else
    assert link["title"] == '"><script>alert(1)</script>&amp;'  # the text as written, escaped in the markup
    assert "<script>alert" not in html and "a%22b%3Cc%3E%26d%2F..%2Fe.html" in html
    assert alternates(html) == [("en", "mission-en.html"), ("fr", "a%22b%3Cc%3E%26d%2F..%2Fe.html")]


# -- check and build agree --------------------------------------------------------------------------------


def test_a_key_no_other_release_shares_is_a_warning(release_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(release_dir)
    Path("mission-en.md").write_text(release_text("en"), encoding="utf-8")
    Path("other.md").write_text(release_text("fr", key="another-key"), encoding="utf-8")
    code, _, err = run("check", ".")
    assert code == 0
    assert ("mission-en.md:5:1: warning: translation_key 'ipu-cambodia-2016' is shared by no other release: "
            "its language links point nowhere (give the other languages' releases the same 'translation_key:' "
            "and check them all at once, by their folder or every file; rule translation-unshared)") in err.splitlines()
    assert "other.md:5:1: warning: translation_key 'another-key' is shared by no other release" in err
    for quiet in (["--no-lint"], ["--disable", "translation-unshared"]):
        assert "translation_key" not in run("check", ".", *quiet)[2]
    assert run("check", ".", "--strict")[0] == 1


def test_a_group_checked_together_is_fine(group: Path) -> None:
    code, _, err = run("check", str(group), "--disable", "body-length")
    assert code == 0 and "translation" not in err
    assert "shared by no other release" in run("check", str(group / "mission-en.md"))[2]  # checked alone


def test_the_organisation_can_switch_the_warning_off(release_dir: Path) -> None:
    org = release_dir / "organisation.yaml"
    org.write_text(ORGANISATION + "lint:\n  disable: [translation-unshared]\n", encoding="utf-8")
    (release_dir / "mission-en.md").write_text(release_text("en"), encoding="utf-8")
    assert "translation_key" not in run("check", str(release_dir))[2]


def test_a_second_release_in_a_language_is_an_error_the_build_refuses(group: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(group)
    second = group / "mission-fr2.md"
    second.write_text("---\n# the same news, in French again\n" + release_text("fr").removeprefix("---\n"),
                      encoding="utf-8")
    message = ("mission-fr2.md:6:1: error: translation_key 'ipu-cambodia-2016' already has a release in 'fr': "
               "mission-fr.md (one release per language shares a key: correct this release's 'language:', "
               "or give it its own 'translation_key:')")
    code, _, err = run("check", ".")
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [message]  # the first one is fine
    out = tmp_path / "out"
    report = build([Path(".")], BuildOptions(out_dir=out, formats=FAST))
    assert [str(p) for p in report.all_problems] == [message]
    assert [o.source.name for o in report.failed] == ["mission-fr2.md"]
    assert not (out / "mission-fr2.html").exists()
    assert switcher((out / "mission-en.html").read_text(encoding="utf-8")) == expected_entries("en")


def test_a_bad_key_is_located(write_release: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_release("""\
        headline: x
        dateline: {city: Geneva, date: 2016-02-19}
        translation_key: IPU_Cambodia 2016
        """)
    monkeypatch.chdir(path.parent)
    code, _, err = run("check", path.name)
    assert code == 1
    assert ("release.md:4:18: error: translation_key 'IPU_Cambodia 2016' is not a translation key (use lowercase "
            "letters, digits and hyphens, the same in each language's release, e.g. ipu-cambodia-2016)") in err


def test_check_reads_the_key_of_a_release_that_does_not_load(group: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The build reads every key from the front matter alone, so a broken first release still takes its
    language: check says so too (and reports what is broken)."""
    monkeypatch.chdir(group)
    Path("mission-fr.md").write_text(release_text("fr").replace("2016-02-19", "2016-02-30"), encoding="utf-8")
    Path("mission-fr2.md").write_text(release_text("fr"), encoding="utf-8")
    refused = "mission-fr2.md:5:1: error: translation_key 'ipu-cambodia-2016' already has a release in 'fr'"
    _, _, err = run("check", ".")
    assert refused in err and "mission-fr.md:3:" in err  # 30 February
    report = build([Path(".")], BuildOptions(out_dir=tmp_path / "out", formats=FAST))
    assert any(str(problem).startswith(refused) for problem in report.all_problems)


# -- incremental builds ---------------------------------------------------------------------------------


def built(report) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(o.source.name for o in report.built)


def test_a_siblings_new_slug_rebuilds_its_group_and_a_second_build_renders_nothing(
        group: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=FAST))
    (group / "mission-ar.md").write_text(release_text("ar", slug="mission-arabic"), encoding="utf-8")
    report = build([group], BuildOptions(out_dir=out, formats=FAST))
    assert built(report) == ["mission-ar.md", "mission-en.md", "mission-fr.md"]  # not other.md
    for page in ("mission-en.html", "mission-fr.html"):
        hrefs = [entry.get("href") for entry in switcher((out / page).read_text(encoding="utf-8"))]
        assert "mission-arabic.html" in hrefs and HREFS["ar"] not in hrefs
    assert not (out / HREFS["ar"]).exists()

    def no_reading(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("an unchanged release was read")

    monkeypatch.setattr(Loader, "load", no_reading)
    monkeypatch.setattr(Loader, "front_matter", no_reading)
    again = build([group], BuildOptions(out_dir=out, formats=FAST))
    assert again.built == [] and len(again.unchanged) == 4


def test_adding_and_removing_a_sibling_rebuilds_the_group(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=FAST))
    (group / "mission-de.md").write_text(release_text("de"), encoding="utf-8")
    assert built(build([group], BuildOptions(out_dir=out, formats=FAST))) == [
        "mission-ar.md", "mission-de.md", "mission-en.md", "mission-fr.md"]
    assert "Deutsch" in [entry["text"] for entry in switcher((out / "mission-en.html").read_text(encoding="utf-8"))]
    (group / "mission-de.md").unlink()
    (group / "mission-fr.md").unlink()
    report = build([group], BuildOptions(out_dir=out, formats=FAST))
    assert built(report) == ["mission-ar.md", "mission-en.md"]
    assert [entry["text"] for entry in switcher((out / "mission-en.html").read_text(encoding="utf-8"))] == [
        "العربية", "English"]


def test_a_sibling_changing_language_rebuilds_the_group(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=FAST))
    (group / "mission-fr.md").write_text(release_text("fr-CH"), encoding="utf-8")
    assert built(build([group], BuildOptions(out_dir=out, formats=FAST))) == [
        "mission-ar.md", "mission-en.md", "mission-fr.md"]
    entries = switcher((out / HREFS["ar"]).read_text(encoding="utf-8"))
    assert [(entry.get("hreflang") or entry["lang"], entry["text"]) for entry in entries] == [
        ("ar", "العربية"), ("en", "English"), ("fr-CH", "Français (Suisse)")]


def test_editing_a_siblings_body_rebuilds_only_it(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=FAST))
    path = group / "mission-fr.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert built(build([group], BuildOptions(out_dir=out, formats=FAST))) == ["mission-fr.md"]


def test_a_pdf_only_build_does_not_depend_on_the_group(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([group], BuildOptions(out_dir=out, formats=("txt",)))
    (group / "mission-ar.md").write_text(release_text("ar", slug="mission-arabic"), encoding="utf-8")
    assert built(build([group], BuildOptions(out_dir=out, formats=("txt",)))) == ["mission-ar.md"]


def test_a_refused_release_is_built_once_its_language_is_corrected(group: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    second = group / "mission-fr2.md"
    second.write_text(release_text("fr"), encoding="utf-8")
    assert not build([group], BuildOptions(out_dir=out, formats=FAST)).ok
    second.write_text(release_text("de"), encoding="utf-8")
    report = build([group], BuildOptions(out_dir=out, formats=FAST))
    assert report.ok
    assert built(report) == ["mission-ar.md", "mission-en.md", "mission-fr.md", "mission-fr2.md"]


def test_languages_are_named_in_themselves() -> None:
    from pressrelease.i18n import language_name

    assert [language_name(tag) for tag in ("ar", "fr", "de", "pt-BR", "ru", "km", "zh-Hans", "ka")] == [
        "العربية", "Français", "Deutsch", "Português (Brasil)", "Русский", "ខ្មែរ", "中文 (简体)", "ქართული"]


def test_the_model_refuses_a_bad_key() -> None:
    from pressrelease import Organisation, Release
    from pressrelease.model import Dateline

    import datetime as dt

    with pytest.raises(ValueError, match="translation_key"):
        Release(headline="x", body="y", organisation=Organisation(name="o"),
                dateline=Dateline(date=dt.date(2016, 2, 19)), translation_key="Not A Key")


@pytest.mark.parametrize("fields", [
    "language: fr\nslug: a-slug",
    "tags: [a]",  # no language, no slug: the organisation's language, the file's name
    "organisation: {language: de}",
    "organisation: {name: Other, language: ar}\nlanguage: km",
    "slug: s\norganisation: other.yaml",
])
def test_the_front_matter_alone_gives_what_loading_gives(release_dir: Path, fields: str) -> None:
    """The build groups releases from their front matter alone: the language, name and headline it reads
    are the loaded release's."""
    from pressrelease.source.translations import read_keyed

    (release_dir / "other.yaml").write_text("name: Other\nlanguage: pt-BR\n", encoding="utf-8")
    path = release_dir / "x.md"
    path.write_text(f"---\nheadline: The headline\ndateline: {{date: 2016-02-19}}\n{fields}\n"
                    f"translation_key: {KEY}\n---\nBody.\n", encoding="utf-8")
    release = load(path)
    keyed = read_keyed(Loader(), path)
    assert keyed is not None and keyed.key == release.translation_key == KEY
    assert keyed.translation == Translation.of(release)
    assert (keyed.line, keyed.col) == release.origin.locate("translation_key")


def test_a_release_that_cannot_be_read_is_in_no_group(release_dir: Path) -> None:
    from pressrelease.source.translations import read_keyed

    path = release_dir / "x.md"
    for text in ("no front matter", f"---\nheadline: [\ntranslation_key: {KEY}\n---\n",
                 f"---\nheadline: x\nlanguage: xx-nope\ntranslation_key: {KEY}\n---\n",
                 "---\nheadline: x\ntranslation_key: Bad Key\n---\n", "---\nheadline: x\n---\ntranslation_key"):
        path.write_text(text, encoding="utf-8")
        assert read_keyed(Loader(), path) is None, text
