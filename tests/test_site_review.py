"""The newsroom site under attack and at its edges (from a cold review): embargo leaks, published files, escaping."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions


SITE = "https://newsroom.example.org/news/"
NOW = dt.datetime(2020, 1, 10, 12, 0, tzinfo=dt.timezone.utc)

ORG = "name: Example\nwebsite: https://example.org\nlanguage: en\nsite:\n  url: " + SITE + "\n"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def release(headline: str, date: str, *, extra: str = "", body: str = "Body text here.") -> str:
    return f"---\nheadline: {headline}\ndateline:\n  city: Geneva\n  date: {date}\n{extra}---\n\n{body}\n"


def opts(out: Path, now: dt.datetime = NOW, **kw) -> BuildOptions:
    return BuildOptions(out_dir=out, jobs=1, formats=("html", "txt", "site"), render=RenderOptions(site_url=SITE),
                        now=now, **kw)


def grep_site(out: Path, *needles: str) -> list[str]:
    hits = []
    for path in sorted((out / "site").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                if needle.encode() in data:
                    hits.append(f"{path.relative_to(out)}: {needle}")
    return hits


def test_held_translation_leaks_into_published_sibling(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    write(root, "en.md", release("Public English headline", "2020-01-09", extra="translation_key: pair\nlanguage: en\n"))
    write(root, "fr.md", release("Titre secret sous embargo", "2020-01-09",
                                 extra="translation_key: pair\nlanguage: fr\nembargo: 2020-02-01 09:00 Europe/Paris\n"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    assert report.held
    hits = grep_site(out, "Titre secret", "titre-secret")
    assert hits == [], hits


GIF_HTML = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<script>alert(document.domain)</script>"


def test_a_photo_named_html_is_published_as_a_page(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    (root / "pic.html").write_bytes(GIF_HTML)
    write(root, "a.md", release("Photo test", "2020-01-09", extra="photos:\n  - file: pic.html\n    alt: A picture\n"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert [(p.line, p.col, p.code) for p in report.all_problems if p.severity == "error"] == [(7, 11, "photo-name")]
    assert not (out / "site" / "releases" / "a").exists()  # refused where it is written, never published


SVG_SCRIPT = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.domain)</script></svg>'


def test_an_svg_logo_with_script_is_published(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG + "logo: logo.svg\n")
    write(root, "logo.svg", SVG_SCRIPT)
    write(root, "a.md", release("Logo test", "2020-01-09"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    logos = list((out / "site").rglob("logo.svg"))
    assert not any(b"<script" in p.read_bytes() for p in logos), logos


def test_markup_is_escaped_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG.replace("name: Example", 'name: "Ex <i>org</i> </script>"'))
    (root / "p.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")
    write(root, "a.md", release('"H </script><evil2 a=\'b\'> & ]]> --> end"', "2020-01-09",
                                extra="tags: ['<evil3>\"t\"', '</script><evil4>']\nphotos:\n  - file: p.gif\n"
                                      "    alt: \"<evil5>\\\"\"\n    caption: \"<evil6>'\"\n    credit: \"<evil7>\"\n",
                                body="First <evil8> sentence &amp; ]]> more. Second."))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    hits = [h for h in grep_site(out, *[f"<evil{i}" for i in range(1, 9)], "</script><")
            if not h.split(":")[0].endswith((".json", ".txt", ".ics"))]
    assert hits == [], hits
    import xml.etree.ElementTree as ET
    for name in ("feed.atom", "sitemap.xml", "news-sitemap.xml"):
        ET.parse(out / "site" / name)
    import json
    json.loads((out / "site" / "feed.json").read_text())


def gif(tag: bytes) -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + tag


def test_another_organisations_logo_replaces_the_newsrooms(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG + "logo: logo.gif\n")
    (root / "logo.gif").write_bytes(gif(b"REAL"))
    write(root, "a.md", release("Ours", "2020-01-01"))
    write(root, "z/organisation.yaml", "name: Intruder\nlanguage: en\nlogo: logo.gif\n")
    (root / "z" / "logo.gif").write_bytes(gif(b"FAKE"))
    write(root, "z/b.md", release("Theirs", "2020-01-09"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    logos = {p.relative_to(out / "site").as_posix(): p.read_bytes() for p in (out / "site" / "assets" / "logos").rglob("*.gif")}
    assert len(logos) == 2 and {data[-4:] for data in logos.values()} == {b"REAL", b"FAKE"}  # a folder each
    page = (out / "site" / "releases" / "a" / "index.html").read_text()
    ours = next(name for name, data in logos.items() if data.endswith(b"REAL"))
    assert ours in page and "intruder" not in page.lower()


def test_photo_names_never_collide(tmp_path: Path) -> None:
    from pressrelease.view.site_paths import media_name
    taken: set[str] = set()
    names = [media_name(i, n, taken) for i, n in enumerate(["3-a.gif", "a.gif", "a.gif"], 1)]
    assert len({name.casefold() for name in names}) == 3, names
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    (root / "3-a.gif").write_bytes(gif(b"ONE"))
    (root / "a.gif").write_bytes(gif(b"TWO"))
    (root / "y").mkdir()
    (root / "y" / "a.gif").write_bytes(gif(b"THREE"))
    write(root, "r.md", release("Photos", "2020-01-09", extra="photos:\n  - file: 3-a.gif\n    alt: one\n"
                                "  - file: a.gif\n    alt: two\n  - file: y/a.gif\n    alt: three\n"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    assert (out / "site/releases/r/media/3-a.gif").read_bytes().endswith(b"ONE")


def test_re_embargo_and_delete_remove_everything(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    write(root, "keep.md", release("Kept release", "2020-01-08", body="Zebra kept words."))
    gone = write(root, "secretslug.md", release("Quokka headline", "2020-01-09", extra="tags: [quokkatag]\n",
                                                body="Quokka body words."))
    out = tmp_path / "out"
    assert build([root], opts(out)).ok
    assert grep_site(out, "Quokka", "secretslug", "quokkatag")
    has_search = (out / "site" / "pagefind").is_dir()
    gone.write_text(gone.read_text().replace("tags:", "embargo: 2020-03-01 09:00 Europe/Paris\ntags:"))
    report = build([root], opts(out))
    assert report.ok and report.held, report.all_problems
    assert grep_site(out, "Quokka", "secretslug", "quokkatag", "quokka") == [], has_search
    # time passes: published again, then deleted
    later = dt.datetime(2020, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
    report = build([root], opts(out, now=later))
    assert not report.held and grep_site(out, "secretslug")
    gone.unlink()
    assert build([root], opts(out, now=later)).ok
    assert grep_site(out, "Quokka", "secretslug", "quokkatag", "quokka") == []
    again = build([root], opts(out, now=later))
    assert again.collected == [] and again.built == []


def search_hits(out: Path, needle: bytes) -> list[str]:
    import gzip
    found = []
    for path in sorted((out / "site" / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
            if needle in data:
                found.append(path.name)
    return found


@pytest.mark.parametrize("how", ["re-embargo", "delete"])
def test_search_index_forgets_a_page_that_left_the_site(tmp_path: Path, how: str) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    write(root, "keep.md", release("Kept release", "2020-01-08", body="Zebra kept words."))
    gone = write(root, "secretslug.md", release("Quokka headline", "2020-01-09", body="Quokka body words."))
    out = tmp_path / "out"
    assert build([root], opts(out)).ok
    assert search_hits(out, b"Quokka")
    if how == "delete":
        gone.unlink()
    else:
        gone.write_text(gone.read_text().replace("dateline:", "embargo: 2020-03-01 09:00 Europe/Paris\ndateline:"))
    assert build([root], opts(out)).ok
    assert not (out / "site/releases/secretslug/index.html").exists()
    assert search_hits(out, b"Quokka") == [], "held/deleted release still searchable"


def test_a_held_release_adds_no_language_to_the_site(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG)
    write(root, "a-en.md", release("Public one", "2020-01-09", extra="language: en\n"))
    write(root, "b-de.md", release("Geheime Meldung", "2020-01-09",
                                   extra="language: de\nembargo: 2020-02-01 09:00 Europe/Berlin\n"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok and report.held, report.all_problems
    names = sorted(p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*") if p.is_file())
    assert not [n for n in names if n.startswith("languages/")], names
    assert grep_site(out, "Deutsch", 'hreflang="de"') == []


def test_a_held_release_does_not_choose_the_sites_owner(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "a/organisation.yaml", "name: Secret Partner Org\nlanguage: en\nsite:\n  url: " + SITE + "\n")
    write(root, "a/a.md", release("Joint secret", "2020-01-09", extra="embargo: 2020-02-01 09:00 Europe/Berlin\n"))
    write(root, "z/organisation.yaml", ORG)
    write(root, "z/z.md", release("Public one", "2020-01-09"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok and report.held, report.all_problems
    assert grep_site(out, "Secret Partner") == []


def test_odd_tags_stay_inside(tmp_path: Path) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG + "  per_page: 1\n")
    tags = "['page', 'Page', '..', 'tag', '/etc', 'a/../../b', 'ｐａｇｅ', '2', 'feed.atom', 'index.html', '-_-']"
    for i in range(3):
        write(root, f"r{i}.md", release(f"Release {i}", f"2020-01-0{i + 1}", extra=f"tags: {tags}\n"))
    out = tmp_path / "out"
    report = build([root], opts(out))
    assert report.ok, report.all_problems
    files = [p for p in out.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in files)



@pytest.mark.parametrize("now,held", [(dt.datetime(2020, 1, 10, 22, 59, 59, 999999, tzinfo=dt.timezone.utc), True),
                                      (dt.datetime(2020, 1, 10, 23, 0, tzinfo=dt.timezone.utc), False),
                                      (dt.datetime(2020, 1, 11, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), False)])
def test_a_date_only_embargo_lifts_at_midnight_in_the_organisations_zone(tmp_path: Path, now, held) -> None:
    root = tmp_path / "src"
    write(root, "organisation.yaml", ORG + "timezone: Europe/Paris\n")
    write(root, "d.md", release("Dated", "2020-01-11", extra="embargo: 2020-01-11\n"))
    write(root, "e.md", release("Other", "2020-01-09"))
    out = tmp_path / "out"
    report = build([root], opts(out, now=now))
    assert report.ok, report.all_problems
    assert bool(report.held) is held and (out / "site/releases/d/index.html").exists() is not held
