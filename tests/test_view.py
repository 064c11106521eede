"""One view of a release, shared by every format; each Markdown and each HTML text converted once."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest

import pressrelease.build.stage as stage
import pressrelease.view.plaintext as plaintext
from pressrelease import load
from pressrelease.build import BuildOptions, build
from pressrelease.source import markdown as source_markdown
from pressrelease.view import ReleaseView

from helpers import REFERENCE, RIVERSIDE


@pytest.fixture
def five(tmp_path: Path) -> Path:
    """Five releases of one organisation, with distinct bodies and one shared boilerplate (with a link)."""
    root = tmp_path / "releases"
    shutil.copytree(RIVERSIDE.parent, root)
    text = RIVERSIDE.read_text(encoding="utf-8")
    for number in range(1, 5):
        (root / f"variant-{number}.md").write_text(
            text.replace("opens 40 village libraries", f"opens {40 + number} village libraries")
                .replace("The Riverside Literacy Fund", f"In its {number}th year, the Riverside Literacy Fund", 1),
            encoding="utf-8")
    return root


@pytest.fixture
def cold_caches():  # type: ignore[no-untyped-def]
    caches = (source_markdown.render_markdown, source_markdown.markdown_html, plaintext._convert,
              plaintext.first_sentence)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


def test_one_view_per_release_for_all_formats(five: Path, tmp_path: Path, monkeypatch) -> None:
    made: list[str] = []

    class CountingView(ReleaseView):
        def __init__(self, release) -> None:  # type: ignore[no-untyped-def]
            made.append(release.name)
            super().__init__(release)

    monkeypatch.setattr(stage, "ReleaseView", CountingView)
    assert build([five], BuildOptions(out_dir=tmp_path / "out", jobs=1)).ok  # html, pdf, txt, eml
    assert sorted(made) == sorted(p.stem if p.stem.startswith("variant") else "2016-03-10-riverside-libraries"
                                  for p in five.glob("*.md"))


def test_markdown_and_text_conversions_happen_once_per_distinct_input(five: Path, tmp_path: Path, monkeypatch,
                                                                       cold_caches) -> None:  # type: ignore[no-untyped-def]
    converted: list[str] = []
    parsed: list[str] = []
    original_convert, original_parse = markdown.Markdown.convert, plaintext._parse

    def convert(self, text):  # type: ignore[no-untyped-def]
        converted.append(text)
        return original_convert(self, text)

    def parse(html):  # type: ignore[no-untyped-def]
        parsed.append(html)
        return original_parse(html)

    monkeypatch.setattr(markdown.Markdown, "convert", convert)
    monkeypatch.setattr(plaintext, "_parse", parse)
    assert build([five], BuildOptions(out_dir=tmp_path / "out", formats=("html", "txt", "eml"), jobs=1)).ok
    assert len(converted) == len(set(converted)) == 5 + 1 + 1  # five bodies; the notes and boilerplate they share
    assert len(parsed) == len(set(parsed))  # no HTML is converted to text twice
    boilerplate = load(RIVERSIDE).organisation.boilerplate
    assert sum(boilerplate.strip()[:40] in text for text in converted) == 1


def test_the_view_is_what_every_format_shows() -> None:
    view = ReleaseView(load(REFERENCE))
    assert view.subject == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
    assert view.dateline_text == "Geneva, 19 February 2016"
    assert view.release_line == "FOR IMMEDIATE RELEASE"
    assert view.description.startswith("A delegation from the Inter-Parliamentary Union (IPU) has visited")
    assert view.text_parts() is view.text_parts()  # worked out once
    assert view.summary().to_json() == {
        "slug": "2016-02-19-ipu-cambodia-mission", "headline": view.subject, "date": "2016-02-19",
        "language": "en-GB", "kind": "Press Release", "tags": ["Cambodia", "human rights", "parliamentarians"],
        "embargo": None,
    }


def test_the_embargoed_view() -> None:
    view = ReleaseView(load(RIVERSIDE))
    assert view.release_line.startswith("EMBARGOED UNTIL ")
    assert view.subject.startswith("EMBARGOED until ") and view.subject.endswith(view.release.headline)
    assert view.summary().embargo == view.release.embargo.until.isoformat()  # type: ignore[union-attr]
