"""IPTC ninjs 3.2 export and import: schema validity, mapping, round trip, hostile input, JSON-LD."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from pressrelease import load
from pressrelease.api import render
from pressrelease.cli.app import main
from pressrelease.formats import RenderOptions

from helpers import RIVERSIDE

DATA = Path(__file__).parent / "data"
CORPUS = sorted((DATA / "corpus").glob("*/release.md"))
SCHEMAS = DATA / "schemas" / "ninjs"


def _validator() -> Draft202012Validator:
    ninjs = json.loads((SCHEMAS / "ninjs-schema_3.2.json").read_text(encoding="utf-8"))
    geojson = json.loads((SCHEMAS / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource("https://geojson.org/schema/GeoJSON.json", Resource.from_contents(geojson))
    return Draft202012Validator(ninjs, registry=registry)


VALIDATOR = _validator()


def _ninjs(path: Path, site_url: str | None = None) -> dict:
    return json.loads(render(load(path), "ninjs", RenderOptions(site_url=site_url)))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.parent.name)
def test_corpus_validates_against_ninjs_32(path: Path) -> None:
    for site in (None, "https://news.example.org/"):
        item = _ninjs(path, site)
        errors = sorted(VALIDATOR.iter_errors(item), key=str)
        assert not errors, [e.message for e in errors]


def test_the_schema_rejects_a_2x_field() -> None:
    assert list(VALIDATOR.iter_errors({"uri": "tag:x,2020:y", "embargoed": "2020-01-01T00:00:00Z"}))


def test_reference_release_mapping() -> None:
    item = _ninjs(DATA / "corpus" / "unog-unicef-advisory-2017" / "release.md")
    assert item["uri"] == "tag:unog.ch,2017-05-23:release"
    assert item["type"] == "text" and item["language"] == "en-GB" and item["pubStatus"] == "usable"
    assert item["headlines"] == [{"role": "main", "value": "UNICEF Press Conference"},
                                 {"role": "sub", "value": "UNICEF Child Alert on Myanmar"}]
    assert item["firstCreated"] == item["contentCreated"] == "2017-05-23T00:00:00+02:00"
    assert item["genres"][0]["uri"] == "http://cv.iptc.org/newscodes/genre/Advisory"
    assert item["events"][0]["name"] == "UNICEF Child Alert on Myanmar"
    assert item["eventDetails"]["dates"] == {"startDate": "2017-05-23T10:00:00+02:00",
                                             "endDate": "2017-05-23T10:30:00+02:00"}
    assert {(b["role"], b["contentType"]) for b in item["bodies"]} >= {("main", "text/html"), ("main", "text/plain"),
                                                                       ("main", "text/markdown")}
    assert item["organisations"][0]["rel"] == "issuer"
    site = _ninjs(DATA / "corpus" / "unog-unicef-advisory-2017" / "release.md", "https://news.example.org/")
    assert site["uri"] == "https://news.example.org/releases/release/"
    assert [r["href"] for r in site["renditions"]] == ["https://news.example.org/releases/release/",
                                                       "https://news.example.org/releases/release/release.pdf"]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.parent.name)
def test_round_trip(path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "r"
    shutil.copytree(path.parent, folder)
    first = render(load(folder / path.name), "ninjs")
    (folder / path.name).unlink()
    (tmp_path / "item.ninjs.json").write_text(first, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(tmp_path / "item.ninjs.json"), "--out", str(folder)], out, err) == 0, err.getvalue()
    again = render(load(folder / path.name), "ninjs")
    assert again == first


def test_deterministic() -> None:
    path = CORPUS[0]
    assert render(load(path), "ninjs") == render(load(path), "ninjs")


def test_foreign_item_imports_supported_fields(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(DATA / "ninjs" / "ntb_text.json"), "--out", str(tmp_path)], out, err) == 0
    text = (tmp_path / "skien-google.md").read_text(encoding="utf-8")
    assert "headline: Google har kjøpt giganttomt i Skien" in text and "language: nb-NO" in text
    assert '# "urgency": 5' in text  # listed, not dropped
    assert main(["check", str(tmp_path / "skien-google.md")], io.StringIO(), io.StringIO()) == 0


def test_a_second_producers_item_imports_and_checks(tmp_path: Path) -> None:
    """TT's example: no body but a text description, dated by versionCreated only, a remote picture."""
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(DATA / "ninjs" / "tt_text_image_3.json"), "--out", str(tmp_path)], out, err) == 0, err.getvalue()
    (source,) = tmp_path.glob("*.md")
    text = source.read_text(encoding="utf-8")
    assert "headline: Militärövning i jätteformat hålls 2023" in text and "language: sv" in text
    assert "date: '2021-05-26'" in text and "Pandemin satte stopp" in text.split("\n---\n", 1)[1]
    assert "\nphotos:" not in text and "a001_NormalHires.jpg\": download it" in text  # remote: named, not a file
    assert '"descriptions"' not in text  # used as the body, so not listed as left out
    assert main(["check", str(source)], io.StringIO(), io.StringIO()) == 0


@pytest.mark.parametrize("content, message", [(b"{not json", "not JSON"), (b"[1]", "not a ninjs item"),
                                              (b'{"uri": "x", "headlines": 3}', "headlines"),
                                              (b'\xff\xfe', "not UTF-8")])
def test_bad_input_is_located(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.ninjs.json"
    bad.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(bad), "--out", str(tmp_path / "o")], out, err) == 1
    assert message in err.getvalue() and "bad.ninjs.json:" in err.getvalue() and "Traceback" not in err.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=st.text(min_size=1, max_size=80), body=st.text(max_size=300))
def test_hostile_text_never_a_traceback(tmp_path_factory, headline: str, body: str) -> None:
    folder = tmp_path_factory.mktemp("h")
    item = {"uri": "tag:example.org,2020:x", "contentCreated": "2020-01-01T00:00:00Z",
            "headlines": [{"role": "main", "value": headline}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": body}]}
    src = folder / "x.ninjs.json"
    src.write_text(json.dumps(item), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(src), "--out", str(folder / "o")], out, err) in (0, 1)
    assert "internal error" not in err.getvalue()


GOOGLE_ARTICLE = ("headline", "image", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage")


def _json_ld() -> dict:
    from pressrelease.view.site_meta import page_meta

    release = load(DATA / "corpus" / "unog-unicef-advisory-2017" / "release.md")
    return page_meta(release, site_url="https://news.example.org/", description="d", dateline="").json_ld


def test_json_ld_has_googles_article_properties() -> None:
    data = _json_ld()
    missing = [name for name in GOOGLE_ARTICLE if name != "image" and not data.get(name)]
    assert not missing, missing
    assert "T" in data["datePublished"] and "T" in data["dateModified"]
    assert data["mainEntityOfPage"]["@id"] == data["url"]


def test_json_ld_with_a_photo_has_every_property_googles_list_names() -> None:
    from pressrelease.view.site_meta import page_meta

    release = load(RIVERSIDE)
    data = page_meta(release, site_url="https://news.example.org/", description="d", dateline="x").json_ld
    missing = [name for name in GOOGLE_ARTICLE if not data.get(name)]
    assert not missing, missing
    assert data["image"] == ["https://news.example.org/releases/2016-03-10-riverside-libraries/media/library.jpg"]
    assert data["publisher"]["@type"] == "Organization" and data["author"][0]["name"] == data["publisher"]["name"]


def test_json_ld_without_any_image_names_none() -> None:
    """A release with no photo whose organisation has no raster logo has nothing to point at: no image (a
    documented limit, docs/wire.md), rather than an address that is not there."""
    assert "image" not in _json_ld()


# -- hostile items (from a review) ---------------------------------------------------------------------------

ITEM = {"uri": "urn:x", "slugline": "hi", "headlines": [{"role": "main", "value": "Hi"}],
        "bodies": [{"role": "main", "contentType": "text/plain", "value": "The text."}],
        "contentCreated": "2020-01-01T00:00:00Z"}


def _import(tmp_path: Path, item: object, out: str = "o") -> tuple[int, str, Path]:
    import json

    source = tmp_path / "item.ninjs.json"
    source.write_text(item if isinstance(item, str) else json.dumps(item), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    status = main(["import", str(source), "--out", str(tmp_path / out)], stdout, stderr)
    return status, stdout.getvalue() + stderr.getvalue(), tmp_path / out


def test_a_link_where_the_import_writes_is_never_written_through(tmp_path: Path) -> None:
    (tmp_path / "o").mkdir()
    (tmp_path / "o" / "hi.md").symlink_to(tmp_path / "victim.md")
    status, said, _ = _import(tmp_path, ITEM)
    assert status == 1 and "already exists" in said and not (tmp_path / "victim.md").exists()
    (tmp_path / "o" / "hi.md").unlink()
    (tmp_path / "o" / "organisation.yaml").symlink_to(tmp_path / "victim.yaml")
    status, said, _ = _import(tmp_path, ITEM)
    assert status == 1 and "does not exist" in said and not (tmp_path / "victim.yaml").exists()
    assert not (tmp_path / "o" / "hi.md").exists()  # nothing half-imported


@pytest.mark.parametrize("item, words", [
    ('{"uri": "x", "n": ' + "9" * 5000 + "}", "number too long"),
    ('{"uri": "x", "headlines": [{"role": "main", "value": "x \\udfff y"}]}', "lone surrogate"),
    ({**ITEM, "pubStatus": "canceled"}, "not for use"),
])
def test_items_that_are_refused_say_why(tmp_path: Path, item: object, words: str) -> None:
    status, said, out = _import(tmp_path, item)
    assert status == 1 and words in said and "Traceback" not in said and "internal error" not in said
    assert not out.exists() or not any(out.iterdir())


def test_what_is_read_but_has_no_place_is_listed(tmp_path: Path) -> None:
    item = {**ITEM, "copyrightHolder": "AP", "renditions": [{"name": "print", "href": "https://x.example/p.pdf"}],
            "genres": [{"name": "a"}, {"name": "b"}],
            "organisations": [{"name": "O", "contactInfo": [{"type": "address", "address": {"lines": 5}}]}],
            "associations": [{"type": "picture", "renditions": [{"href": "../../../etc/passwd"}]}]}
    status, said, out = _import(tmp_path, item)
    assert status == 0, said
    text = (out / "hi.md").read_text(encoding="utf-8")
    for listed in ('"uri": "urn:x"', '"copyrightHolder": "AP"', '"renditions":', '"genres[1:]":', "../../../etc/passwd"):
        assert listed in text.split("\nheadline:")[0], listed
    assert "\nphotos:" not in text  # a path out of the folder is named, never referenced
    assert main(["check", str(out / "hi.md")], io.StringIO(), io.StringIO()) == 0
