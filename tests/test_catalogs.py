"""The labels' gettext catalogs: the template is what the code marks, every shipped catalog is complete.

A catalog that lacks a message, keeps a fuzzy one, loses a placeholder or
has a subject label that would break an email header fails here, before it
can ship; a catalog check that could never fail would prove nothing, so the
checker is also run on a catalog broken on purpose.
"""

from __future__ import annotations

import re
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from helpers import ROOT
from pressrelease.i18n import DATELINE_LABELS, MESSAGES, Labels, language_chain, shipped_languages
from pressrelease.i18n.catalogs import LOCALE_DIR, catalog_path, translations
from pressrelease.rules import is_dateline_format

#: The ten languages issue 11 asks for (English is the source, the others have a catalog).
TEN = ("en", "fr", "es", "de", "pt", "ar", "zh-Hans", "ru", "km", "ja")
NON_ENGLISH = TEN[1:]
POT = Path(LOCALE_DIR) / "pressrelease.pot"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def read(path: Path | str, language: str = "en"):  # type: ignore[no-untyped-def]
    with open(path, "rb") as file:
        return read_po(file, locale=language.replace("-", "_"))


def problems(catalog) -> list[str]:  # type: ignore[no-untyped-def]
    """What is wrong with a language's catalog, one line each ([] when it can ship)."""
    found = []
    entries = {message.context: message for message in catalog if message.id}
    for key, english in MESSAGES.items():
        message = entries.get(key)
        if message is None or not message.string:
            found.append(f"{key}: no translation")
            continue
        if message.fuzzy:
            found.append(f"{key}: fuzzy")
        if message.id != english:
            found.append(f"{key}: translates {message.id!r}, not {english!r}")
        text = message.string
        if key in DATELINE_LABELS:
            if not is_dateline_format(text):
                found.append(f"{key}: {text!r} is not a dateline format")
        elif set(_PLACEHOLDER.findall(text)) != set(_PLACEHOLDER.findall(english)):
            found.append(f"{key}: placeholders {sorted(_PLACEHOLDER.findall(text))}")
        if key.startswith("subject_") and re.search(r"[\x00-\x1f\x7f]|=\?", text):
            found.append(f"{key}: not safe in an email header")
        if text != text.strip() and key not in ("separator", "quote_open", "quote_close"):  # « and » hold a no-break space
            found.append(f"{key}: outer spaces")
    found += [f"{key}: not a message of messages.py" for key in entries if key not in MESSAGES]
    found += [f"obsolete: {message.context}" for message in catalog.obsolete.values()]
    return found


def test_the_ten_languages_ship() -> None:
    assert shipped_languages() == ("en", *sorted(NON_ENGLISH))
    for language in NON_ENGLISH:
        assert Path(catalog_path(language)).is_file()


def test_the_template_holds_what_the_code_marks() -> None:
    marked = {(context, message) for _, message, _, context in
              extract_from_file("python", ROOT / "pressrelease" / "i18n" / "messages.py",
                                keywords={"_N": ((1, "c"), 2)})}
    template = {(message.context, message.id) for message in read(POT) if message.id}
    assert template == marked == set(MESSAGES.items())


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_every_catalog_is_complete_and_safe(language: str) -> None:
    catalog = read(catalog_path(language), language)
    assert problems(catalog) == []
    assert [errors for _, errors in catalog.check() if errors] == []  # Babel's own checks


def test_the_checker_fails_a_broken_catalog() -> None:
    text = Path(catalog_path("fr")).read_text(encoding="utf-8")
    broken = text.replace('msgstr "À propos de {name}"', 'msgstr "À propos"')
    broken = re.sub(r'(msgctxt "calendar"\nmsgid "Add to calendar"\nmsgstr )"[^"]*"', r'\1""', broken)
    broken = broken.replace('msgctxt "more"', '#, fuzzy\nmsgctxt "more"')
    catalog = read_po(BytesIO(broken.encode("utf-8")), locale="fr")
    assert sorted(problems(catalog)) == ["about: placeholders []", "calendar: no translation", "more: fuzzy"]


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_a_release_in_the_language_prints_no_english_label(language: str) -> None:
    labels = Labels(language)
    for key in ("contact_intro", "notes_to_editors", "page", "immediate", "kind", "about", "event_when"):
        assert labels[key] != MESSAGES[key], (language, key)
    assert translations(language).keys() == MESSAGES.keys()


def test_a_region_falls_back_to_its_language_and_chinese_to_its_script() -> None:
    assert Labels("fr-CH")["contact_intro"] == Labels("fr")["contact_intro"] != MESSAGES["contact_intro"]
    assert Labels("zh-CN")["kind"] == Labels("zh")["kind"] == Labels("zh-Hans")["kind"] == "新闻稿"
    assert Labels("zh-TW")["kind"] == "Press Release"  # Traditional Chinese is not shipped: English, not Simplified
    assert language_chain("zh-HK") == ["zh-HK", "zh-Hant", "zh", "en"]
    assert Labels("xx")["kind"] == "Press Release"


def test_the_organisation_overrides_a_shipped_translation() -> None:
    labels = Labels("fr-CH", {"fr": {"more": "./..", "kind": "Communiqué"}, "fr-CH": {"tel": "Tél."}})
    assert (labels["more"], labels["tel"], labels["kind_press_release"]) == ("./..", "Tél.", "Communiqué")
    assert labels["email"] == "Courriel\u00a0:"


def test_no_compiled_catalog_is_committed() -> None:
    listed = subprocess.run(["git", "ls-files", "pressrelease/i18n/locale"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split()
    if not listed:
        pytest.skip("not a git checkout with the catalogs committed")
    assert not [name for name in listed if name.endswith(".mo")]
    assert {Path(name).name for name in listed} == {"pressrelease.pot", "pressrelease.po"}


def test_language_tags_are_matched_in_any_case() -> None:
    assert Labels("zh-hans")["kind"] == Labels("ZH-HANS-CN")["kind"] == "新闻稿"
    assert Labels("FR")["kind"] == Labels("fr")["kind"] and Labels("AR")["tel"] == Labels("ar")["tel"]
    assert Labels("fr-ch", {"FR-CH": {"tel": "Tél."}})["tel"] == "Tél."
