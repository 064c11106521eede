"""Each renderer against the reference release: golden text and HTML, PDF read back.

Golden files were read line by line by a person before being committed.
To update them after an intended change: PRESSRELEASE_UPDATE_GOLDEN=1 pytest,
then read the diff.
"""

from __future__ import annotations

import base64
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pressrelease import Release, load, render_html, render_text

from helpers import GOLDEN, REFERENCE, RIVERSIDE

_DATA_URI = re.compile(r"data:image/(?:png|jpeg);base64,[A-Za-z0-9+/=]+")


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PRESSRELEASE_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def test_text_golden(reference: Release) -> None:
    check_golden("ipu.txt", render_text(reference))


def test_rich_text_golden() -> None:
    """Sub-headings, lists, quotes, links, notes, an embargo and a lead dateline."""
    check_golden("riverside.txt", render_text(load(RIVERSIDE)))


def test_text_lines_fit_72_columns(reference: Release) -> None:
    for release in (reference, load(RIVERSIDE)):
        assert max(len(line) for line in render_text(release).splitlines()) <= 72


@pytest.mark.parametrize("source", [REFERENCE, RIVERSIDE], ids=["ipu", "riverside"])
def test_html_has_no_html5_parse_errors(source: Path) -> None:
    import html5lib

    parser = html5lib.HTMLParser(strict=True)
    parser.parse(render_html(load(source)))
    assert parser.errors == []


def test_html_golden(reference: Release) -> None:
    html = render_html(reference)
    check_golden("ipu.html", _DATA_URI.sub("data:image/…;base64,…", html))


def test_html_embeds_the_photo(reference: Release) -> None:
    html = render_html(reference)
    uris = _DATA_URI.findall(html)
    assert len(uris) == 1
    assert base64.b64decode(uris[0].split(",", 1)[1]) == reference.photos[0].file.read_bytes()


class _Checker(HTMLParser):
    """Checks the nesting of a document and collects what the head declares."""

    VOID = {"meta", "link", "img", "br", "hr", "input", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: dict[str, list[dict[str, str | None]]] = {}

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.seen.setdefault(tag, []).append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_html_is_a_well_formed_html5_document(reference: Release) -> None:
    html = render_html(reference)
    assert html.startswith("<!DOCTYPE html>")
    checker = _Checker()
    checker.feed(html)
    assert checker.errors == [] and checker.stack == []
    assert checker.seen["html"][0]["lang"] == "en-GB"
    assert [m for m in checker.seen["meta"] if m.get("name") == "description"][0]["content"].startswith(
        "A delegation from the Inter-Parliamentary Union (IPU)")
    assert any(m.get("name") == "viewport" for m in checker.seen["meta"])
    assert "<title>IPU Cambodia mission urges dialogue to resolve MPs’ cases</title>" in html


def test_html_parts_in_order(reference: Release) -> None:
    html = render_html(reference)
    classes = ["kind", "headline", "dateline", "photo", "caption", "credit", "body", "boilerplate", "contacts"]
    positions = [html.index(f'class="{name}') for name in classes]
    assert positions == sorted(positions)


def test_french_labels_and_dates(reference: Release) -> None:
    import dataclasses

    text = render_text(dataclasses.replace(reference, language="fr", kind=""))
    assert text.startswith("COMMUNIQUÉ DE PRESSE\nPOUR DIFFUSION IMMÉDIATE\n")
    assert "Geneva, 19 février 2016" in text
    assert "Pour plus d’informations, veuillez contacter" in text
    assert "Tél. : +41 22 919 41 58 / +41 79 217 33 74" in text


def test_lead_dateline_style(reference: Release) -> None:
    import dataclasses

    lead = dataclasses.replace(reference, style=dataclasses.replace(reference.house_style, dateline="lead"))
    text = render_text(lead)
    assert "\nGENEVA, 19 February 2016 – A delegation from the Inter-Parliamentary" in text
    assert "\nGeneva, 19 February 2016\n" not in text
    assert '<span class="dateline-lead">GENEVA, 19 February 2016 –</span> A delegation' in render_html(lead)


def test_embargo_line(reference: Release) -> None:
    import dataclasses
    import datetime as dt
    from zoneinfo import ZoneInfo

    from pressrelease import Embargo

    embargoed = dataclasses.replace(
        reference, embargo=Embargo(until=dt.datetime(2016, 2, 19, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))))
    assert "\nEMBARGOED UNTIL 10:00 CET, 19 FEBRUARY 2016\n" in render_text(embargoed)
