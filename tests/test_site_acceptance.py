"""What an acceptance walkthrough of the newsroom (issue 12) found, each as a test that failed before its fix.

The walkthrough (a user going through the issue point by point, from fresh projects) is summed up in
the closing note of the stop that fixed these.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2.filters import do_filesizeformat

from pressrelease.build import BuildOptions, build
from pressrelease.cli import main
from pressrelease.formats import RenderOptions
from pressrelease.serve.session import ServeSession
from pressrelease.view.site_meta import x_default

from helpers import REFERENCE

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("group", "ranking", "default"), [
    (["en-GB", "fr"], ("en", "fr"), "en-GB"),  # "en" has "en-GB", as its language page lists it
    (["fr", "en-GB"], ("en", "fr"), "en-GB"),
    (["en", "en-GB", "fr"], ("en", "fr"), "en"),  # the tag itself before a regional one
    (["fr-CH", "en-GB"], ("fr", "en"), "fr-CH"),
    (["de", "fr"], ("en",), "de"),  # none of the site's: the first tag
    (["zh-Hant", "zh-Hans"], ("zh-Hans",), "zh-Hans"),  # "zh-Hans" has only itself
])
def test_x_default_is_the_version_in_the_first_site_language_that_has_one(group: list[str], ranking: tuple[str, ...],
                                                                         default: str) -> None:
    assert x_default(group, ranking) == default


def test_the_media_kit_gives_a_text_s_size_in_bytes(tmp_path: Path) -> None:
    """An Arabic text is about twice as many bytes as characters: the kit said its length in characters."""
    corpus = Path(__file__).parent / "data" / "corpus" / "unicef-yemen-truce-2022"
    source = tmp_path / "src"
    shutil.copytree(corpus, source)
    out = tmp_path / "out"
    report = build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "txt", "site"),
                                          render=RenderOptions(site_url="https://news.example.org/")))
    assert report.ok
    text = next(out.glob("*.txt"))
    size = text.stat().st_size
    assert size > 1.5 * len(text.read_text(encoding="utf-8"))
    page = next((out / "site" / "releases").glob("*/index.html")).read_text(encoding="utf-8")
    assert f"({do_filesizeformat(size)})" in page  # "(853 Bytes)", not "(601 Bytes)"


def test_serve_on_a_free_port_builds_the_site_for_that_port(tmp_path: Path) -> None:
    """``serve --port 0`` built every absolute link (canonical, the 404 page's style sheet) for port 8000."""
    releases = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, releases)
    session = ServeSession(releases, BuildOptions(jobs=1, publish_held=True), port=0, log=io.StringIO(), local_site=True)
    try:
        session.site.rebuild()
        assert session.port != 8000
        not_found = (session.site.options.out_dir / "site" / "404.html").read_text(encoding="utf-8")
        assert f'href="http://127.0.0.1:{session.port}/assets/site.css"' in not_found
        assert "127.0.0.1:8000" not in not_found
    finally:
        session.close()
    assert not session.site.options.out_dir.exists()


def test_serve_refuses_a_deploy_folder_before_serving(tmp_path: Path) -> None:
    """``serve --out dist`` on a deploy's folder served on, the refusal only in the page, as ``<string>:0:0``."""
    releases, dist = tmp_path / "releases", tmp_path / "dist"
    shutil.copytree(REFERENCE.parent, releases)
    assert build([releases], BuildOptions(out_dir=dist, jobs=1, formats=("html",))).ok
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", str(releases), "--port", "0", "--out", str(dist)], out=out, err=err) == 1
    assert err.getvalue().startswith(f"pressrelease: error: {dist} holds a build to deploy")
    assert "serving" not in out.getvalue()
    assert not (dist / ".pressrelease-preview").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_serve_stopped_by_a_signal_deletes_its_folder(tmp_path: Path, stop: str) -> None:
    """Its temporary folder holds releases under embargo: ``kill``, ``timeout``, ``docker stop`` left it in /tmp."""
    releases, scratch = tmp_path / "releases", tmp_path / "tmp"
    shutil.copytree(REFERENCE.parent, releases)
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "pressrelease", "serve", str(releases), "--port", "0", "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("serving "):
                break
        made = [p.name for p in scratch.iterdir() if p.name.startswith("pressrelease-serve-")]
        assert len(made) == 1 and (scratch / made[0] / "site").is_dir()
        child.send_signal(getattr(signal, stop))
        assert child.wait(60) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert [p.name for p in scratch.iterdir() if p.name.startswith("pressrelease-serve-")] == []


def _joint(folder: Path, name: str, partner: str, logo: str, embargo: str = "") -> None:
    (folder / f"{name}.md").write_text(
        "---\n"
        f"headline: A joint release with {partner}\n"
        f"slug: {name}\n"
        "dateline: {city: Geneva, date: 2016-02-20}\n"
        + (f"embargo: {embargo}\n" if embargo else "")
        + f"partners:\n  - name: {partner}\n    logo: {logo}\n"
        "---\n\nGENEVA – Two organisations say one thing together.\n", encoding="utf-8")


def test_a_partner_s_logo_is_published_where_the_json_ld_names_it(tmp_path: Path) -> None:
    """The JSON-LD named assets/logos/<partner>/<file> for each partner, but only the issuer's logo was published;
    a partner seen only on a held release has nothing published."""
    import json
    import re

    from PIL import Image

    source = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, source)
    for name in ("globex.png", "hidden.png"):
        Image.new("RGB", (60, 20), "navy").save(source / name)
    _joint(source, "2016-02-20-joint", "Globex Books", "globex.png")
    _joint(source, "2016-02-21-held", "Hidden Partner", "hidden.png", embargo="2099-01-01T09:00:00+00:00")
    out = tmp_path / "out"
    report = build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "site"),
                                          render=RenderOptions(site_url="https://news.example.org/")))
    assert report.ok and len(report.held) == 1
    page = (out / "site" / "releases" / "2016-02-20-joint" / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    logos = [author["logo"]["url"] for author in data["author"] if "logo" in author]
    partner = [url for url in logos if "globex" in url]
    assert partner == ["https://news.example.org/assets/logos/globex-books/globex.png"]
    for url in logos:
        published = out / "site" / url.removeprefix("https://news.example.org/")
        assert published.is_file(), url
    assert (out / "site" / "assets" / "logos" / "globex-books" / "globex.png").read_bytes() == \
        (source / "globex.png").read_bytes()
    assert not list((out / "site").rglob("hidden*")) and not list((out / "site").rglob("*hidden-partner*"))


@pytest.mark.parametrize(("template", "alone"), [
    ("{CITY}, {date} –", "GENEVA, 19 February 2016"),
    ("{CITY} ({date}) —", "GENEVA (19 February 2016)"),  # the bracket is the dateline's
    ("{CITY}: ", "GENEVA"),
    ("{city}، {date} -", "Geneva، 19 February 2016"),
    ("{date}", "19 February 2016"),
])
def test_the_dateline_as_a_value_leaves_out_what_joins_it_to_the_text(template: str, alone: str) -> None:
    """The JSON-LD's (and NewsML's) dateline kept the lead's dash: "RIVERSIDE, 20 November 2026 –"."""
    from pressrelease.view.dateline import dateline_alone, dateline_pieces

    assert dateline_alone(dateline_pieces(template, "Geneva", "19 February 2016")) == alone


def test_a_photo_s_enclosure_has_its_type_and_size(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    source = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, source)
    out = tmp_path / "out"
    assert build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "site"),
                                        render=RenderOptions(site_url="https://news.example.org/"))).ok
    atom = ET.parse(out / "site" / "feed.atom").getroot()
    photos = [link for link in atom.iter("{http://www.w3.org/2005/Atom}link")
              if link.get("rel") == "enclosure" and "/media/" in link.get("href", "")]
    assert photos, "the reference release has a photo"
    photo = next(source.rglob("*.jpg"))
    assert [(link.get("type"), link.get("length")) for link in photos] == [("image/jpeg", str(photo.stat().st_size))]
    page = (out / "site" / "releases" / REFERENCE.stem / "index.html").read_text(encoding="utf-8")
    assert '"dateline": "Geneva, 19 February 2016"' in page  # no " –"


def test_tags_spelt_differently_keep_their_own_pages() -> None:
    """"C++" and "C#" both make the folder ``c``: they were one tag page, "C#" gone from the tags page."""
    import datetime as dt

    from pressrelease.formats.site.entries import SiteEntry
    from pressrelease.formats.site.listings import site_tags

    def entry(slug: str, *tags: str) -> SiteEntry:
        when = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
        return SiteEntry(slug=slug, id=slug, url=slug, path=slug, headline=slug, language="en", direction="ltr",
                         kind="Press release", date=when.date(), published=when, modified=when, tags=tags)

    found = site_tags([entry("a", "C++"), entry("b", "events", "C#"), entry("c", "Climate change"),
                       entry("d", "climate-change", "c")])
    assert [(folder, name, [e.slug for e in chosen]) for folder, name, chosen in found] == [
        ("c", "c", ["d"]),
        ("c-2", "C#", ["b"]),  # the spellings in order ("c", "c#", "c++"): the first keeps the folder
        ("c-3", "C++", ["a"]),
        ("climate-change", "Climate change", ["c", "d"]),  # spelt alike: one tag
        ("events", "events", ["b"]),
    ]


def test_a_release_page_s_site_header_has_the_logo_every_other_page_has(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, source)
    Image.new("RGB", (120, 40), "navy").save(source / "logo.png")
    organisation = source / "organisation.yaml"
    organisation.write_text("logo: logo.png\n" + organisation.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "site"),
                                        render=RenderOptions(site_url="https://news.example.org/"))).ok
    index = (out / "site" / "index.html").read_text(encoding="utf-8")
    page = (out / "site" / "releases" / REFERENCE.stem / "index.html").read_text(encoding="utf-8")
    assert '<img class="site-logo" src="assets/logos/inter-parliamentary-union/logo.png" alt="">' in index
    assert '<img class="site-logo" src="../../assets/logos/inter-parliamentary-union/logo.png" alt="">' in page


def test_editing_a_listing_template_makes_the_site_again_and_renders_no_release(tmp_path: Path) -> None:
    """An edit to site/index.html re-rendered every release (PDFs too): the theme was one input of each."""
    source, templates = tmp_path / "releases", tmp_path / "tpl"
    shutil.copytree(REFERENCE.parent, source)
    (templates / "site").mkdir(parents=True)
    original = (ROOT / "templates" / "site" / "index.html").read_text(encoding="utf-8")
    (templates / "site" / "index.html").write_text(original, encoding="utf-8")
    out = tmp_path / "out"

    def run() -> object:
        return build([source], BuildOptions(out_dir=out, jobs=1, formats=("html", "txt", "site"),
                                            render=RenderOptions(site_url="https://news.example.org/",
                                                                 templates=(templates,))))

    assert run().ok
    page = out / f"{REFERENCE.stem}.html"
    before = page.stat().st_mtime_ns
    (templates / "site" / "index.html").write_text(original.replace("{% block content %}",
                                                                    "{% block content %}<p>Edited</p>"), encoding="utf-8")
    report = run()
    assert report.ok and report.built == [] and len(report.unchanged) == 1  # type: ignore[attr-defined]
    assert page.stat().st_mtime_ns == before
    assert "<p>Edited</p>" in (out / "site" / "index.html").read_text(encoding="utf-8")
    # A template a release's page uses renders the releases again.
    shell = (ROOT / "templates" / "site" / "shell.html").read_text(encoding="utf-8")
    (templates / "site" / "shell.html").write_text(shell + "\n{# edited #}\n", encoding="utf-8")
    assert len(run().built) == 1  # type: ignore[attr-defined]


def test_a_site_language_no_release_is_in_is_a_located_warning(tmp_path: Path) -> None:
    """``languages: [de]`` over English releases made the whole site's own pages German, silently."""
    source = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, source)
    organisation = source / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8")
    assert "\n  per_page: 20\n" in text
    text = text.replace("\n  per_page: 20\n", "\n  per_page: 20\n  languages: [en, de]\n")
    organisation.write_text(text, encoding="utf-8")
    line = text[:text.index("  languages: [en, de]")].count("\n") + 1
    report = build([source], BuildOptions(out_dir=tmp_path / "out", jobs=1, formats=("html", "site")))
    assert report.ok
    warnings = [p for p in report.all_problems if p.code == "site-languages"]
    assert [(p.line, p.col, p.message) for p in warnings] == [
        (line, 14, "site.languages names 'de', but no published release is in it")]
    assert str(warnings[0]).startswith(f"{organisation.resolve()}:{line}:14: warning:") or \
        str(warnings[0]).startswith(f"{organisation}:{line}:14: warning:")
