"""The site's search: Pagefind's real binary on a small site in five languages, its word lists, a real search.

Pagefind's index files are gzip-compressed, start with ``pagefind_dcd`` and
then hold JSON (a fragment: one page's text, URL and title) or CBOR (an
index chunk: its words); a few lines below read both.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import stat
import sys
import threading
from pathlib import Path

import pytest

from pressrelease.build.search import RELEASE_PAGES, SearchIndexError, find_binary, index_site
from pressrelease.errors import PressReleaseError

#: One release page per language; each sentence names a word the test searches for.
PAGES = {
    "en": ("ltr", "Desalination plant opens", "The ministry announces a new desalination plant in Rotterdam."),
    "fr": ("ltr", "Une usine ouvre", "Le ministère annonce une nouvelle usine de dessalement à Marseille."),
    "ar": ("rtl", "افتتاح محطة", "أعلنت الوزارة عن افتتاح محطة جديدة لتحلية المياه في الإسكندرية."),
    "km": ("ltr", "រោងចក្រថ្មី", "ក្រសួងបានប្រកាសអំពីរោងចក្រថ្មីមួយ នៅខេត្តកំពត។"),
    "ja": ("ltr", "新工場", "東京都は新しい海水淡水化プラントの建設を発表しました。"),
}
RELEASE = """<!DOCTYPE html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>menuword</nav><article data-pagefind-body><h1>{title}</h1><p>{text}</p></article>
<footer>footerword</footer></body></html>"""
#: A listing page: marked with data-pagefind-body too, to show that the glob alone keeps it out.
LISTING = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Newsroom</title></head>
<body><main data-pagefind-body><h1>Newsroom</h1><p>listingword Rotterdam</p></main></body></html>"""
SEARCH = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Search</title>
<link rel="stylesheet" href="{up}pagefind/pagefind-ui.css"></head><body><main><div id="search"></div></main>
<script src="{up}pagefind/pagefind-ui.js"></script>
<script>new PagefindUI({{element: "#search", showImages: false,
  baseUrl: new URL("{up}", document.baseURI).pathname}});</script></body></html>"""


def make_site(site: Path) -> Path:
    for lang, (direction, title, text) in PAGES.items():
        page = site / "releases" / f"release-{lang}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(RELEASE.format(lang=lang, dir=direction, title=title, text=text), encoding="utf-8")
    (site / "index.html").write_text(LISTING, encoding="utf-8")
    (site / "tags" / "water").mkdir(parents=True)
    (site / "tags" / "water" / "index.html").write_text(LISTING, encoding="utf-8")
    for lang in PAGES:
        page = site / "search" / lang / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(SEARCH.format(lang=lang, up="../../"), encoding="utf-8")
    return site


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, its files before indexing, and the bundle's files read into memory."""
    root = tmp_path_factory.mktemp("search")
    site = make_site(root / "dist" / "site")
    before = listing(site)
    with index_site(site, root / "dist") as bundle:
        files, languages = bundle.read(), bundle.languages
        folder = bundle.folder
    return site, before, files, languages, folder


def unpacked(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    assert raw.startswith(b"pagefind_dcd")
    return raw[len(b"pagefind_dcd"):]


def cbor_texts(data: bytes) -> set[str]:
    """Every text string in a CBOR document (Pagefind's index chunks are CBOR; only the types they use)."""
    texts: set[str] = set()

    def item(at: int) -> int:
        major, info = data[at] >> 5, data[at] & 31
        at += 1
        if info >= 24:
            size = 1 << (info - 24)
            value = int.from_bytes(data[at:at + size], "big")
            at += size
        else:
            value = info
        if major in (0, 1, 7):
            return at
        if major in (2, 3):
            if major == 3:
                texts.add(data[at:at + value].decode("utf-8"))
            return at + value
        for _ in range(value * (2 if major == 5 else 1)):
            at = item(at)
        return at

    item(0)
    return texts


def words(files: dict[str, bytes], lang: str) -> set[str]:
    found: set[str] = set()
    for name, data in files.items():
        if name.startswith(f"pagefind/index/{lang}_"):
            found |= cbor_texts(unpacked(data))
    return found


def fragments(files: dict[str, bytes]) -> list[dict]:
    return [json.loads(unpacked(data)) for name, data in files.items() if name.startswith("pagefind/fragment/")]


def test_one_index_per_language_and_nothing_written_into_the_site(built):
    site, before, files, languages, folder = built
    assert languages == {"ar": 1, "en": 1, "fr": 1, "ja": 1, "km": 1}
    for lang in PAGES:
        assert any(n.startswith(f"pagefind/index/{lang}_") and n.endswith(".pf_index") for n in files), lang
        assert any(n.startswith(f"pagefind/fragment/{lang}_") for n in files), lang
        assert any(n.startswith(f"pagefind/pagefind.{lang}_") and n.endswith(".pf_meta") for n in files), lang
    assert {"pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css", "pagefind/pagefind.js"} <= set(files)
    assert list(files)[-1] == "pagefind/pagefind-entry.json"  # renamed last: never names a missing file
    assert json.loads(files["pagefind/pagefind-entry.json"])["version"].startswith("1.")
    assert listing(site) == before  # Pagefind wrote only into its temporary folder
    assert not folder.exists() and not list(site.parent.glob(".pagefind.*"))  # which is gone


def test_a_word_of_each_language_is_in_its_word_list(built):
    files = built[2]
    english, french = words(files, "en"), words(files, "fr")
    assert "rotterdam" in english and "desalin" in english  # English is stemmed: "desalination"
    assert "ministère" in french and "usin" in french
    assert "الإسكندرية" in words(files, "ar")
    japanese = words(files, "ja")
    assert {"東京", "海水", "発表", "プラント"} <= japanese  # the extended binary cuts Japanese into words
    assert PAGES["ja"][2] not in japanese
    # Khmer is not segmented: a word is a run between spaces (documented in docs/site-search.md)
    assert "ក្រសួងបានប្រកាសអំពីរោងចក្រថ្មីមួយ" in words(files, "km")
    assert "រោងចក្រ" not in words(files, "km")


def test_only_the_release_body_is_indexed(built):
    files = built[2]
    urls = sorted(fragment["url"] for fragment in fragments(files))
    assert urls == sorted(f"/releases/release-{lang}/" for lang in PAGES)
    every = set().union(*(words(files, lang) for lang in PAGES))
    assert not {"listingword", "menuword", "footerword", "newsroom", "search"} & every
    titles = {fragment["url"]: fragment["meta"]["title"] for fragment in fragments(files)}
    assert titles["/releases/release-ar/"] == PAGES["ar"][1]


def test_index_is_deterministic(built, tmp_path):
    site, _, files, _, _ = built
    with index_site(site, tmp_path) as again:
        assert again.read() == files


def test_pagefind_settings_from_the_environment_or_a_config_file_are_ignored(built, tmp_path, monkeypatch):
    site = built[0]
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "en")
    monkeypatch.setenv("PAGEFIND_GLOB", "**/*.html")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("force_language: fr\n", encoding="utf-8")
    with index_site(site, tmp_path / "work") as bundle:
        assert bundle.languages == {"ar": 1, "en": 1, "fr": 1, "ja": 1, "km": 1}


def test_a_site_without_releases_has_no_index_and_runs_nothing(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(LISTING, encoding="utf-8")
    with index_site(site, tmp_path, binary=tmp_path / "no-such-binary") as bundle:
        assert bundle.files == {} and bundle.languages == {}


def test_leftovers_of_a_killed_build_are_removed(built, tmp_path):
    leftover = tmp_path / ".pagefind.abcd1234.tmp" / "pagefind"
    leftover.mkdir(parents=True)
    keep = tmp_path / ".keep.tmp"
    keep.mkdir()
    with index_site(built[0], tmp_path):
        assert not leftover.parent.exists() and keep.exists()


def fake_binary(folder: Path, script: str) -> Path:
    path = folder / "pagefind"
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize("script, timeout, said", [
    ("echo 'Error: Pagefind was not able to build an index.' >&2; exit 3", 30,
     "Pagefind exited with status 3: Error: Pagefind was not able to build an index."),
    ("sleep 20", 0.3, "Pagefind took more than 0.3 s"),
    ("exit 0", 30, "Pagefind wrote no readable pagefind-entry.json"),
])
def test_a_failing_binary_is_one_located_warning(built, tmp_path, script, timeout, said):
    binary = fake_binary(tmp_path, script)
    with pytest.raises(SearchIndexError) as caught:
        index_site(built[0], tmp_path / "work", binary=binary, timeout=timeout)
    (problem,) = caught.value.problems
    assert problem.severity == "warning" and problem.path == built[0] and said in problem.message
    assert str(problem).startswith(f"{built[0]}:0:0: warning: the search index was not built: ")
    assert isinstance(caught.value, PressReleaseError)
    assert not list((tmp_path / "work").iterdir())  # its temporary folder is gone


def test_a_binary_that_cannot_run_is_located_at_the_binary(built, tmp_path):
    binary = tmp_path / "pagefind"
    binary.write_text("not a program", encoding="utf-8")  # not executable
    with pytest.raises(SearchIndexError) as caught:
        index_site(built[0], tmp_path / "work", binary=binary)
    assert caught.value.problems[0].path == binary and "cannot run Pagefind" in str(caught.value)
    assert "pip install 'pagefind[extended]'" in caught.value.problems[0].hint


def test_no_binary_installed(monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind_bin_extended", None)
    monkeypatch.setitem(sys.modules, "pagefind_bin", None)
    with pytest.raises(SearchIndexError, match="Pagefind's binary is not installed"):
        find_binary()


def test_the_extended_binary_is_the_one_used():
    binary, extended = find_binary()
    assert extended and binary.name.startswith("pagefind_extended") and os.access(binary, os.X_OK)
    assert RELEASE_PAGES == "releases/*/index.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    """The indexed site served from a subfolder (/news/), as a newsroom under an organisation's site."""
    site, _, files, _, _ = built
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(site, root / "news")
    for name, data in files.items():
        (root / "news" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "news" / name).write_bytes(data)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("lang, phrase", [
    ("en", "desalination plant"), ("fr", "usine de dessalement"), ("ar", "محطة جديدة"), ("ja", "海水淡水化"),
    ("km", "ក្រសួង"),  # a Khmer phrase's first word: found as its prefix
])
def test_a_phrase_typed_into_the_search_page_finds_its_release(served, browser, lang, phrase):
    page = browser.new_page()
    try:
        page.goto(f"{served}search/{lang}/")
        page.fill(".pagefind-ui__search-input", phrase)
        link = page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        assert link.get_attribute("href") == f"/news/releases/release-{lang}/"
        assert page.locator(".pagefind-ui__result-link").count() == 1  # its own language's index only
        link.click()
        page.wait_for_url(f"{served}releases/release-{lang}/")
        assert page.title() == PAGES[lang][1]
    finally:
        page.close()


def test_a_word_only_on_listing_pages_finds_nothing(served, browser):
    page = browser.new_page()
    try:
        page.goto(f"{served}search/en/")
        page.fill(".pagefind-ui__search-input", "listingword")
        message = page.wait_for_selector(".pagefind-ui__message:has-text('No results')", timeout=10_000)
        assert "listingword" in message.inner_text()
    finally:
        page.close()

