"""Every standalone web page, checked as a reader's browser and the validators see it.

The pages: every release of ``releases/`` as ``pressrelease build -f html`` writes it, a translated
pair (the reference release and a French stand-in sharing its translation_key), and corpus releases
in Arabic, in Khmer, a media advisory with an event, joint releases and financial tables. All are
checked by the Nu HTML Checker in ONE run of the JVM (no error) and by axe-core in Debian's Chromium
(no serious or critical violation; the page has its main landmark); then Chromium opens the reference
page over HTTP (its headline, Tab through every link with the focus visible) and uses the language
switcher of the pair. One browser and one JVM for the whole file (tests/browser.py).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

import pressrelease
from pressrelease.cli import main

import browser as browsing
from helpers import REFERENCE, ROOT

DATA = Path(__file__).parent / "data"
#: Corpus releases whose pages are checked too: what each one brings that the reference lacks.
CORPUS = {
    "arabic": DATA / "corpus" / "unicef-yemen-truce-2022" / "release.md",  # right to left
    "khmer-joint": DATA / "corpus" / "cdc-usaid-financing-2020" / "release.md",  # Khmer, partners
    "advisory-event": DATA / "corpus" / "unog-unicef-advisory-2017" / "release.md",  # kind, event, .ics link
    "joint": DATA / "corpus" / "unicef-unilever-2012" / "release.md",  # joint press release
    "german-event": DATA / "corpus" / "gerda-henkel-2013" / "release.md",  # German, an event
    "tables": DATA / "corpus" / "veeco-q4-2019" / "release.md",  # financial tables, disclaimer
    "joint-advisory-logos": DATA / "issue10" / "2021-10-14-joint-advisory.md",  # two logos, event
    "logo": DATA / "riverside" / "2016-03-10-riverside-libraries.md",  # a logo, embargo line
}
RELEASES = sorted(path.stem for path in (ROOT / "releases").glob("*.md") if not path.name.startswith("_"))
KEY = "ipu-cambodia-2016"
FRENCH = f"""---
headline: La mission de l'UIP au Cambodge (traduction de test)
dateline: {{city: Genève, date: 2016-02-19}}
language: fr
translation_key: {KEY}
---
Un paragraphe de test, pour que la page anglaise ait une traduction à proposer.
"""
PAIR = {"pair-en": "2016-02-19-ipu-cambodia-mission.html", "pair-fr": "2016-02-19-ipu-cambodia-mission-fr.html"}


def build(sources: Path, out: Path) -> None:
    err = io.StringIO()
    status = main(["build", str(sources), "--out", str(out), "--format", "html", "--quiet"], out=io.StringIO(), err=err)
    assert status == 0, err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder holding every page checked here: releases/, pair/ and corpus/."""
    root = tmp_path_factory.mktemp("web-checks")
    build(ROOT / "releases", root / "releases")
    pair = root / "pair-sources"
    shutil.copytree(ROOT / "releases", pair)
    english = pair / REFERENCE.name
    english.write_text(english.read_text(encoding="utf-8").replace("language: en-GB", f"language: en-GB\ntranslation_key: {KEY}"),
                       encoding="utf-8")
    (pair / "2016-02-19-ipu-cambodia-mission-fr.md").write_text(FRENCH, encoding="utf-8")
    build(pair, root / "pair")
    (root / "corpus").mkdir()
    for name, source in CORPUS.items():
        (root / "corpus" / f"{name}.html").write_text(pressrelease.render_html(pressrelease.load(source)), encoding="utf-8")
    return root


def pages(root: Path) -> dict[str, Path]:
    """Every checked page by its test id, as a path relative to the site folder."""
    found = {f"releases/{stem}": Path("releases") / f"{stem}.html" for stem in RELEASES}
    found.update({name: Path("pair") / file for name, file in PAIR.items()})
    found.update({f"corpus/{name}": Path("corpus") / f"{name}.html" for name in CORPUS})
    return found


IDS = list(pages(Path()))


@pytest.fixture(scope="module")
def broken(site: Path) -> Path:
    """The reference page with a rule of print.css's paged media inlined again, as pages had before."""
    html = (site / pages(site)["releases/2016-02-19-ipu-cambodia-mission"]).read_text(encoding="utf-8")
    path = site / "broken.html"
    path.write_text(html.replace("</style>", '.release { string-set: more "-more-"; }</style>', 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nu_errors(site: Path, broken: Path) -> dict[Path, list[str]]:
    """The Nu HTML Checker's errors on every page (and the broken one), from one run; by page."""
    paths = [site / page for page in pages(site).values()] + [broken]
    by_page: dict[Path, list[str]] = {path: [] for path in paths}
    for error in browsing.vnu_errors(paths):
        where = Path(error.split(":", 1)[0])
        by_page.setdefault(where, []).append(error)
    return by_page


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with browsing.serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Iterator[Any]:
    """One page, axe-core loaded into each document it opens."""
    page = browsing.offline_page(browser)
    browsing.with_axe(page.context)
    yield page
    page.context.close()


@pytest.mark.parametrize("name", IDS)
def test_no_nu_checker_error(site: Path, nu_errors: dict[Path, list[str]], name: str) -> None:
    path = site / pages(site)[name]
    assert path.is_file(), f"the build wrote no {path.name}"
    assert nu_errors[path] == []


def test_the_checker_run_covers_every_page_and_can_fail(site: Path, broken: Path,
                                                       nu_errors: dict[Path, list[str]]) -> None:
    """Every page was checked, and the checker reports a located error where WeasyPrint's CSS is inlined."""
    assert set(nu_errors) == {site / page for page in pages(site).values()} | {broken}
    errors = nu_errors[broken]
    assert errors and all(error.startswith(f"{broken}:") for error in errors), errors
    assert any("string-set" in error for error in errors), errors


@pytest.mark.parametrize("name", IDS)
def test_no_serious_axe_violation(site: Path, base_url: str, axe_page: Any, name: str) -> None:
    axe_page.goto(base_url + pages(site)[name].as_posix())
    assert browsing.axe_violations(axe_page) == []
    assert axe_page.locator("main").count() == 1
    # the landmark rules axe rates moderate, which this page failed before it had a <main>
    assert browsing.axe_violations(axe_page, impacts=("minor", "moderate")) == []


def test_the_reference_page_shows_its_headline(base_url: str, page: Any) -> None:
    reference = pressrelease.load(REFERENCE)
    page.goto(base_url + f"releases/{REFERENCE.stem}.html")
    assert page.title() == reference.headline
    assert page.locator("main h1").inner_text() == reference.headline
    assert page.locator("html").get_attribute("lang") == "en-GB"
    width = page.locator("figure.photo img").evaluate("image => image.naturalWidth")
    assert width > 0  # the embedded photo decodes
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_the_language_switcher_goes_to_the_translation_and_back(base_url: str, page: Any) -> None:
    page.goto(base_url + "pair/" + PAIR["pair-en"])
    switcher = page.locator("nav.translations")
    assert switcher.locator("[aria-current=page]").inner_text() == "English (United Kingdom)"
    switcher.locator("a[hreflang=fr]").click()
    page.wait_for_url("**/" + PAIR["pair-fr"])
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "La mission de l'UIP au Cambodge (traduction de test)"
    assert page.locator("nav.translations [aria-current=page]").inner_text() == "Français"
    page.locator("nav.translations a[hreflang=en-GB]").click()
    page.wait_for_url("**/" + PAIR["pair-en"])
    assert page.locator("html").get_attribute("lang") == "en-GB"


FOCUSED = """() => { const e = document.activeElement; const style = getComputedStyle(e);
  const links = [...document.querySelectorAll('a[href]')];
  return {index: links.indexOf(e), tag: e.tagName, visible: e.matches(':focus-visible'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shown: e.getClientRects().length > 0}; }"""


@pytest.mark.parametrize("width", [1280, 390])
def test_tab_reaches_every_link_in_order_with_the_focus_visible(base_url: str, browser: Any, width: int) -> None:
    page = browsing.offline_page(browser, width=width)
    try:
        page.goto(base_url + "pair/" + PAIR["pair-en"])  # the reference page with a language switcher
        links = page.locator("a[href]").count()
        assert links >= 4  # the website, the switcher's French, a phone, an email at least
        reached = []
        for _ in range(links):
            page.keyboard.press("Tab")
            reached.append(page.evaluate(FOCUSED))
        assert [focus["index"] for focus in reached] == list(range(links)), reached
        assert all(focus["visible"] and focus["outline"] and focus["shown"] for focus in reached), reached
    finally:
        page.context.close()


def test_the_static_server_serves_a_folder_and_pages_fetch_nothing_remote(static_server: Any, page: Any,
                                                                          tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<!DOCTYPE html><html lang="en"><title>t</title><img alt="" '
                                         'src="https://example.org/tracker.png"><img alt="" src="local.png">',
                                         encoding="utf-8")
    base = static_server(tmp_path)
    assert base.startswith("http://127.0.0.1:") and base.endswith("/")
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    assert page.goto(base).status == 200
    page.wait_for_load_state("load")
    assert failed == ["https://example.org/tracker.png"]  # aborted; the missing local.png is a 404, not a failure
