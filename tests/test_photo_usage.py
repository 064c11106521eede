"""A release photo's usage note (``photos[].usage``): read and located like its credit, and printed wherever
the credit is: the figure of the web page, the PDF and the email, the text, the site's media kit (as the
press kit shows an asset's credit and usage), ninjs and NewsML-G2 (``usageTerms``), and read back by import.

tests/data/riverside's photo has one; the reference release's has none, and its outputs say nothing of it.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from email import policy
from email.parser import BytesParser
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from pressrelease import SourceError, load
from pressrelease.cli import main
from pressrelease.errors import PressReleaseError
from pressrelease.formats import RenderOptions
from pressrelease.formats.session import RenderSession
from pressrelease.formats.site.xmltext import clean
from pressrelease.model import Photo, Release
from pressrelease.source.coverage import printed_texts

from helpers import MINIMAL, REFERENCE, RIVERSIDE
from test_wire_newsml import NAR, valid
from test_wire_ninjs import VALIDATOR

USAGE = "Editorial use only, with the credit; not for advertising"
CREDIT = "© Riverside Literacy Fund / S. Chan"
SITE = "https://newsroom.example.org/"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def riverside() -> Release:
    return load(RIVERSIDE)


@pytest.fixture(scope="module")
def session() -> RenderSession:
    return RenderSession(RenderOptions(site_url=SITE))


def outputs(session: RenderSession, release: Release, *formats: str) -> dict[str, str | bytes]:
    """Each format's output; the text formats' as text."""
    made = session.job(release, list(formats)).outputs
    return {name: made[name] if name in ("pdf", "eml", "newsml") else _text(made[name]) for name in formats}


def _text(output: str | bytes) -> str:
    return output.decode("utf-8") if isinstance(output, bytes) else output


def by_class(html: str, name: str) -> list[str]:
    """The text of every element of ``html`` whose class is ``name``."""
    tree = html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=True)
    return ["".join(node.itertext()) for node in tree.iter() if node.get("class") == name]


# --- reading it ---------------------------------------------------------------------------------------


def test_the_loader_reads_and_locates_it(riverside: Release) -> None:
    photo = riverside.photos[0]
    assert photo.usage == USAGE and photo.credit == CREDIT
    assert riverside.origin is not None and riverside.origin.locate("photos[0].usage") == (13, 5)
    assert ("photos[0].usage", USAGE) in printed_texts(riverside)  # the PDF's font coverage reads it too


def write_photo_release(folder: Path, usage_lines: str) -> Path:
    shutil.copy(RIVERSIDE.parent / "library.jpg", folder / "library.jpg")
    front = MINIMAL + "photos:\n  - file: library.jpg\n    credit: © Example\n" + textwrap.indent(usage_lines, "    ")
    path = folder / "release.md"
    path.write_text(f"---\n{front}---\nA body paragraph.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("lines", "message", "code"), [
    ('usage: "Editorial\\x07 use"\n', "photos[0].usage contains a control character (U+0007)", "control"),
    ('usage: "Editorial\\u2028use only"\n', "photos[0].usage must be a single line", "newline"),
    ("usage: |\n  Editorial use\n  only\n", "photos[0].usage must be a single line", "newline"),
    ("usage: [editorial, only]\n", "photos[0].usage must be text, not a list", "type"),
    ("usage: {licence: CC BY}\n", "photos[0].usage must be text, not a mapping", "type"),
])
def test_a_bad_usage_is_a_located_problem(release_dir: Path, lines: str, message: str, code: str) -> None:
    path = write_photo_release(release_dir, lines)
    with pytest.raises(SourceError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.message == message and problem.code == code and problem.hint
    assert (problem.line, problem.col) == (9, 12)  # at the value, after "    usage: "
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", str(path)], out, err) == 1
    assert f"release.md:9:12: error: {message}" in err.getvalue() + out.getvalue()
    assert "Traceback" not in err.getvalue() + out.getvalue()


def test_a_misspelt_key_is_named(release_dir: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load(write_photo_release(release_dir, "usages: Editorial use only\n"))
    (problem,) = caught.value.problems
    assert (problem.line, problem.col) == (9, 5) and problem.hint == "did you mean 'usage'?"


def test_an_empty_usage_is_none(release_dir: Path) -> None:
    assert load(write_photo_release(release_dir, "usage:\n")).photos[0].usage == ""


def test_the_model_refuses_what_the_source_does(riverside: Release) -> None:
    photo = riverside.photos[0]
    for bad in ("a\x07b", "two\nlines", "a\u2028b"):
        with pytest.raises(PressReleaseError, match="usage"):
            dataclasses.replace(photo, usage=bad)
    with pytest.raises(PressReleaseError, match="usage"):
        Photo(file=photo.file, usage=3)  # type: ignore[arg-type]


# --- every output that prints the credit -------------------------------------------------------------


def test_the_web_page_pdf_and_email_show_it_under_the_caption_and_credit(riverside: Release,
                                                                         session: RenderSession) -> None:
    made = outputs(session, riverside, "html", "pdf", "txt", "eml")
    html = made["html"]
    assert isinstance(html, str)
    assert (f'<span class="credit">{CREDIT}</span><br><span class="usage">Usage: {USAGE}</span></figcaption>'
            in html)
    pdf = made["pdf"]
    assert isinstance(pdf, bytes)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert f"Usage: {USAGE}" in " ".join(first_page.split())
    text = made["txt"]
    assert isinstance(text, str)
    assert f"this month. {CREDIT}\nUsage: {USAGE}\n\n" in text  # on a line of its own under the photo's
    eml = made["eml"]
    assert isinstance(eml, bytes)
    message = BytesParser(policy=policy.default).parsebytes(eml)
    plain = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    rich = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert f"{CREDIT}\r\nUsage: {USAGE}\r\n" in plain
    assert by_class(rich, "usage") == [f"Usage: {USAGE}"] and by_class(rich, "credit") == [CREDIT]


def test_a_usage_without_caption_or_credit_stands_alone(riverside: Release, session: RenderSession) -> None:
    bare = dataclasses.replace(riverside, photos=(Photo(file=riverside.photos[0].file, usage="Free to use"),))
    made = outputs(session, bare, "html", "txt")
    assert '<figcaption><span class="usage">Usage: Free to use</span></figcaption>' in made["html"]
    assert "\nPhoto:\nUsage: Free to use\n" in made["txt"]  # type: ignore[operator]


def test_the_media_kit_shows_credit_and_usage_as_the_press_kit_shows_an_assets(riverside: Release,
                                                                              session: RenderSession,
                                                                              tmp_path: Path) -> None:
    from pressrelease.build.press_kit import read_press_kit
    from pressrelease.formats.site.press_kit import PressKitRenderer
    from pressrelease.i18n import Labels
    from pressrelease.model.press_kit import Asset, PressKit
    from pressrelease.theme import Theme

    from test_press_kit_page import config

    site = outputs(session, riverside, "site")["site"]
    assert isinstance(site, str)
    (kit,) = re.findall(r'<section class="media-kit".*?</section>', site, re.S)
    shown = f'<p class="credit">Credit: {CREDIT}</p><p class="kit-usage">Usage: {USAGE}</p>'
    assert shown in kit and by_class(kit, "kit-usage") == [f"Usage: {USAGE}"]
    asset = Asset(riverside.photos[0].file, "The library", CREDIT, USAGE)
    files = read_press_kit(riverside.organisation, PressKit(assets=(asset,)), [])
    page = PressKitRenderer(Theme()).render(config(), files, [], Labels)["press-kit/index.html"]
    assert isinstance(page, bytes) and shown in page.decode("utf-8")  # the same markup, from one macro
    french = outputs(RenderSession(RenderOptions(site_url=SITE)), dataclasses.replace(riverside, language="fr"),
                     "site")["site"]
    assert f'<p class="kit-usage">Utilisation\u00a0: {USAGE}</p>' in french  # the label in the release's language


def test_ninjs_gives_it_as_the_pictures_usage_terms_and_import_reads_it_back(riverside: Release,
                                                                            session: RenderSession,
                                                                            tmp_path: Path) -> None:
    item = json.loads(outputs(session, riverside, "ninjs")["ninjs"])
    (photo,) = item["associations"][:1]
    assert photo["usageTerms"] == USAGE and photo["copyrightHolder"] == CREDIT
    assert not list(VALIDATOR.iter_errors(item))
    folder = tmp_path / "imported"
    shutil.copytree(RIVERSIDE.parent, folder)
    (folder / RIVERSIDE.name).unlink()
    ninjs = tmp_path / "item.ninjs.json"
    ninjs.write_text(json.dumps(json.loads(RenderSession(RenderOptions()).render(riverside, "ninjs"))), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(ninjs), "--out", str(folder)], out, err) == 0, err.getvalue()
    again = load(folder / RIVERSIDE.name)
    assert again.photos[0].usage == USAGE and again.photos[0].credit == CREDIT


def test_newsml_gives_it_as_the_links_usage_terms(riverside: Release, session: RenderSession) -> None:
    data = outputs(session, riverside, "newsml")["newsml"]
    assert isinstance(data, bytes)
    root = valid(data)
    (link,) = [link for link in root.iter(f"{NAR}link") if link.get("rel") == "irel:associatedWith"]
    assert link.findtext(f"{NAR}creditline") == CREDIT and link.findtext(f"{NAR}usageTerms") == USAGE


def test_a_photo_without_one_says_nothing_of_it() -> None:
    reference = load(REFERENCE)
    made = outputs(RenderSession(RenderOptions(site_url=SITE)), reference, "html", "txt", "site", "ninjs", "newsml")
    assert reference.photos[0].usage == ""
    for name in ("html", "txt", "site"):
        text = made[name]
        assert isinstance(text, str) and "Usage" not in text and "kit-usage" not in text, name
    assert "usageTerms" not in str(made["ninjs"]) and b"usageTerms" not in made["newsml"]  # type: ignore[operator]


# --- any text -----------------------------------------------------------------------------------------

#: One line of text the source stage takes: no control character, no line break (and no private-use or
#: unassigned character: the text renderer uses U+E000 as its no-break glue, as tests/test_tables.py says).
LINE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), min_size=1, max_size=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(usage=LINE_TEXT)
@example(usage='<script>alert("x")</script> & ]]> \u202e العربية')
@example(usage="{{ labels.credit }} {% raw %}")
def test_any_usage_is_shown_as_text_everywhere(riverside: Release, session: RenderSession, usage: str) -> None:
    try:
        release = dataclasses.replace(riverside, photos=(dataclasses.replace(riverside.photos[0], usage=usage),))
    except PressReleaseError:
        assume(False)
        raise
    usage = release.photos[0].usage
    assume(usage.strip() == usage and usage)
    made = outputs(session, release, "html", "site", "txt", "ninjs", "newsml")
    page, site = made["html"], made["site"]
    assert isinstance(page, str) and isinstance(site, str)
    for html, name in ((page, "usage"), (site, "kit-usage")):
        body = html.split("</head>", 1)[1]
        assert "<script>alert" not in body
        assert by_class(html, name) == [f"Usage: {usage}"]
    assert " ".join(usage.split()) in " ".join(str(made["txt"]).split())
    assert json.loads(made["ninjs"])["associations"][0]["usageTerms"] == usage
    root = valid(made["newsml"])  # type: ignore[arg-type]
    (link,) = [link for link in root.iter(f"{NAR}link") if link.get("rel") == "irel:associatedWith"]
    assert link.findtext(f"{NAR}usageTerms") == clean(usage)
    ET.fromstring(made["newsml"])  # well-formed for the standard library's parser too
