"""The newsroom's index pages and theme: pagination, tags, years, languages, links, escaping, direction.

Built from SiteConfig and SiteEntry values made here (the collection stage
makes the real ones), rendered with the shipped templates.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressrelease.formats.site.entries import SiteConfig, SiteEntry, SiteImage
from pressrelease.formats.site.listings import ListingRenderer, site_tags
from pressrelease.formats.site.navigation import navigation
from pressrelease.i18n import Labels
from pressrelease.model import Style
from pressrelease.theme import Theme
from pressrelease.view.site_paths import _relpath, absolute, file_of, relative, release_path

URL = "https://news.example.org/"
PER_PAGE = 3


def config(languages: tuple[str, ...] = ("en",), per_page: int = PER_PAGE, **extra: str) -> SiteConfig:
    return SiteConfig(url=URL, title="Example Newsroom", per_page=per_page, languages=languages,
                      organisation="Example Council", organisation_url="https://www.example.org/", **extra)


def entry(number: int, *, language: str = "en", tags: tuple[str, ...] = ("Climate",), headline: str = "",
          photo: bool = True, year: int = 2026) -> SiteEntry:
    slug = f"{year}-{number:03d}-{language}"
    day = dt.date(year, 12, 31) - dt.timedelta(days=number)
    moment = dt.datetime.combine(day, dt.time(9), dt.timezone.utc)
    image = SiteImage(f"releases/{slug}/media/photo.jpg", alt=f"Photo {number}") if photo else None
    return SiteEntry(slug=slug, id=f"tag:news.example.org,2026:{slug}", url=absolute(URL, release_path(slug)),
                     path=release_path(slug), headline=headline or f"Headline number {number}", language=language,
                     direction="rtl" if language == "ar" else "ltr", kind="Press Release", date=day,
                     published=moment, modified=moment, description=f"First sentence {number}.", tags=tags,
                     image=image)


def render(site: SiteConfig, entries: list[SiteEntry], theme: Theme | None = None) -> dict[str, bytes]:
    entries = sorted(entries, key=lambda e: (-e.published.timestamp(), e.slug))
    return ListingRenderer(theme or Theme()).render(site, entries, Labels)


def text(files: dict[str, bytes], path: str) -> str:
    return files[path].decode("utf-8")


def pages(files: dict[str, bytes]) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")}


def home_pages(files: dict[str, bytes]) -> list[str]:
    return sorted(path for path in files if path == "index.html" or re.fullmatch(r"page/\d+/index\.html", path))


def headlines(html: str) -> list[str]:
    return re.findall(r'<h2 class="card-headline"><a href="[^"]*">([^<]*)</a>', html)


@pytest.mark.parametrize("count, expected", [(0, 1), (1, 1), (PER_PAGE, 1), (PER_PAGE + 1, 2), (3 * PER_PAGE, 3)])
def test_the_home_page_is_paginated_at_its_boundaries(count: int, expected: int) -> None:
    files = render(config(), [entry(n) for n in range(count)])
    assert home_pages(files) == sorted(["index.html", *(f"page/{n}/index.html" for n in range(2, expected + 1))])
    seen = [headline for path in home_pages(files) for headline in headlines(text(files, path))]
    assert sorted(seen) == sorted(f"Headline number {n}" for n in range(count))  # each on exactly one page
    assert len(seen) == len(set(seen))
    first = text(files, "index.html")
    if count == 0:
        assert "No releases have been published yet." in first
    if expected == 1:
        assert 'rel="next"' not in first and "Page 1 of" not in first
    else:
        assert f"Page 1 of {expected}" in first and '<link rel="next" href="page/2/">' in first
        last = text(files, f"page/{expected}/index.html")
        assert f"Page {expected} of {expected}" in last and 'rel="next"' not in last
        before = relative(f"page/{expected}/", f"page/{expected - 1}/" if expected > 2 else "")
        assert f'<link rel="prev" href="{before}">' in last and before in ("../../", "../2/")


def test_home_pages_list_newest_first() -> None:
    files = render(config(per_page=10), [entry(n) for n in (4, 1, 3, 0, 2)])
    assert headlines(text(files, "index.html")) == [f"Headline number {n}" for n in range(5)]


def test_tag_pages_their_feeds_and_the_list_of_tags() -> None:
    entries = [entry(0, tags=("Climate", "Energy")), entry(1, tags=("climate",)), entry(2, tags=("Ünïcode tag",)),
               entry(3, tags=("Energy",)), entry(4, tags=()), entry(5, tags=("Energy",)), entry(6, tags=("Energy",))]
    files = render(config(), entries)
    assert [(slug, name, len(tagged)) for slug, name, tagged in site_tags(entries)] == [
        ("climate", "Climate", 2), ("energy", "Energy", 4), ("ünïcode-tag", "Ünïcode tag", 1)]
    assert headlines(text(files, "tags/climate/index.html")) == ["Headline number 0", "Headline number 1"]
    assert "tags/energy/page/2/index.html" in files and "tags/energy/page/3/index.html" not in files
    assert "tags/ünïcode-tag/index.html" in files
    energy = text(files, "tags/energy/index.html")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.atom"' in energy
    assert '<link rel="alternate" type="application/feed+json" href="feed.json"' in energy
    listing = text(files, "tags/index.html")
    assert re.search(r'<a href="climate/">Climate</a> <span class="count">2</span>', listing)
    assert re.search(r'<a href="energy/">Energy</a> <span class="count">4</span>', listing)
    assert '<a href="%C3%BCn%C3%AFcode-tag/">Ünïcode tag</a>' in listing


def test_year_pages() -> None:
    files = render(config(), [entry(0, year=2026), entry(1, year=2025), entry(2, year=2025)])
    assert headlines(text(files, "years/2025/index.html")) == ["Headline number 1", "Headline number 2"]
    assert "Releases from 2025" in text(files, "years/2025/index.html")
    home = text(files, "index.html")
    assert '<a href="years/2026/">2026</a>' in home and '<a href="years/2025/">2025</a>' in home


def test_language_pages_speak_their_language_and_link_their_feeds() -> None:
    files = render(config(("en", "fr", "ar")), [entry(0), entry(1, language="fr-CH"), entry(2, language="ar")])
    french = text(files, "languages/fr/index.html")
    assert '<html lang="fr" dir="ltr">' in french and "Derniers communiqués" in french
    assert headlines(french) == ["Headline number 1"]
    assert '<li class="card" lang="fr-CH" dir="ltr">' in french  # fr-CH on a fr page still says so
    assert 'href="feed.atom"' in french
    arabic = text(files, "languages/ar/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic and "أحدث البيانات الصحفية" in arabic
    home = text(files, "index.html")
    assert '<li class="card" lang="ar" dir="rtl">' in home
    assert 'hreflang="fr" lang="fr" dir="ltr">Français</a>' in home
    assert "languages/en/index.html" in files
    assert not any(path.startswith("languages/") for path in render(config(), [entry(0)]))


def test_an_arabic_site_is_right_to_left_with_arabic_labels() -> None:
    files = render(config(("ar",)), [entry(n, language="ar") for n in range(PER_PAGE + 1)])
    for path, html in pages(files).items():
        assert '<html lang="ar" dir="rtl">' in html, path
    home = text(files, "index.html")
    assert "أحدث البيانات الصحفية" in home and "انتقل إلى المحتوى" in home and "صفحة 1 من 2" in home
    assert "التالي" in home and 'lang="ar" dir="rtl"' not in home.split("<main", 1)[1]  # cards as the page
    assert "الصفحة غير موجودة" in text(files, "404.html")


def _links(html: str) -> list[str]:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value is not None and element.tag != "base":
                found.append(value)
    return found


def _external(path: str, entries: list[SiteEntry]) -> bool:
    """What another part of the build writes: release pages, feeds, Pagefind's files."""
    if path in {e.path for e in entries} or path.startswith("pagefind/"):
        return True
    return bool(re.fullmatch(r"((tags|languages)/[^/]+/)?feed\.(atom|json)", path))


def test_every_relative_link_resolves_to_a_file_the_site_has() -> None:
    entries = [entry(n, language=("en", "fr", "ar")[n % 3], tags=(f"Tag {n % 4}", "All")) for n in range(11)]
    site = config(("en", "fr", "ar"), logo="assets/logo.png")
    files = render(site, entries)
    produced = set(files) | {"assets/logo.png"} | {e.image.path for e in entries if e.image}
    checked = 0
    for path, html in pages(files).items():
        folder = posixpath.dirname(path)
        base = "" if path == "404.html" or not folder else folder + "/"
        for link in _links(html):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                assert link.startswith(("https://www.example.org/", URL)), (path, link)
                continue
            if link.startswith("#"):
                assert link == "#main" and 'id="main"' in html
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            target = "" if target == "." else target + ("/" if parts.path.endswith("/") else "")
            assert not target.startswith(".."), (path, link)
            assert file_of(target) in produced or _external(target, entries), (path, link, target)
            checked += 1
    assert checked > 300


def test_the_pages_parse_and_have_no_inline_style_and_script_only_on_search() -> None:
    files = render(config(("en", "ar")), [entry(n, language=("en", "ar")[n % 2]) for n in range(7)])
    parser = html5lib.HTMLParser(strict=True)
    for path, html in pages(files).items():
        parser.parse(html)
        assert "style=" not in html and "<style" not in html, path
        assert ("<script" in html) == path.endswith("search/index.html"), path
        assert html.count("<main ") == 1 and '<a class="skip-link" href="#main">' in html
        assert "<header" in html and "<footer" in html and "Example Council" in html


def test_the_search_page_loads_pagefind() -> None:
    search = text(render(config(), [entry(0)]), "search/index.html")
    assert '<div id="search" data-root="../"></div>' in search
    assert '<link rel="stylesheet" href="../pagefind/pagefind-ui.css">' in search
    assert '<script src="../pagefind/pagefind-ui.js" defer></script>' in search
    assert '<script src="../assets/search.js" defer></script>' in search


def test_hostile_headline_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
    files = render(config(), [entry(0, headline=hostile, tags=('"><b>tag</b>',))])
    for path, html in pages(files).items():
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>tag" not in html, path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;img" in text(files, "index.html")


def test_cards_show_photo_kind_date_headline_and_first_sentence() -> None:
    files = render(config(per_page=5), [entry(n, photo=n != 1) for n in range(5)])
    home = text(files, "index.html")
    assert '<time datetime="2026-12-31">December 31, 2026</time>' in home
    assert '<img class="card-photo" src="releases/2026-000-en/media/photo.jpg" alt="Photo 0" loading="eager"' in home
    assert 'alt="Photo 4" loading="lazy"' in home  # after the first three
    assert '<li class="card no-photo">' in home and "First sentence 1." in home
    assert '<span class="card-kind">Press Release</span>' in home
    assert '<p class="print-url"><span dir="ltr">https://news.example.org/releases/2026-000-en/</span></p>' in home


def test_404_links_from_the_site_root_wherever_it_is_served() -> None:
    page = text(render(config(), [entry(0)]), "404.html")
    assert f'href="{URL}assets/site.css"' in page and f'href="{URL}tags/"' in page and f'href="{URL}feed.atom"' in page
    assert "<base" not in page and 'href="#main"' in page  # a <base> would send the skip link to the home page
    assert "Page not found" in page and 'rel="canonical"' not in page


def test_the_style_sheet_takes_the_house_accent_and_font() -> None:
    theme = Theme()
    css = ListingRenderer(theme, Style(accent_colour="#aa3300", font_family="Inter")).render(
        config(), [], Labels)["assets/site.css"].decode()
    assert "--accent: #aa3300;" in css and 'font-family: "Inter", "Noto Sans"' in css
    assert "@media print" in css and "prefers-reduced-motion" in css and ":focus-visible" in css
    assert not re.search(r"(margin|padding|border)-(left|right)|\b(left|right):", css)  # logical properties only
    assert "--pagefind-ui-primary: var(--accent)" in css


def test_the_bytes_are_deterministic() -> None:
    entries = [entry(n, tags=(f"T{n % 3}", f"U{n % 2}"), language=("en", "fr")[n % 2]) for n in range(9)]
    first = render(config(("en", "fr")), entries)
    assert first == render(config(("en", "fr")), list(reversed(entries)))
    assert list(first) == sorted(first)


def test_site_templates_are_overridable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "tags.html").write_text(
        '{% extends "builtin/site/tags.html" %}{% block content %}<p>Our tags</p>{{ super() }}{% endblock %}',
        encoding="utf-8")
    files = render(config(), [entry(0)], Theme([tmp_path]))
    assert "<p>Our tags</p>" in text(files, "tags/index.html") and "Climate" in text(files, "tags/index.html")


def test_navigation_marks_the_current_page_and_links_relatively() -> None:
    site = config(("en", "fr"))
    labels = Labels("en")
    home = navigation(site, labels, "")
    assert home.home.href == "./" and home.home.current == "page"
    assert [(link.text, link.href, link.current) for link in home.links] == [("Tags", "tags/", ""),
                                                                             ("Search", "search/", "")]
    tag = navigation(site, labels, "tags/climate/page/2/")
    assert tag.links[0].href == "../../../" and tag.links[0].current == "true" and tag.home.current == ""
    release = navigation(site, labels, "releases/a-slug/")
    assert release.stylesheet == "../../assets/site.css" and release.feeds[0].href == "../../feed.atom"
    assert [(link.language, link.href) for link in release.languages] == [("en", "../../languages/en/"),
                                                                         ("fr", "../../languages/fr/")]
    assert navigation(site, labels, "languages/fr/").languages[1].current == "page"
    assert navigation(config(), labels, "").languages == ()


_SEGMENT = st.sampled_from(["a", "b", "page", "2", ".", "..", "", "x.html", "é", "tags", "/"])
_PATH = st.lists(_SEGMENT, max_size=6).map("/".join).map(lambda path: path or ".")


@settings(max_examples=500)
@given(_PATH, _PATH)
def test_relative_links_are_those_of_relpath(target: str, start: str) -> None:
    """The links are worked out without os.getcwd(), and are what posixpath.relpath gives, whatever the paths."""
    assert _relpath(target, start) == posixpath.relpath(target, start)


def test_the_tag_and_language_feeds_list_what_their_pages_list() -> None:
    """A release tagged alike twice is in its tag's feed once; a regional release is in its language's feed."""
    from pressrelease.formats.site.collection import _feeds

    entries = [entry(1, tags=("Climate", "climate")), entry(2, language="fr-CH", tags=()), entry(3, language="fr", tags=())]
    feeds = {path: chosen for path, _, _, _, chosen in _feeds(config(("en", "fr")), entries, None)}
    assert [e.slug for e in feeds["tags/climate/"]] == [entries[0].slug]
    assert {e.slug for e in feeds["languages/fr/"]} == {entries[1].slug, entries[2].slug}
