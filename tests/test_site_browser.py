"""The newsroom site in a real browser and through the real validators, served from a subfolder.

One small site is built once for the module (``releases/``, the Riverside release with its logo and
photo, an Arabic corpus release and a translated pair, in four languages, two releases an index page
so there are several) and served over HTTP at ``/placeholder/``, the address the build was given, so
its absolute links (canonical, the 404 page's) are real. Debian's Chromium follows what a
reader does: a card to its release, the tags to a tag page to a release, the media kit's PDF, a
search, the language switcher and the skip link. Every page type is checked by axe-core (no serious or
critical violation) and by the Nu HTML Checker (no error, one run of the JVM for every page of the
site). The site's feeds parse with feedparser, and a second build elsewhere gives the same entry ids.

The pair: the corpus has no release in two languages, so the United Nations' message for UN Day in
Russian (``un-sg-unday-2019``) and the UN system in China's UN Day release in Chinese
(``un-china-unday-2021``) are given one ``translation_key`` here. They are not translations of each
other; they only stand for a pair.

Screenshots of the pages a reader sees first are written, at desktop and phone widths, to the folder
``PRESSRELEASE_SCREENSHOTS`` names (else a temporary one), and each page is checked not to scroll
sideways.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any, Iterator

import feedparser
import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

import browser as browsing
from helpers import REFERENCE, RIVERSIDE

CORPUS = Path(__file__).parent / "data" / "corpus"
ARABIC = "unicef-yemen-truce-2022"
PAIR = {"ru": "un-sg-unday-2019", "zh-Hans": "un-china-unday-2021"}
NOW = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)  # after every embargo
SUBFOLDER = "placeholder"
RIVERSIDE_SLUG = RIVERSIDE.stem
RIVERSIDE_HEADLINE = "Riverside Literacy Fund opens 40 village libraries across Cambodia"
#: One page of each type, relative to the site's root.
PAGES = {
    "home": "",
    "page-2": "page/2/",
    "tags": "tags/",
    "tag": "tags/cambodia/",
    "year": "years/2016/",
    "language": "languages/ar/",
    "release-en": f"releases/{RIVERSIDE_SLUG}/",
    "release-en-reference": f"releases/{REFERENCE.stem}/",
    "release-ar": f"releases/{ARABIC}/",
    "release-translated": f"releases/{PAIR['ru']}/",
    "search": "search/",
    "search-language": "languages/ar/search/",
    "404": "404.html",
}


def make_sources(root: Path) -> Path:
    """releases/ (two releases an index page), Riverside, the Arabic release and the pair, in one folder."""
    shutil.copytree(REFERENCE.parent, root)
    organisation = root / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    assert "per_page: 20" in text
    organisation.write_text(text.replace("per_page: 20", "per_page: 2"), encoding="utf-8")
    shutil.copytree(RIVERSIDE.parent, root / "riverside")
    for name in (ARABIC, *PAIR.values()):
        shutil.copytree(CORPUS / name, root / name)
        (root / name / "release.md").rename(root / name / f"{name}.md")  # its slug
    for name in PAIR.values():
        path = root / name / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nheadline:", "\ntranslation_key: un-day\nheadline:", 1), encoding="utf-8")
    return root


def build_site(sources: Path, out: Path, site_url: str) -> Path:
    report = build([sources], BuildOptions(out_dir=out, jobs=1, formats=("html", "pdf", "txt", "site"),
                                           render=RenderOptions(site_url=site_url), now=NOW))
    assert report.ok, report.all_problems
    assert report.held == []
    return out / "site"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The site, built for and served at ``http://127.0.0.1:<port>/placeholder/``: (its folder, its URL)."""
    root = tmp_path_factory.mktemp("site-browser")
    (root / "www").mkdir()
    with browsing.serving(root / "www") as base:
        url = f"{base}{SUBFOLDER}/"
        site = build_site(make_sources(root / "sources"), root / "out", url)
        (root / "www" / SUBFOLDER).symlink_to(site, target_is_directory=True)
        yield site, url


@pytest.fixture(scope="module")
def site(served: tuple[Path, str]) -> Path:
    return served[0]


@pytest.fixture(scope="module")
def url(served: tuple[Path, str]) -> str:
    return served[1]


def page_file(site: Path, address: str) -> Path:
    return site / address / "index.html" if address == "" or address.endswith("/") else site / address


def test_every_page_type_was_built(site: Path) -> None:
    for name, address in PAGES.items():
        assert page_file(site, address).is_file(), name
    assert not (site / "page" / "4").exists() and (site / "page" / "3").is_dir()  # five releases, two a page


# -- what a reader does ----------------------------------------------------------------------------------

def test_a_card_headline_opens_its_release(url: str, page: Any) -> None:
    page.goto(url)
    card = page.locator("ol.cards .card-headline a").first
    headline = card.inner_text()
    card.click()
    page.wait_for_url(f"{url}releases/*/")
    assert page.locator("main h1").inner_text() == headline
    assert page.title() == headline


def test_the_tags_lead_to_a_tag_page_and_to_a_release(url: str, page: Any) -> None:
    page.goto(url + f"releases/{REFERENCE.stem}/")
    page.locator("nav.site-nav a", has_text="Tags").click()
    page.wait_for_url(url + "tags/")
    assert page.locator("main h1").inner_text() == "All tags"
    page.locator("ul.tag-list a", has_text="Cambodia").click()
    page.wait_for_url(url + "tags/cambodia/")
    headlines = page.locator("ol.cards .card-headline a").all_inner_texts()
    assert RIVERSIDE_HEADLINE in headlines and len(headlines) == 2
    page.locator("ol.cards .card-headline a", has_text=RIVERSIDE_HEADLINE).click()
    page.wait_for_url(url + f"releases/{RIVERSIDE_SLUG}/")
    assert page.locator("main h1").inner_text() == RIVERSIDE_HEADLINE


def test_the_media_kit_offers_the_pdf(url: str, page: Any) -> None:
    page.goto(url + f"releases/{RIVERSIDE_SLUG}/")
    link = page.locator(".media-kit a[type='application/pdf']")
    assert link.inner_text() == "Download the PDF"
    with page.expect_download() as download_info:  # a download link: the browser saves it, shows nothing
        link.click()
    download = download_info.value
    assert download.url == url + f"releases/{RIVERSIDE_SLUG}/{RIVERSIDE_SLUG}.pdf"
    assert download.suggested_filename == f"{RIVERSIDE_SLUG}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    response = page.request.get(download.url)  # what the server answers for it
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    photo = page.locator(".media-kit .kit-photos img")
    assert photo.evaluate("image => image.complete && image.naturalWidth") > 0  # the full-resolution photo


def test_search_finds_a_phrase_of_a_body_and_opens_its_release(url: str, page: Any) -> None:
    page.goto(url + "search/")
    box = page.locator("#search input[type=text], #search input[type=search]").first
    box.wait_for()
    box.press_sequentially("volunteer librarians", delay=20)  # a phrase of Riverside's body only
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert page.locator(".pagefind-ui__result-link").all_inner_texts() == [RIVERSIDE_HEADLINE]
    assert browsing.axe_violations(page) == []  # with its results shown
    font = "e => getComputedStyle(e).fontFamily"
    assert result.evaluate(font) == page.locator("h1").evaluate(font)  # the theme's type, not Pagefind's
    result.click()
    page.wait_for_url(url + f"releases/{RIVERSIDE_SLUG}/")
    assert page.locator("main h1").inner_text() == RIVERSIDE_HEADLINE


def test_a_search_address_with_q_searches_at_once(url: str, page: Any) -> None:
    page.goto(url + "search/?q=" + "volunteer%20librarians")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.locator(".pagefind-ui__result-link").all_inner_texts() == [RIVERSIDE_HEADLINE]
    assert page.locator("#search input").first.input_value() == "volunteer librarians"


def test_the_not_found_page_searches_from_any_depth(url: str, page: Any) -> None:
    """The page a server shows for a mistyped address (at any depth: its form's address is absolute) sends
    the words to the search page, which finds them."""
    page.goto(url + "404.html")
    assert page.locator("form[role=search]").get_attribute("action") == url + "search/"
    page.get_by_label("Search the releases").fill("volunteer librarians")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(url + "search/?q=volunteer+librarians")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    assert page.locator(".pagefind-ui__result-link").all_inner_texts() == [RIVERSIDE_HEADLINE]


def test_the_media_kit_sizes_read_left_to_right_on_a_right_to_left_page(url: str, page: Any) -> None:
    page.goto(url + f"releases/{ARABIC}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    sizes = page.locator(".media-kit .size")
    assert sizes.count() == 2  # the PDF's and the text's: "(22.0 kB)", not ")kB 22.0("
    assert sizes.evaluate_all("all => all.map(e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi])") \
        == [["ltr", "isolate"]] * 2


def test_the_language_switcher_goes_to_the_other_language_and_back(url: str, page: Any) -> None:
    page.goto(url + f"releases/{PAIR['ru']}/")
    assert page.locator("html").get_attribute("lang") == "ru"
    switcher = page.locator("nav.translations")
    assert switcher.locator("[aria-current=page]").inner_text() == "Русский"
    switcher.locator("a[hreflang=zh-Hans]").click()
    page.wait_for_url(url + f"releases/{PAIR['zh-Hans']}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("nav.translations [aria-current=page]").inner_text() == "中文 (简体)"
    page.locator("nav.translations a[hreflang=ru]").click()
    page.wait_for_url(url + f"releases/{PAIR['ru']}/")
    assert page.locator("html").get_attribute("lang") == "ru"


@pytest.mark.parametrize("name", ["home", "tag", "release-en", "release-ar", "search", "404"])
def test_tab_reaches_the_skip_link_first_and_it_moves_the_focus_to_main(url: str, page: Any, name: str) -> None:
    page.goto(url + PAGES[name])
    page.keyboard.press("Tab")
    focused = page.evaluate("() => ({cls: document.activeElement.className, "
                            "visible: document.activeElement.getBoundingClientRect().height > 0})")
    assert focused == {"cls": "skip-link", "visible": True}
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    page.keyboard.press("Tab")  # and the next Tab goes on inside main, not back to the header
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_the_404_page_links_to_the_site_from_any_depth(url: str, page: Any) -> None:
    page.goto(url + "404.html")
    home = page.locator("main a.button")
    assert home.evaluate("a => a.href") == url
    home.click()
    page.wait_for_url(url)


# -- the validators ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Iterator[Any]:
    opened = browsing.offline_page(browser)
    browsing.with_axe(opened.context)
    yield opened
    opened.context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violation(url: str, axe_page: Any, name: str) -> None:
    assert axe_page.goto(url + PAGES[name]).status == 200
    assert browsing.axe_violations(axe_page) == []
    assert axe_page.locator("main").count() == 1


@pytest.fixture(scope="module")
def nu_errors(site: Path) -> dict[Path, list[str]]:
    """The Nu HTML Checker's errors on every HTML page of the site, from one run; by page."""
    paths = sorted(site.rglob("*.html"))
    by_page: dict[Path, list[str]] = {path: [] for path in paths}
    for error in browsing.vnu_errors(paths):
        by_page.setdefault(Path(error.split(":", 1)[0]), []).append(error)
    return by_page


@pytest.mark.parametrize("name", list(PAGES))
def test_no_nu_checker_error(site: Path, nu_errors: dict[Path, list[str]], name: str) -> None:
    assert nu_errors[page_file(site, PAGES[name])] == []


def test_the_checker_saw_every_page_of_the_site(site: Path, nu_errors: dict[Path, list[str]]) -> None:
    assert len(nu_errors) >= 25
    assert {error for errors in nu_errors.values() for error in errors} == set()


# -- the feeds ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rebuilt(served: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same sources built again, into another folder."""
    site, url = served
    sources = site.parent.parent / "sources"
    return build_site(sources, tmp_path_factory.mktemp("site-again") / "out", url)


@pytest.mark.parametrize("feed", ["feed.atom", "tags/cambodia/feed.atom", "languages/ar/feed.atom"])
def test_the_built_feeds_parse_and_keep_their_ids(site: Path, rebuilt: Path, url: str, feed: str) -> None:
    parsed = feedparser.parse((site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.id == url + feed and parsed.feed.title and parsed.feed.updated
    assert parsed.entries
    for entry in parsed.entries:
        assert entry.id.startswith("tag:127.0.0.1,")
        assert entry.title and entry.updated and entry.link.startswith(url + "releases/")
    again = feedparser.parse((rebuilt / feed).read_bytes())
    assert [entry.id for entry in again.entries] == [entry.id for entry in parsed.entries]
    assert again.feed.id == parsed.feed.id


def test_the_site_feed_lists_every_release_newest_first(site: Path) -> None:
    parsed = feedparser.parse((site / "feed.atom").read_bytes())
    assert len(parsed.entries) == 5
    published = [entry.published_parsed for entry in parsed.entries]
    assert published == sorted(published, reverse=True)
    assert RIVERSIDE_HEADLINE in [entry.title for entry in parsed.entries]


COLUMNS = """() => { const box = (selector) => document.querySelector(selector).getBoundingClientRect();
  const body = box('.release .body'), kit = box('.media-kit h2'), photo = box('.kit-photos img');
  return {start: Math.round(kit.left - body.left), end: Math.round(body.right - kit.right),
          photo: photo.width <= body.width, bullets: getComputedStyle(document.querySelector('.kit-photos')).listStyleType};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_media_kit_sits_in_the_release_column(url: str, browser: Any, width: int) -> None:
    page = browsing.offline_page(browser, width=width)
    try:
        page.goto(url + f"releases/{RIVERSIDE_SLUG}/")
        assert page.evaluate(COLUMNS) == {"start": 0, "end": 0, "photo": True, "bullets": "none"}
    finally:
        page.context.close()


# -- the layout at desktop and phone widths ------------------------------------------------------------------

SHOTS = {"home": "", "release": f"releases/{RIVERSIDE_SLUG}/", "release-ar": f"releases/{ARABIC}/",
         "search": "search/"}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("PRESSRELEASE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", list(SHOTS))
def test_the_page_fits_its_width(url: str, browser: Any, shots: Path, name: str, width: int) -> None:
    page = browsing.offline_page(browser, width=width, height=900)
    try:
        page.goto(url + SHOTS[name])
        if name == "search":
            page.locator("#search input").first.press_sequentially("Cambodia", delay=10)
            page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
        page.evaluate("() => Promise.all([...document.images].map(image => "
                      "(image.loading = 'eager', image.decode().catch(() => null))))")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    finally:
        page.context.close()
