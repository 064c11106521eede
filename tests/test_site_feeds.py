"""The site's feeds and sitemaps: Atom (RFC 4287's musts, read with ElementTree), JSON Feed 1.1, the
sitemaps (absolute, reciprocal alternates, split past the limits), the Google News window, robots.txt.

Entries are built directly, as the collection stage would make them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import feedparser
from feedparser.html import _cp1252
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pressrelease.formats.site import feeds, sitemaps
from pressrelease.formats.site.entries import Download, SiteConfig, SiteEntry, SiteImage
from pressrelease.formats.site.feeds import MAX_ENTRIES, atom_feed, json_feed
from pressrelease.formats.site.sitemaps import (SitemapPage, news_sitemap, release_pages, robots_txt, sitemap,
                                                 sitemaps as sitemap_files)
from pressrelease.formats.site.xmltext import EPOCH, clean, rfc3339

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")

CONFIG = SiteConfig(url="https://news.example.org/", title="Example Newsroom", per_page=10, languages=("en", "fr", "ar"),
                    organisation="Example & Partners", organisation_url="https://example.org/",
                    logo="assets/logo.png", domain="news.example.org")
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
BASE = dt.datetime(2016, 2, 19, 9, 0, tzinfo=PHNOM_PENH)

HOSTILE = [
    "<script>alert('x')</script>",
    "Fish & chips &amp; &lt;not an entity&gt;",
    "Ends a CDATA section: ]]> and opens one <![CDATA[",
    "\"Double\" and 'single' quotes, `backticks`",
    "وزارة الصحة تعلن عن حملة تطعيم جديدة",
    "ក្រសួងសុខាភិបាល ប្រកាសយុទ្ធនាការ",
    "Mixed: مرحبا <b>bold</b> & ខ្មែរ",
]


def entry(slug: str, hours: float = 0, **fields) -> SiteEntry:
    """A published release ``hours`` after BASE (its modified time the same unless given)."""
    published = fields.pop("published", BASE + dt.timedelta(hours=hours))
    values = dict(
        slug=slug, id=f"tag:news.example.org,2016-02-19:{slug}", url=f"https://news.example.org/releases/{slug}/",
        path=f"releases/{slug}/", headline=f"Headline of {slug}", language="en", direction="ltr",
        kind="Press release", date=published.date(), published=published, modified=published,
        description=f"The first sentence of {slug}.", city="Phnom Penh", tags=("health", "vaccines"),
        organisation="Example & Partners")
    values.update(fields)
    return SiteEntry(**values)


def photo(slug: str) -> SiteImage:
    return SiteImage(path=f"releases/{slug}/media/clinic.jpg", alt="A clinic", credit="Jane Doe", size=48213,
                     type="image/jpeg")


def site_feed(entries, path="feed.atom", page_path="", language="en") -> bytes:
    return atom_feed(CONFIG, entries, path=path, title="Example Newsroom", language=language, page_path=page_path)


def site_json(entries, path="feed.json", page_path="", language="en") -> dict:
    data = json_feed(CONFIG, entries, path=path, title="Example Newsroom", language=language, page_path=page_path)
    return json.loads(data)


def sample() -> list[SiteEntry]:
    return [entry("b-arabic", 5, headline=HOSTILE[4], language="ar", direction="rtl", tags=("صحة",),
                  image=photo("b-arabic")),
            entry("a-latest", 6, modified=BASE + dt.timedelta(hours=30),
                  downloads=(Download("pdf", "releases/a-latest/a-latest.pdf", 81234, "application/pdf"),)),
            entry("c-khmer", 1, headline=HOSTILE[5], language="km", tags=())]


# -- Atom -------------------------------------------------------------------------------------------

def assert_rfc4287(data: bytes) -> ET.Element:
    """Every MUST of RFC 4287 this feed can break, checked on the parsed tree."""
    root = ET.fromstring(data)
    assert root.tag == A + "feed"
    entries = root.findall(A + "entry")
    for name in ("id", "title", "updated"):  # 4.1.1: exactly one each
        assert len(root.findall(A + name)) == 1, name
    assert root.findall(A + "author") or all(e.findall(A + "author") for e in entries)  # 4.1.1
    assert len(root.findall(A + "subtitle")) <= 1 and len(root.findall(A + "logo")) <= 1
    assert [link for link in root.findall(A + "link") if link.get("rel") == "self"]  # 4.1.1 SHOULD
    assert_links(root)
    ids = []
    for node in entries:
        for name in ("id", "title", "updated"):  # 4.1.2: exactly one each
            assert len(node.findall(A + name)) == 1, name
        for name in ("published", "summary", "content", "rights", "source"):
            assert len(node.findall(A + name)) <= 1, name
        if node.find(A + "content") is None:  # 4.1.2: alternate link when no content
            assert [link for link in node.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
        assert_links(node)
        for category in node.findall(A + "category"):  # 4.2.2: term is required
            assert category.get("term")
        ids.append(node.findtext(A + "id"))
    for node in [root, *entries]:
        assert urlsplit(node.findtext(A + "id")).scheme  # 4.2.6: an absolute IRI
        for name in ("updated", "published"):  # 3.3: RFC 3339 date-time
            for stamp in node.findall(A + name):
                assert RFC3339.match(stamp.text), stamp.text
        for person in node.findall(A + "author") + node.findall(A + "contributor"):  # 3.2
            assert len(person.findall(A + "name")) == 1
        for text in [node.find(A + name) for name in ("title", "summary", "subtitle", "rights")]:
            if text is not None:  # 3.1.1: a text construct's type
                assert text.get("type", "text") in {"text", "html", "xhtml"}
    assert len(ids) == len(set(ids))
    return root


def assert_links(node: ET.Element) -> None:
    alternates = []
    for link in node.findall(A + "link"):
        assert urlsplit(link.get("href")).scheme == "https"  # 4.2.7.1: href is required
        if link.get("rel", "alternate") == "alternate":
            alternates.append((link.get("type"), link.get("hreflang")))
    assert len(alternates) == len(set(alternates))  # 4.1.1 / 4.1.2: one alternate per type and hreflang


@pytest.mark.parametrize(("path", "page_path"), [("feed.atom", ""), ("tags/health/feed.atom", "tags/health/"),
                                                 ("languages/ar/feed.atom", "languages/ar/")])
def test_atom_parses_with_no_bozo_and_meets_rfc_4287(path, page_path):
    data = site_feed(sample(), path, page_path)
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    root = assert_rfc4287(data)
    assert root.findtext(A + "id") == f"https://news.example.org/{path}"
    links = {link.get("rel"): link.get("href") for link in root.findall(A + "link")}
    assert links == {"self": f"https://news.example.org/{path}", "alternate": f"https://news.example.org/{page_path}"}
    assert [e.id for e in parsed.entries] == ["tag:news.example.org,2016-02-19:a-latest",
                                              "tag:news.example.org,2016-02-19:b-arabic",
                                              "tag:news.example.org,2016-02-19:c-khmer"]


def test_atom_entry_fields():
    root = ET.fromstring(site_feed(sample()))
    latest, arabic, khmer = root.findall(A + "entry")
    assert root.findtext(A + "updated") == "2016-02-20T15:00:00+07:00"  # the newest modified (a-latest's)
    assert latest.findtext(A + "updated") == "2016-02-20T15:00:00+07:00"
    assert latest.findtext(A + "published") == "2016-02-19T15:00:00+07:00"
    assert latest.findtext(f"{A}author/{A}name") == "Example & Partners"
    assert arabic.get(XML_LANG) == "ar" and khmer.get(XML_LANG) == "km" and root.get(XML_LANG) == "en"
    alternate = next(link for link in arabic.findall(A + "link") if link.get("rel") == "alternate")
    assert alternate.attrib == {"rel": "alternate", "type": "text/html", "hreflang": "ar",
                                "href": "https://news.example.org/releases/b-arabic/"}
    enclosures = [link.attrib for link in latest.findall(A + "link") if link.get("rel") == "enclosure"]
    assert enclosures == [{"rel": "enclosure", "href": "https://news.example.org/releases/a-latest/a-latest.pdf",
                           "type": "application/pdf", "length": "81234"}]
    assert [c.get("term") for c in latest.findall(A + "category")] == ["health", "vaccines"]
    assert [c.get("term") for c in arabic.findall(A + "category")] == ["صحة"]
    assert latest.findtext(A + "summary") == "The first sentence of a-latest."


def test_an_empty_feed_is_valid_and_says_the_fixed_epoch():
    data = site_feed([])
    assert not feedparser.parse(data).bozo
    root = assert_rfc4287(data)
    assert root.findtext(A + "updated") == "1970-01-01T00:00:00Z" == rfc3339(EPOCH)
    assert site_feed([]) == data


def test_a_feed_lists_the_newest_fifty():
    many = [entry(f"r{number:03d}", number) for number in range(MAX_ENTRIES + 7)]
    random.Random(4).shuffle(many)
    root = ET.fromstring(site_feed(many))
    slugs = [node.findtext(A + "id").rsplit(":", 1)[1] for node in root.findall(A + "entry")]
    assert slugs == [f"r{number:03d}" for number in range(MAX_ENTRIES + 6, 6, -1)]
    assert len(site_json(many)["items"]) == MAX_ENTRIES == 50


def test_ids_are_stable_and_independent_of_other_entries():
    alone = ET.fromstring(site_feed([entry("x", 2)])).find(A + "entry")
    crowd = ET.fromstring(site_feed([entry("y", 3), entry("x", 2), entry("z", 1)])).findall(A + "entry")[1]
    alone.tail = crowd.tail = None
    assert ET.tostring(alone) == ET.tostring(crowd)  # the whole entry, not only its id
    assert alone.findtext(A + "id") == "tag:news.example.org,2016-02-19:x"
    tagged = ET.fromstring(site_feed([entry("x", 2)], "tags/health/feed.atom", "tags/health/"))
    assert tagged.find(A + "entry").findtext(A + "id") == alone.findtext(A + "id")
    assert [i["id"] for i in site_json([entry("y", 3), entry("x", 2)])["items"]][1] == alone.findtext(A + "id")


def test_the_same_entries_give_the_same_bytes_in_any_order():
    entries = sample()
    first = site_feed(entries), json_feed(CONFIG, entries, path="feed.json", title="T", language="en", page_path="")
    shuffled = list(reversed(entries))
    again = site_feed(shuffled), json_feed(CONFIG, shuffled, path="feed.json", title="T", language="en", page_path="")
    assert first == again
    assert sitemap(CONFIG, release_pages(CONFIG, entries)) == sitemap(CONFIG, release_pages(CONFIG, shuffled))
    now = BASE + dt.timedelta(hours=12)
    assert news_sitemap(CONFIG, entries, now) == news_sitemap(CONFIG, shuffled, now)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_exactly(text):
    hostile = entry("h", headline=text, description=text, tags=(text,), organisation=text)
    data = site_feed([hostile])
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    item = parsed.entries[0]
    assert (item.title, item.summary, item.tags[0].term, item.author) == (text, text, text, text)
    node = ET.fromstring(data).find(A + "entry")
    assert (node.findtext(A + "title"), node.findtext(A + "summary")) == (text, text)
    assert b"<script" not in data and b"]]>" not in data
    assert site_json([hostile])["items"][0]["title"] == text
    assert ET.fromstring(news_sitemap(CONFIG, [hostile], BASE)).findtext(f"{SM}url/{NEWS}news/{NEWS}title") == text


def test_what_xml_cannot_carry_is_dropped_not_a_broken_feed():
    bad = "Nul\x00 bell\x07 surrogate\ud800 nonchar\uffff cr\r\nlf"
    data = site_feed([entry("bad", headline=bad)])
    assert not feedparser.parse(data).bozo
    assert ET.fromstring(data).find(A + "entry").findtext(A + "title") == "Nul bell surrogate nonchar cr\nlf"
    assert json.loads(json_feed(CONFIG, [entry("bad", headline=bad)], path="f.json", title="T", language="en",
                                page_path=""))["items"][0]["title"] == clean(bad)


def as_feedparser_reads(text: str) -> str:
    """What feedparser makes of a text element: stripped, and "repaired" (feedparser/mixin.py, ``pop``).

    It takes text that is all Latin-1 and decodes as UTF-8 once re-encoded for
    double-encoded UTF-8 ("Â¡" reads "¡"), and maps U+0080-U+009F as Windows-1252.
    That is the reader's guess, not the feed's bytes (ElementTree reads them exactly).
    """
    text = text.strip()
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return text.translate(_cp1252)


HEADLINES = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=400)


@settings(max_examples=150, deadline=None)
@given(HEADLINES)
@example("ស" * 2000)
@example("Â¡ looks double-encoded")
@example("\u202eRTL override\u202c and \u200f marks")
def test_any_headline_round_trips(headline):
    data = site_feed([entry("p", headline=headline, description=headline)])
    node = ET.fromstring(data).find(A + "entry")
    assert node.findtext(A + "title") == clean(headline)
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.entries[0].title == as_feedparser_reads(clean(headline))
    assert site_json([entry("p", headline=headline)])["items"][0]["title"] == clean(headline)


def test_times_are_rfc_3339():
    assert rfc3339(dt.datetime(2016, 2, 19, 9, 0, 5, 123456, tzinfo=PHNOM_PENH)) == "2016-02-19T09:00:05+07:00"
    assert rfc3339(dt.datetime(2016, 2, 19, 2, tzinfo=dt.timezone.utc)) == "2016-02-19T02:00:00Z"
    lmt = dt.datetime(1880, 1, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))  # +00:19:32 local mean time
    assert rfc3339(lmt) == "1880-01-01T11:40:28Z"
    with pytest.raises(ValueError, match="zone"):
        rfc3339(dt.datetime(2016, 2, 19))


# -- JSON Feed ----------------------------------------------------------------------------------------

def test_json_feed_has_what_version_1_1_requires():
    data = site_json(sample(), "tags/health/feed.json", "tags/health/")
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "Example Newsroom" and data["language"] == "en"
    assert data["home_page_url"] == "https://news.example.org/tags/health/"
    assert data["feed_url"] == "https://news.example.org/tags/health/feed.json"
    assert data["authors"] == [{"name": "Example & Partners", "url": "https://example.org/"}]
    assert [item["id"] for item in data["items"]] == [e.id for e in feeds.feed_entries(sample())]
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["id"].startswith("tag:")
        assert item.get("content_text") or item.get("content_html")
        assert urlsplit(item["url"]).scheme == "https"
        for name in ("date_published", "date_modified"):
            assert RFC3339.match(item[name]) and dt.datetime.fromisoformat(item[name]).tzinfo
    latest, arabic, khmer = data["items"]
    assert arabic["image"] == "https://news.example.org/releases/b-arabic/media/clinic.jpg"
    assert "image" not in latest and "tags" not in khmer
    assert (arabic["language"], arabic["tags"], arabic["title"]) == ("ar", ["صحة"], HOSTILE[4])
    assert latest["attachments"] == [{"url": "https://news.example.org/releases/a-latest/a-latest.pdf",
                                      "mime_type": "application/pdf", "size_in_bytes": 81234}]
    assert latest["summary"] == latest["content_text"] == "The first sentence of a-latest."
    assert site_json([])["items"] == []


# -- Sitemaps -----------------------------------------------------------------------------------------

def translated() -> list[SiteEntry]:
    return [entry("clinic-en", 3, translation_key="clinic"),
            entry("clinic-fr", 2, language="fr", translation_key="clinic"),
            entry("clinic-ar", 1, language="ar", direction="rtl", translation_key="clinic"),
            entry("alone", 4),
            entry("only-km", 5, language="km", translation_key="km-only-pair"),
            entry("only-th", 5, language="th", translation_key="km-only-pair")]


def parsed_urls(data: bytes) -> dict[str, dict]:
    root = ET.fromstring(data)
    assert root.tag == SM + "urlset"
    urls = {}
    for url in root.findall(SM + "url"):
        links = {link.get("hreflang"): link.get("href") for link in url.findall(XHTML + "link")}
        assert all(link.get("rel") == "alternate" for link in url.findall(XHTML + "link"))
        urls[url.findtext(SM + "loc")] = {"lastmod": url.findtext(SM + "lastmod"), "alternates": links}
    return urls


def test_sitemap_is_absolute_with_reciprocal_alternates():
    pages = release_pages(CONFIG, translated()) + [SitemapPage(""), SitemapPage("tags/health/", BASE)]
    urls = parsed_urls(sitemap(CONFIG, pages))
    assert len(urls) == 8
    for loc, url in urls.items():
        assert urlsplit(loc).scheme == "https" and loc.startswith(CONFIG.url)
        assert url["lastmod"] is None or RFC3339.match(url["lastmod"])
        alternates = url["alternates"]
        if not alternates:
            continue
        assert loc in alternates.values()  # lists itself
        for language, href in alternates.items():
            assert urlsplit(href).scheme == "https"
            if language != "x-default":
                assert urls[href]["alternates"] == alternates  # reciprocal: the same set from every version
    clinic = urls["https://news.example.org/releases/clinic-fr/"]["alternates"]
    assert clinic == {"ar": "https://news.example.org/releases/clinic-ar/",
                      "en": "https://news.example.org/releases/clinic-en/",
                      "fr": "https://news.example.org/releases/clinic-fr/",
                      "x-default": "https://news.example.org/releases/clinic-en/"}  # the site's main language
    assert urls["https://news.example.org/releases/alone/"]["alternates"] == {}
    pair = urls["https://news.example.org/releases/only-th/"]["alternates"]
    assert pair["x-default"] == "https://news.example.org/releases/only-km/"  # none in a site language: first tag
    assert urls["https://news.example.org/"]["lastmod"] is None


def test_sitemap_splits_into_an_index_past_the_limits(monkeypatch):
    pages = [SitemapPage(f"releases/r{number}/", BASE + dt.timedelta(days=number)) for number in range(7)]
    assert list(sitemap_files(CONFIG, pages)) == ["sitemap.xml"]
    monkeypatch.setattr(sitemaps, "MAX_URLS", 3)
    with pytest.raises(ValueError, match="at most 3"):
        sitemap(CONFIG, pages)
    files = sitemap_files(CONFIG, pages)
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == SM + "sitemapindex"
    locs = [node.findtext(SM + "loc") for node in index.findall(SM + "sitemap")]
    assert locs == [f"https://news.example.org/sitemap-{n}.xml" for n in (1, 2, 3)]
    assert index.findall(SM + "sitemap")[0].findtext(SM + "lastmod") == "2016-02-21T09:00:00+07:00"
    listed = [loc for name in locs for loc in parsed_urls(files[name.rsplit("/", 1)[1]])]
    assert sorted(listed) == sorted(f"https://news.example.org/releases/r{number}/" for number in range(7))
    monkeypatch.setattr(sitemaps, "MAX_URLS", 50_000)
    monkeypatch.setattr(sitemaps, "MAX_BYTES", 900)  # by size too: halved until each part fits
    files = sitemap_files(CONFIG, pages)
    assert len(files) > 2 and all(len(data) <= 900 for name, data in files.items() if name != "sitemap.xml")
    assert sum(len(parsed_urls(data)) for name, data in files.items() if name != "sitemap.xml") == 7


def test_an_empty_site_still_has_a_sitemap():
    assert parsed_urls(sitemap_files(CONFIG, [])["sitemap.xml"]) == {}


# -- Google News sitemap -------------------------------------------------------------------------------

def news_titles(data: bytes) -> list[str]:
    return [url.findtext(f"{NEWS}news/{NEWS}title") for url in ET.fromstring(data).findall(SM + "url")]


def test_news_window_edges_in_other_zones():
    published = dt.datetime(2016, 2, 19, 9, 0, tzinfo=PHNOM_PENH)  # 02:00Z
    release = entry("edge", published=published, headline="Edge")
    new_york = ZoneInfo("America/New_York")
    exactly = (published + dt.timedelta(hours=48)).astimezone(new_york)  # 2016-02-20 21:00 -05:00
    assert news_titles(news_sitemap(CONFIG, [release], exactly)) == ["Edge"]
    assert news_titles(news_sitemap(CONFIG, [release], exactly + dt.timedelta(seconds=1))) == []
    assert news_titles(news_sitemap(CONFIG, [release], published.astimezone(dt.timezone.utc))) == ["Edge"]
    assert news_titles(news_sitemap(CONFIG, [release], published - dt.timedelta(seconds=1))) == []  # not yet out
    with pytest.raises(ValueError, match="zone"):
        news_sitemap(CONFIG, [release], dt.datetime(2016, 2, 20))


def test_news_sitemap_fields_and_limit(monkeypatch):
    now = BASE + dt.timedelta(hours=10)
    data = news_sitemap(CONFIG, sample(), now)
    url = ET.fromstring(data).findall(SM + "url")[1]
    assert url.findtext(SM + "loc") == "https://news.example.org/releases/b-arabic/"
    news = url.find(NEWS + "news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Example Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "ar"
    assert news.findtext(NEWS + "publication_date") == "2016-02-19T14:00:00+07:00"
    assert news_titles(data) == ["Headline of a-latest", HOSTILE[4], HOSTILE[5]]
    assert [sitemaps.news_language(t) for t in ("en-GB", "zh-Hans", "zh-Hant-TW", "zh_TW", "fil")] == [
        "en", "zh-cn", "zh-tw", "zh-tw", "fil"]
    many = [entry(f"n{number:04d}", number / 100) for number in range(1_005)]
    assert sitemaps.MAX_NEWS == 1_000
    titles = news_titles(news_sitemap(CONFIG, many, BASE + dt.timedelta(hours=20)))
    assert len(titles) == 1_000 and titles[0] == "Headline of n1004" and titles[-1] == "Headline of n0005"


def test_robots_allows_all_and_names_both_sitemaps():
    assert robots_txt(CONFIG) == (b"User-agent: *\nAllow: /\n\nSitemap: https://news.example.org/sitemap.xml\n"
                                  b"Sitemap: https://news.example.org/news-sitemap.xml\n")
    with pytest.raises(ValueError):
        robots_txt(SiteConfig(url="https://x.example/\nDisallow: /", title="T", per_page=1, languages=("en",),
                              organisation="O"))
