"""The NewsML-G2 export: every release a newsItem valid against the IPTC's 2.35 XML Schema, field by field.

The schema is vendored in tests/data/schemas/newsml-g2/ (with the xml.xsd it imports, so nothing is
fetched) and read with lxml, which the package itself never imports: the export is built with
ElementTree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from helpers import REFERENCE, ROOT
from pressrelease import load
from pressrelease.errors import PressReleaseError
from pressrelease.formats import FORMATS, RenderOptions
from pressrelease.formats.session import RenderSession
from pressrelease.formats.site.xmltext import clean
from pressrelease.formats.wire.newsml import item_guid
from pressrelease.formats.wire.xhtml import XHTML_NS, append_html
from pressrelease.model import Dateline, Embargo, Organisation, Release
from pressrelease.view import ReleaseView

SCHEMAS = Path(__file__).parent / "data" / "schemas" / "newsml-g2"
CORPUS = Path(__file__).parent / "data" / "corpus"
SOURCES = {path.parent.name: path for path in sorted(CORPUS.glob("*/release.md"))} | {
    path.stem: path for path in sorted((ROOT / "releases").glob("*.md"))}
NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XH = "{" + XHTML_NS + "}"
#: A parser that reads nothing but the bytes given: no network, no entities, no DTD.
PARSER = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)


@functools.lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "NewsML-G2_2.35-spec-All-Power.xsd"), PARSER))


def newsml(release: Release, site_url: str | None = None) -> bytes:
    output = RenderSession(RenderOptions(site_url=site_url)).job(release, ["newsml"]).outputs["newsml"]
    assert isinstance(output, bytes)
    return output


def valid(data: bytes) -> etree._Element:
    """The document, parsed and validated against the NewsML-G2 2.35 schema (the errors listed if not)."""
    root = etree.fromstring(data, PARSER)
    checker = schema()
    assert checker.validate(root), "\n".join(str(error) for error in checker.error_log)
    return root


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).split()


def xhtml_body(root: etree._Element) -> etree._Element:
    (inline,) = root.iterfind(f"{NAR}contentSet/{NAR}inlineXML")
    assert inline.get("contenttype") == "application/xhtml+xml"
    (body,) = inline.iterfind(f"{XH}html/{XH}body")
    return body


# --- the schema, and every release ------------------------------------------------------------------


def test_the_vendored_schema_is_2_35_and_its_import_resolves_locally() -> None:
    text = (SCHEMAS / "NewsML-G2_2.35-spec-All-Power.xsd").read_text(encoding="utf-8")
    assert 'version="2.35"' in text and 'schemaLocation="xml.xsd"' in text
    assert (SCHEMAS / "xml.xsd").is_file() and "7f172b01af0c343aacb1e1297ac0e75debabb4a7" in (SCHEMAS / "README.txt").read_text()
    schema()  # built from local files only (no_network): an unresolved import would raise here


def test_the_format_is_registered_after_the_site() -> None:
    names = list(FORMATS)
    assert names.index("newsml") > names.index("site")
    assert FORMATS["newsml"].suffix == ".newsml.xml"


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_release_exports_a_valid_news_item(name: str) -> None:
    release = load(SOURCES[name])
    for site_url in (None, "https://newsroom.example.org/"):
        root = valid(newsml(release, site_url))
        assert root.tag == f"{NAR}newsItem"
        assert (root.get("standard"), root.get("standardversion"), root.get("conformance")) == ("NewsML-G2", "2.35", "power")
        assert root.findtext(f"{NAR}contentMeta/{NAR}headline") == release.headline
        body = xhtml_body(root)
        assert words("".join(body.itertext())) == words(html_text(ReleaseView(release).parts["body"].html))


# --- the reference release, field by field -----------------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> Release:
    return load(REFERENCE)


@pytest.fixture(scope="module")
def item(reference: Release) -> etree._Element:
    return valid(newsml(reference))


def test_item_attributes_and_guid(reference: Release, item: etree._Element) -> None:
    assert item.get("guid") == "https://newsroom.example.org/ipu/releases/2016-02-19-ipu-cambodia-mission/"
    assert item.get("version") == "1"
    assert item.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    no_site = dataclasses.replace(reference, organisation=dataclasses.replace(reference.organisation, site=None))
    assert valid(newsml(no_site)).get("guid") == "tag:ipu.org,2016-02-19:2016-02-19-ipu-cambodia-mission"
    assert item_guid(no_site, None) == item_guid(no_site, None)


def test_item_meta(item: etree._Element) -> None:
    meta = item.find(f"{NAR}itemMeta")
    assert [child.tag.removeprefix(NAR) for child in meta][:6] == [
        "itemClass", "provider", "versionCreated", "firstCreated", "pubStatus", "generator"]
    assert meta.find(f"{NAR}itemClass").get("qcode") == "ninat:text"
    assert meta.findtext(f"{NAR}provider/{NAR}name") == "Inter-Parliamentary Union"
    assert meta.find(f"{NAR}provider").get("uri") == "https://www.ipu.org"
    # the date at 00:00 in the organisation's zone (Europe/Zurich): with its offset
    assert meta.findtext(f"{NAR}versionCreated") == "2016-02-19T00:00:00+01:00"
    assert meta.find(f"{NAR}pubStatus").get("qcode") == "stat:usable"
    assert meta.find(f"{NAR}embargoed") is None


def test_the_photo_is_a_link_with_its_caption_alt_text_and_credit(reference: Release, item: etree._Element) -> None:
    (link,) = item.iterfind(f"{NAR}itemMeta/{NAR}link[@rel='irel:associatedWith']")
    assert link.get("href") == ("https://newsroom.example.org/ipu/releases/2016-02-19-ipu-cambodia-mission/media/"
                                "placeholder-ipu-cambodia-mission.jpg")
    assert link.get("contenttype") == "image/jpeg"
    photo = reference.photos[0]
    assert link.findtext(f"{NAR}description[@role='drol:caption']") == photo.caption
    assert [d.text for d in link.iterfind(f"{NAR}description") if d.get("role") is None] == [photo.alt]
    assert link.findtext(f"{NAR}creditline") == "©IPU"


def test_content_meta(item: etree._Element) -> None:
    meta = item.find(f"{NAR}contentMeta")
    assert meta.findtext(f"{NAR}headline") == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
    assert meta.findtext(f"{NAR}dateline") == "Geneva, 19 February 2016"
    assert meta.findtext(f"{NAR}located/{NAR}name") == "Geneva"
    assert meta.find(f"{NAR}language").get("tag") == "en-GB"
    genre = meta.find(f"{NAR}genre")
    assert genre.findtext(f"{NAR}name") == "Press Release" and genre.get("qcode") is None
    assert [s.findtext(f"{NAR}name") for s in meta.iterfind(f"{NAR}subject")] == ["Cambodia", "human rights", "parliamentarians"]
    assert meta.findtext(f"{NAR}creator/{NAR}name") == "Inter-Parliamentary Union"
    assert meta.find(f"{NAR}creator").get("uri") == "https://www.ipu.org"
    (contact,) = meta.iterfind(f"{NAR}contributor")
    assert contact.findtext(f"{NAR}name") == "Jemini Pandya"
    assert contact.findtext(f"{NAR}note") == "Director of Communications, IPU"
    info = contact.find(f"{NAR}personDetails/{NAR}contactInfo")
    assert info.findtext(f"{NAR}email") == "jep@ipu.org"
    assert [p.text for p in info.iterfind(f"{NAR}phone")] == ["+41 22 919 41 58", "+41 79 217 33 74"]


def test_the_body_word_for_word_in_order(item: etree._Element) -> None:
    source = REFERENCE.read_text(encoding="utf-8").split("---", 2)[2]
    paragraphs = [block.strip() for block in source.split("\n\n") if block.strip()]
    body = xhtml_body(item)
    found = [" ".join(p.itertext()) for p in body.iterfind(f"{XH}p")]
    assert found == paragraphs
    head = item.find(f"{NAR}contentSet/{NAR}inlineXML/{XH}html/{XH}head")
    assert head.findtext(f"{XH}title") == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"


def test_embargo_subheadline_partners_and_an_advisory_genre() -> None:
    release = load(CORPUS / "unicef-unilever-2012" / "release.md")
    until = dt.datetime(2012, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
    embargoed = dataclasses.replace(release, embargo=Embargo(until=until), subheadline="A deck\nin two lines")
    root = valid(newsml(embargoed))
    assert root.findtext(f"{NAR}itemMeta/{NAR}embargoed") == "2012-03-01T10:00:00+01:00"
    assert root.findtext(f"{NAR}contentMeta/{NAR}description[@role='drol:summary']") == "A deck\nin two lines"
    names = [c.findtext(f"{NAR}name") for c in root.iterfind(f"{NAR}contentMeta/{NAR}contributor")]
    assert [partner.name for partner in release.partners] == names[:len(release.partners)]
    advisory = valid(newsml(load(CORPUS / "unog-unicef-advisory-2017" / "release.md")))
    assert advisory.find(f"{NAR}contentMeta/{NAR}genre").get("qcode") == "genre:Advisory"


def test_the_bytes_are_the_same_every_time(reference: Release) -> None:
    first = newsml(reference)
    assert newsml(load(REFERENCE)) == first
    assert first.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<newsItem ') and first.endswith(b"</newsItem>\n")


# --- hostile text ------------------------------------------------------------------------------------

ORG = Organisation(name="Example Press Office", website="https://press.example.org")
TEXT = st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)
MARKUP = st.sampled_from(["]]>", "<![CDATA[", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", "&e;",
                          "&amp;", "&#0;", "&#x1F;", "<p xmlns='urn:x' xml:lang='x' a:b='1'>", "</p>", "<",
                          "\x00", "\x1b", "\ufffe", "\ud800", "&nbsp;", "<script>alert(1)</script>", "*", "\n\n"])
HOSTILE = st.lists(st.one_of(TEXT, MARKUP), min_size=1, max_size=8).map("".join)
#: A lone surrogate cannot come from a source file (read as strict UTF-8); a Release built in code with one fails in
#: the Markdown sanitiser, before any format (a model gap, not this format's): releases get none.
RELEASE_TEXT = HOSTILE.map(lambda text: text.replace("\ud800", ""))


def made(**fields: object) -> Release:
    try:
        return Release(**({"headline": "A headline", "body": "A body.", "organisation": ORG,
                           "dateline": Dateline(date=dt.date(2024, 5, 1), city="Genève")} | fields))
    except (PressReleaseError, ValueError, TypeError):
        assume(False)
        raise


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(headline=RELEASE_TEXT, body=RELEASE_TEXT)
@example(headline="]]> <b>&amp;</b> \u202e العربية ខ្មែរ 中文", body="<![CDATA[ x ]]> & <b>bold</b> \x1f")
def test_hostile_text_stays_valid_and_reads_back_as_text(headline: str, body: str) -> None:
    release = made(headline=headline, body=body)
    data = newsml(release)
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data and b"<script" not in data
    root = valid(data)
    assert root.findtext(f"{NAR}contentMeta/{NAR}headline") == clean(release.headline)
    assert words("".join(xhtml_body(root).itertext())) == words(clean(html_text(ReleaseView(release).parts["body"].html)))
    assert newsml(release) == data


@settings(max_examples=300, deadline=None)
@given(html=HOSTILE)
def test_any_html_becomes_well_formed_xhtml_with_its_text(html: str) -> None:
    body = ET.Element("body", {"xmlns": XHTML_NS})
    append_html(body, html)
    data = ET.tostring(body, encoding="unicode").encode()
    parsed = etree.fromstring(data, PARSER)  # well-formed, whatever the input
    assert all(isinstance(node.tag, str) and node.tag.startswith(XH) for node in parsed.iter())
    assert not any(name.startswith("{") or name.startswith("xmlns") for node in parsed.iter() for name in node.attrib)
    assert re.sub(r"\s+", "", "".join(parsed.itertext())) == re.sub(r"\s+", "", clean(html_text(html)))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_ninjs_and_newsml_give_the_same_moments(name: str) -> None:
    """The same release, the same times in both wire formats (contentCreated, firstCreated, the embargo)."""
    import json

    release = load(SOURCES[name])
    ninjs = json.loads(RenderSession(RenderOptions()).render(release, "ninjs"))
    root = ET.fromstring(newsml(release))
    ns = {"n": "http://iptc.org/std/nar/2006-10-01/"}
    moments = {tag: (node.text if (node := root.find(f".//n:{tag}", ns)) is not None else None)
               for tag in ("contentCreated", "firstCreated", "embargoed")}

    def same(ours: str | None, theirs: str | None) -> bool:
        return (ours is None and theirs is None) or (ours is not None and theirs is not None and
                                                     dt.datetime.fromisoformat(ours.replace("Z", "+00:00"))
                                                     == dt.datetime.fromisoformat(theirs.replace("Z", "+00:00")))

    assert same(moments["contentCreated"], ninjs.get("contentCreated") or ninjs["firstCreated"])
    assert same(moments["firstCreated"], ninjs["firstCreated"])
    assert same(moments["embargoed"], ninjs.get("embargoedUntil"))
