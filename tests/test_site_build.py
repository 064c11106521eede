"""The newsroom site as a build makes it: what it publishes, what an embargo holds back, what a rebuild redoes."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

from helpers import two_organisations

SITE = "https://newsroom.example.org/news/"
FAST = ("html", "txt", "site")
BEFORE_LIFT = dt.datetime(2016, 3, 10, 1, 59, tzinfo=dt.timezone.utc)  # riverside lifts 09:00 Phnom Penh = 02:00 UTC
AT_LIFT = dt.datetime(2016, 3, 10, 2, 0, tzinfo=dt.timezone.utc)
RIVERSIDE_HEADLINE = "Riverside Literacy Fund opens 40 village libraries across Cambodia"
RIVERSIDE_SLUG = "2016-03-10-riverside-libraries"
REFERENCE_SLUG = "2016-02-19-ipu-cambodia-mission"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return two_organisations(tmp_path / "releases")


def options(out: Path, now: dt.datetime = AT_LIFT, formats: tuple[str, ...] = FAST, **kw) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(out_dir=out, jobs=1, formats=formats, render=RenderOptions(site_url=SITE), now=now, **kw)


def site_files(out: Path) -> list[Path]:
    return sorted(path for path in (out / "site").rglob("*") if path.is_file())


def test_the_site_has_every_page_and_file(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build([folder], options(out, formats=("html", "txt", "pdf", "site")))
    assert report.ok, report.all_problems
    names = {path.relative_to(out / "site").as_posix() for path in site_files(out)}
    for slug in (REFERENCE_SLUG, RIVERSIDE_SLUG):
        assert {f"releases/{slug}/index.html", f"releases/{slug}/{slug}.pdf", f"releases/{slug}/{slug}.txt"} <= names
    assert {"index.html", "feed.atom", "feed.json", "sitemap.xml", "news-sitemap.xml", "robots.txt", "404.html",
            "assets/site.css", "search/index.html", "pagefind/pagefind-entry.json", "pagefind/pagefind-ui.js"} <= names
    photo = out / "site" / "releases" / RIVERSIDE_SLUG / "media" / "library.jpg"
    assert photo.read_bytes() == (folder / "riverside" / "library.jpg").read_bytes()  # full resolution, as given
    assert (out / "site" / "releases" / REFERENCE_SLUG / f"{REFERENCE_SLUG}.pdf").read_bytes() == \
        (out / f"{REFERENCE_SLUG}.pdf").read_bytes()


def test_a_held_release_is_in_no_file_of_the_site(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build([folder], options(out, now=BEFORE_LIFT, formats=("html", "txt", "eml", "site")))
    assert report.ok, report.all_problems
    assert [(slug, until.astimezone(dt.timezone.utc)) for _, slug, until in report.held] == [(RIVERSIDE_SLUG, AT_LIFT)]
    files = site_files(out)
    assert len(files) > 10 and any(path.suffix == ".pf_fragment" for path in files)
    for path in files:
        data = path.read_bytes()
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):  # the search index, compressed
            data = gzip.decompress(data)
        for needle in (RIVERSIDE_HEADLINE, RIVERSIDE_SLUG, "riverside"):
            assert needle.encode("utf-8") not in data, f"{needle!r} in {path}"
    assert (out / f"{RIVERSIDE_SLUG}.eml").exists() and (out / f"{RIVERSIDE_SLUG}.html").exists()  # for journalists
    # The first build after the lift publishes it, and it is in the indexes and feeds.
    report = build([folder], options(out, now=AT_LIFT, formats=("html", "txt", "eml", "site")))
    assert report.held == [] and report.built == []
    assert (out / "site" / "releases" / RIVERSIDE_SLUG / "index.html").exists()
    for name in ("index.html", "feed.atom", "feed.json", "sitemap.xml"):
        assert RIVERSIDE_SLUG in (out / "site" / name).read_text(encoding="utf-8"), name


def test_the_cli_says_held_until(folder: Path, tmp_path: Path) -> None:
    from pressrelease.cli import main

    import io
    out, err = io.StringIO(), io.StringIO()
    status = main(["build", str(folder), "--out", str(tmp_path / "o"), "-f", "html,site", "--site-url", SITE,
                   "--now", "2016-03-10T01:59Z", "-j", "1"], out=out, err=err)
    assert status == 0, err.getvalue()
    assert re.search(r"riverside-libraries\.md: held until 2016-03-10T09:00:00\+07:00", out.getvalue()), out.getvalue()


@pytest.mark.parametrize("value", ["2016-03-10", "2016-03-10T01:00", "tomorrow"])
def test_now_needs_a_time_and_a_zone(value: str, tmp_path: Path) -> None:
    from pressrelease.cli import main

    import io
    try:
        status = main(["build", "--now", value, "--out", str(tmp_path)], out=io.StringIO(), err=io.StringIO())
    except SystemExit as exit_:
        status = exit_.code
    assert status == 2


def _states(out: Path) -> dict[str, tuple[int, str]]:
    return {path.relative_to(out).as_posix(): (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in site_files(out)}


def test_a_rebuild_redoes_only_what_changed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    riverside = folder / "riverside"
    shutil.move(riverside, tmp_path / "aside")
    assert build([folder], options(out)).ok
    before = _states(out)
    again = build([folder], options(out))
    assert again.collected == [] and _states(out) == before  # a no-op rebuild writes nothing
    shutil.move(tmp_path / "aside", riverside)
    report = build([folder], options(out))
    written = {path.relative_to(out).as_posix() for path in report.collected} - {"releases.json"}
    after = _states(out)
    changed = {name for name in after if before.get(name) != after[name]}
    assert changed == written
    assert f"site/releases/{RIVERSIDE_SLUG}/index.html" in written
    assert f"site/releases/{REFERENCE_SLUG}/index.html" not in written  # the other release's page is untouched
    assert {"site/index.html", "site/feed.atom", "site/sitemap.xml"} <= written
    assert not any(name.startswith(f"site/releases/{REFERENCE_SLUG}/") for name in written)


def test_a_photo_changed_after_it_was_read_is_not_published(folder: Path, tmp_path: Path) -> None:
    from pressrelease.build.collect import _copy
    from pressrelease.build.writer import OutputFolder
    from pressrelease.formats import CopyFile

    source = tmp_path / "photo.jpg"
    source.write_bytes(b"as read")
    recorded = hashlib.sha256(b"as read").hexdigest()
    source.write_bytes(b"swapped")
    problems: list = []
    target = tmp_path / "out" / "site" / "photo.jpg"
    assert _copy(OutputFolder(tmp_path / "out"), target, CopyFile(str(source), recorded), None, problems) == (False, None)
    assert not target.exists() and "changed after it was read" in problems[0].message


def test_the_site_page_carries_what_sharing_and_search_read(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert build([folder], options(out)).ok
    page = (out / "site" / "releases" / RIVERSIDE_SLUG / "index.html").read_text(encoding="utf-8")
    canonical = SITE + f"releases/{RIVERSIDE_SLUG}/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert f'<meta property="og:image" content="{canonical}media/library.jpg">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["mainEntityOfPage"]["@id"] == canonical
    assert data["datePublished"] == "2016-03-10T09:00:00+07:00" == data["dateModified"]
    assert data["image"] == [canonical + "media/library.jpg"]
    assert data["author"][0]["@type"] == "Organization" and data["publisher"]["name"]
    # The standalone page names the site's page as its canonical address too.
    standalone = (out / f"{RIVERSIDE_SLUG}.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{canonical}">' in standalone


def test_without_a_site_there_is_no_site_folder(folder: Path, tmp_path: Path) -> None:
    org = folder / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8").split("\nsite:\n")[0] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    report = build([folder], BuildOptions(out_dir=out, jobs=1, formats=FAST))
    assert report.ok and report.outcomes and not (out / "site").exists()
    assert not list(out.glob("*.site.html"))


def test_updated_is_the_modified_time_everywhere(folder: Path, tmp_path: Path) -> None:
    source = folder / "riverside" / f"{RIVERSIDE_SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "embargo: 2016-03-10 09:00 Asia/Phnom_Penh\n",
        "embargo: 2016-03-10 09:00 Asia/Phnom_Penh\nupdated: 2016-03-11 14:30 Asia/Phnom_Penh\n"), encoding="utf-8")
    out = tmp_path / "out"
    assert build([folder], options(out)).ok
    page = (out / "site" / "releases" / RIVERSIDE_SLUG / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert (data["datePublished"], data["dateModified"]) == ("2016-03-10T09:00:00+07:00", "2016-03-11T14:30:00+07:00")
    assert '<meta property="article:modified_time" content="2016-03-11T14:30:00+07:00">' in page
    feed = (out / "site" / "feed.json").read_text(encoding="utf-8")
    item = next(item for item in json.loads(feed)["items"] if RIVERSIDE_SLUG in item["url"])
    assert item["date_modified"].startswith("2016-03-11T14:30:00+07:00") or item["date_modified"] == "2016-03-11T07:30:00Z"


def test_site_mistakes_are_located(tmp_path: Path) -> None:
    from pressrelease.errors import PressReleaseError
    from pressrelease.source import Loader

    (tmp_path / "organisation.yaml").write_text(
        "name: Example\nsite:\n  url: https://example.org/news?x=1\n  per_page: 0\n  languages: [en, xx, en]\n"
        "  colour: red\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\nheadline: Hi\ndateline: {city: Geneva, date: 2020-01-01}\n"
                                   "updated: 2020-01-02\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(PressReleaseError) as caught:
        Loader().load(tmp_path / "a.md")
    found = sorted((p.path.name, p.line, p.col, p.message.split(" ")[0]) for p in caught.value.problems)
    assert found == [("a.md", 4, 10, "updated"), ("organisation.yaml", 3, 8, "site.url"),
                     ("organisation.yaml", 4, 13, "site.per_page"), ("organisation.yaml", 5, 19, "site.languages"),
                     ("organisation.yaml", 5, 23, "site.languages"), ("organisation.yaml", 6, 3, "unknown")]


def test_a_preview_and_a_deploy_never_share_a_folder(folder: Path, tmp_path: Path) -> None:
    from pressrelease.errors import BuildError

    preview, deploy = tmp_path / "preview", tmp_path / "deploy"
    assert build([folder], options(preview, now=BEFORE_LIFT, publish_held=True)).ok
    assert (preview / "site" / "releases" / RIVERSIDE_SLUG / "index.html").exists()  # the preview shows it
    with pytest.raises(BuildError, match="holds a preview"):
        build([folder], options(preview, now=BEFORE_LIFT))
    assert build([folder], options(deploy, now=BEFORE_LIFT)).ok
    with pytest.raises(BuildError, match="holds a build to deploy"):
        build([folder], options(deploy, now=BEFORE_LIFT, publish_held=True))
    assert not (deploy / "site" / "releases" / RIVERSIDE_SLUG).exists()
