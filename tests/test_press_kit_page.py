"""The newsroom's press-kit page (``site/press-kit/``): every part, escaping, languages, the ZIP, the copies.

The page is rendered from PressKit values made here (the organisation file's
``press_kit:`` reading is tested in test_press_kit_source.py); the build
stage's reading of the files (:mod:`pressrelease.build.press_kit`) runs on
real image files written with Pillow, and the builds write the same kit into
the organisation file as its ``press_kit:`` (``write_press_kit``), so it goes
through the source stage as any organisation file does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Mapping

import html5lib
import pytest
from PIL import Image

from pressrelease.build.press_kit import COPY_WIDTHS, read_press_kit
from pressrelease.formats import CopyFile
from pressrelease.formats.site.entries import Download, SiteConfig, SiteEntry
from pressrelease.formats.site.listings import ListingRenderer
from pressrelease.formats.site.navigation import navigation
from pressrelease.formats.site.press_kit import PressKitRenderer
from pressrelease.i18n import Labels
from pressrelease.model import Contact, Organisation
from pressrelease.model.press_kit import Asset, Colour, Fact, Person, PressKit
from pressrelease.theme import Theme
from pressrelease.view.press_kit import PressKitFiles
from pressrelease.view.site_paths import absolute, release_path

URL = "https://news.example.org/"


def _png(path: Path, size: tuple[int, int]) -> Path:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "secret author")  # metadata the copies must not carry
    Image.new("RGB", size, (200, 10, 10)).save(path, pnginfo=info)
    return path


def _jpeg(path: Path, size: tuple[int, int]) -> Path:
    exif = Image.Exif()
    exif[0x013B] = "secret artist"  # Artist
    Image.new("RGB", size, (10, 10, 200)).save(path, quality=90, exif=exif)
    return path


@pytest.fixture
def kit(tmp_path: Path) -> tuple[Organisation, PressKit]:
    return make_kit(tmp_path / "newsroom")


def make_kit(folder: Path) -> tuple[Organisation, PressKit]:
    """An organisation and a press kit of every kind of file, written into ``folder``."""
    folder.mkdir()
    logo = _png(folder / "logo.png", (2000, 1000))
    icon = _png(folder / "icon.png", (200, 200))
    (folder / "facts.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    ceo = _jpeg(folder / "ceo.jpg", (1200, 1600))
    organisation = Organisation(
        name="Example Council", website="https://www.example.org/", boilerplate="We **help** cities.",
        contacts=(Contact(name="Ann Lee", role="Press officer", email="press@example.org",
                          phones=("+41 22 919 41 58",)),))
    press_kit = PressKit(
        facts=(Fact({"": "Founded", "fr": "Fondée"}, {"": "1889"}),
               Fact({"": "Headquarters", "fr": "Siège"}, {"": "Geneva", "fr": "Genève"})),
        people=(Person("Jane Doe", {"": "Secretary General", "fr": "Secrétaire générale"}, ceo,
                       {"": "Jane *leads* the council.", "fr": "Jane *dirige* le conseil."}, "Example/J. Smith"),),
        assets=(Asset(logo, "Logo (PNG)", "Example Council", "Editorial use only"),
                Asset(folder / "logo.svg", "Logo (SVG)"), Asset(icon, "Icon"),
                Asset(folder / "facts.pdf", "Fact sheet", usage="Free to use")),
        colours=(Colour("Council red", "#C00000"), Colour("Ink", "#1a1a1a")))
    return organisation, press_kit


def config(languages: tuple[str, ...] = ("en",), press_kit: bool = True) -> SiteConfig:
    return SiteConfig(url=URL, title="Example Newsroom", per_page=20, languages=languages,
                      organisation="Example Council", organisation_url="https://www.example.org/",
                      logo="assets/logo.png", press_kit=press_kit)


def entry(number: int, headline: str = "") -> SiteEntry:
    slug = f"2026-12-{number:02d}-release"
    day = dt.date(2026, 12, number)
    moment = dt.datetime.combine(day, dt.time(9), dt.timezone.utc)
    return SiteEntry(slug=slug, id=f"tag:news.example.org,2026:{slug}", url=absolute(URL, release_path(slug)),
                     path=release_path(slug), headline=headline or f"Headline {number}", language="en",
                     direction="ltr", kind="Press Release", date=day, published=moment, modified=moment,
                     downloads=(Download("pdf", f"{release_path(slug)}{slug}.pdf", 12345, "application/pdf"),))


def rendered(files: PressKitFiles, site: SiteConfig | None = None, entries: list[SiteEntry] | None = None,
             ) -> dict[str, bytes | CopyFile]:
    return PressKitRenderer(Theme()).render(site or config(), files, entries or [], Labels)


def page(out: dict[str, bytes | CopyFile], path: str = "press-kit/index.html") -> str:
    data = out[path]
    assert isinstance(data, bytes)
    html = data.decode("utf-8")
    html5lib.HTMLParser(strict=True).parse(html)
    return html


def test_the_page_shows_every_part(kit: tuple[Organisation, PressKit]) -> None:
    problems: list = []
    files = read_press_kit(*kit, problems)
    assert problems == []
    html = page(rendered(files, entries=[entry(n) for n in range(1, 8)]))
    assert "<h1>Press kit</h1>" in html and "About Example Council" in html
    assert "We <strong>help</strong> cities." in html
    assert "<dt>Founded</dt><dd>1889</dd>" in html and "<dt>Headquarters</dt><dd>Geneva</dd>" in html
    assert "<h3>Jane Doe</h3>" in html and "Secretary General" in html and "Jane <em>leads</em> the council." in html
    assert 'alt="Photo of Jane Doe"' in html and "Credit: Example/J. Smith" in html
    assert 'srcset="files/ceo-480w.jpg 480w, files/ceo-960w.jpg 960w, files/ceo.jpg 1200w"' in html
    assert '<a href="files/logo.png" download type="image/png">Logo (PNG)</a>' in html
    assert "2000 × 1000 px" in html and "Credit: Example Council" in html and "Usage: Editorial use only" in html
    assert '<a href="files/logo.svg" download type="image/svg+xml">Logo (SVG)</a>' in html and ">SVG<" in html
    assert '<img src="files/logo.svg" alt="" loading="lazy">' in html and '<img src="files/facts.pdf"' not in html
    assert '<a href="files/facts.pdf" download type="application/pdf">Fact sheet</a>' in html and ">PDF<" in html
    assert '960 px wide' in html and "Smaller copies" in html
    assert 'fill="#C00000"' in html and "<code dir=\"ltr\">#C00000</code>" in html and "Council red" in html
    assert "<bdi>Ann Lee</bdi>, <bdi>Press officer</bdi>" in html and 'href="tel:+41229194158"' in html
    assert 'href="mailto:press@example.org"' in html
    assert 'href="example-council-press-kit.zip" download type="application/zip"' in html
    assert html.count('href="../releases/') == 2 * 5  # the five latest, each with its PDF
    assert 'href="../releases/2026-12-01-release/2026-12-01-release.pdf" download' in html
    assert "style=" not in html and "<style" not in html  # the theme's pages never carry inline styles


def test_a_contact_is_printed_as_the_release_prints_it(reference) -> None:  # type: ignore[no-untyped-def]
    """One macro (contact.html): the press kit's contacts are the release's markup, tel: links included."""
    from pressrelease.api import render_html
    from pressrelease.model import Phone

    contact = Contact(name="Ann Lee", role="Press officer", organisation="Example Council", email="press@example.org",
                      phones=(Phone("+41 22 919 41 58 ext. 12", "mornings"), Phone("+1.617.253.5628")))
    organisation = replace(reference.organisation, contacts=(contact,), labels={})  # the page's labels: Labels
    release = replace(reference, organisation=organisation)
    html = page(rendered(read_press_kit(organisation, PressKit(), [])))
    (shown,) = re.findall(r'<address class="contact">.*?</address>', html, re.S)
    assert re.findall(r'<address class="contact">.*?</address>', render_html(release), re.S) == [shown]
    assert '<a href="tel:+41229194158" dir="ltr">+41 22 919 41 58 ext. 12 (mornings)</a>' in shown
    assert '<a href="tel:+16172535628" dir="ltr">+1.617.253.5628</a>' in shown
    assert "<bdi>Example Council</bdi>, <bdi>Ann Lee</bdi>, <bdi>Press officer</bdi>" in shown


def test_hostile_text_is_escaped(kit: tuple[Organisation, PressKit]) -> None:
    organisation, press_kit = kit
    evil = '<script>alert("x")</script>'
    hostile = replace(press_kit, facts=(Fact({"": evil}, {"": evil}),),
                      people=(Person(evil, {"": evil}, None, {"": f"Bio {evil} [x](javascript:alert(1))"}, evil),),
                      assets=(replace(press_kit.assets[0], title=evil, credit=evil, usage=evil),),
                      colours=(Colour(evil, '#fff" onload="alert(1)'), Colour("ok", "#fff")))
    files = read_press_kit(replace(organisation, name="A & <B>", boilerplate=f"Hi {evil}"), hostile, [])
    html = page(rendered(files, entries=[entry(1, headline=evil)]))
    body = html.split("</head>")[1]
    assert "<script" not in body and 'href="javascript:' not in body and 'onload="' not in body
    assert "&lt;script&gt;" in body and "About A &amp; &lt;B&gt;" in body
    assert html.count("<svg") == 1  # the colour whose value is not a hex colour has no swatch
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None and json.loads(ld.group(1))["name"] == "A & <B>" and "<" not in ld.group(1)


def test_facts_roles_bios_and_labels_follow_the_page_language(kit: tuple[Organisation, PressKit]) -> None:
    files = read_press_kit(*kit, [])
    out = rendered(files, config(("en", "fr")))
    english, french = page(out), page(out, "languages/fr/press-kit/index.html")
    assert '<html lang="fr"' in french and "<h1>Dossier de presse</h1>" in french
    assert "<dt>Fondée</dt><dd>1889</dd>" in french and "<dt>Siège</dt><dd>Genève</dd>" in french
    assert "Secrétaire générale" in french and "Jane <em>dirige</em> le conseil." in french
    assert "Chiffres clés" in french and "Tout télécharger (ZIP)" in french
    assert 'href="../../../press-kit/files/logo.png"' in french  # one copy of every file, for every language
    assert "<dt>Founded</dt>" in english and 'href="../languages/fr/press-kit/" hreflang="fr"' in english
    assert "Fondée" not in english


def test_the_zip_repeats_byte_for_byte_and_holds_every_file(kit: tuple[Organisation, PressKit]) -> None:
    organisation, press_kit = kit
    first = read_press_kit(organisation, press_kit, []).archive
    for asset in press_kit.assets:  # a later build: the files touched, not changed
        os.utime(asset.file, (1_900_000_000, 1_900_000_000))
    second = read_press_kit(organisation, press_kit, []).archive
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names)
        expected = {f"example-council-press-kit/{a.file.name}" for a in press_kit.assets} | \
            {"example-council-press-kit/ceo.jpg"}
        assert set(names) == expected
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.external_attr >> 16 == 0o100644
            assert info.compress_type == zipfile.ZIP_STORED  # the same bytes whatever deflate the machine has
        for asset in press_kit.assets:
            assert archive.read(f"example-council-press-kit/{asset.file.name}") == asset.file.read_bytes()


def test_large_rasters_get_narrower_copies_and_the_originals_are_published_as_they_are(
        kit: tuple[Organisation, PressKit]) -> None:
    organisation, press_kit = kit
    before = {asset.file: asset.file.read_bytes() for asset in press_kit.assets}
    files = read_press_kit(organisation, press_kit, [])
    logo = files.files[str(press_kit.assets[0].file)]
    assert [copy.width for copy in logo.copies] == [w for w in COPY_WIDTHS if w < 2000]
    for copy in logo.copies:
        with Image.open(io.BytesIO(copy.data)) as image:
            assert image.size == (copy.width, copy.height) and image.width < 2000
            assert image.format == "PNG" and "Author" not in image.info and not image.text  # type: ignore[attr-defined]
    photo = files.files[str(press_kit.people[0].photo)]
    assert [copy.width for copy in photo.copies] == [480, 960]
    for copy in photo.copies:
        with Image.open(io.BytesIO(copy.data)) as image:
            assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert files.files[str(press_kit.assets[2].file)].copies == ()  # 200 px wide: small enough
    assert read_press_kit(organisation, press_kit, []).files[str(press_kit.assets[0].file)].copies == logo.copies
    out = rendered(files)
    original = out["press-kit/files/logo.png"]
    assert isinstance(original, CopyFile) and original.source == str(press_kit.assets[0].file)
    assert original.sha256 == hashlib.sha256(before[press_kit.assets[0].file]).hexdigest()
    assert out["press-kit/files/logo-960w.png"] == logo.copies[1].data
    assert {asset.file: asset.file.read_bytes() for asset in press_kit.assets} == before


def test_a_file_that_cannot_be_read_is_a_warning_and_left_out(kit: tuple[Organisation, PressKit]) -> None:
    organisation, press_kit = kit
    press_kit.assets[3].file.unlink()
    problems: list = []
    files = read_press_kit(organisation, press_kit, problems)
    assert len(problems) == 1 and problems[0].severity == "warning" and "facts.pdf" in problems[0].message
    html = page(rendered(files))
    assert "Fact sheet" not in html and "Logo (PNG)" in html


def test_the_organization_json_ld(kit: tuple[Organisation, PressKit]) -> None:
    html = page(rendered(read_press_kit(*kit, [])))
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "Organization" and data["name"] == "Example Council"
    assert data["url"] == "https://www.example.org/" and data["sameAs"] == ["https://www.example.org/"]
    assert data["logo"] == URL + "assets/logo.png"
    assert data["contactPoint"] == [{"@type": "ContactPoint", "contactType": "media relations", "name": "Ann Lee",
                                     "email": "press@example.org", "telephone": "+41 22 919 41 58"}]


def test_every_page_links_to_the_press_kit_when_the_site_has_one() -> None:
    labels = Labels("en")
    links = [link.text for link in navigation(config(), labels, "releases/x/").links]
    assert "Press kit" in links
    assert "Press kit" not in [link.text for link in navigation(config(press_kit=False), labels, "").links]
    files = ListingRenderer(Theme()).render(config(("en", "fr")), [entry(1)], Labels)
    for path, data in files.items():
        if path.endswith(".html"):
            html = data.decode("utf-8")
            assert re.search(r'<a href="(\.\./)*press-kit/"', html) or "https://news.example.org/press-kit/" in html, path


def test_the_built_site_has_the_press_kit(kit: tuple[Organisation, PressKit], tmp_path: Path) -> None:
    """Through the build: the site's owner's organisation file read by the build stage, its files published."""
    from helpers import REFERENCE

    from pressrelease.build import BuildOptions, build
    from pressrelease.build.manifest import MANIFEST_NAME
    from pressrelease.formats import RenderOptions
    from pressrelease.source.loader import load_organisation

    root = tmp_path / "releases"
    shutil.copytree(REFERENCE.parent, root)
    kit = make_kit(root / "newsroom")  # inside the organisation file's folder, as the source stage requires
    write_press_kit(root / "organisation.yaml", kit[1])
    read = load_organisation(root / "organisation.yaml").press_kit  # the YAML says what make_kit's values say
    assert read is not None and read.assets == kit[1].assets and read.colours == kit[1].colours
    assert [person.name for person in read.people] == ["Jane Doe"] and len(read.facts) == 2
    out = tmp_path / "out"
    options = BuildOptions(out_dir=out, jobs=1, formats=("html", "pdf", "site"),
                           render=RenderOptions(site_url="https://newsroom.example.org/news/"))
    report = build([root], options)
    assert report.ok, report.all_problems
    (entry,) = json.loads((out / MANIFEST_NAME).read_text("utf-8"))["entries"].values()
    read_from = Path(entry["summary"]["organisation_file"])  # the file the build stage reads the kit from
    assert read_from.name == "organisation.yaml" and read_from == (root / "organisation.yaml").resolve()
    assert {str(read_from), *(str(asset.file.resolve()) for asset in kit[1].assets)} <= set(entry["inputs"])
    site = out / "site"
    html = (site / "press-kit" / "index.html").read_text("utf-8")
    assert "Jane Doe" in html and "Inter-Parliamentary Union" in html and ".pdf\" download" in html
    assert (site / "press-kit" / "files" / "logo.png").read_bytes() == kit[1].assets[0].file.read_bytes()
    assert (site / "press-kit" / "files" / "logo-480w.png").is_file()
    archive = next((site / "press-kit").glob("*.zip")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert len(opened.namelist()) == 5
    assert 'press-kit/"' in (site / "index.html").read_text("utf-8")
    release = (site / "releases" / REFERENCE.stem / "index.html").read_text("utf-8")
    assert '<li><a href="../../press-kit/">Press kit</a></li>' in release  # the release page's navigation
    assert '<p class="press-kit-link"><a href="../../press-kit/">Press kit</a></p>' in release  # its media kit
    assert "press-kit/" in (site / "sitemap.xml").read_text("utf-8")
    assert build([root], options).ok  # nothing changed: the same ZIP
    assert next((site / "press-kit").glob("*.zip")).read_bytes() == archive
    _png(kit[1].assets[0].file, (1000, 500))  # a new logo under the same name: published again
    assert build([root], options).ok
    assert (site / "press-kit" / "files" / "logo.png").read_bytes() == kit[1].assets[0].file.read_bytes()
    assert not (site / "press-kit" / "files" / "logo-1920w.png").exists()


def write_press_kit(organisation_file: Path, press_kit: PressKit) -> None:
    """Give the organisation file ``press_kit`` as its ``press_kit:`` mapping, in YAML, in place of the one it
    has (its last key): the build reads it through the source stage, as it reads any organisation file."""
    text = organisation_file.read_text(encoding="utf-8")
    kept = text[:found.start()] if (found := re.search(r"^press_kit:", text, re.M)) else text
    organisation_file.write_text(kept + kit_yaml(press_kit, organisation_file.parent), encoding="utf-8")


def kit_yaml(kit: PressKit, folder: Path) -> str:
    """``press_kit:`` in YAML for ``kit`` (files relative to ``folder``); a text for every language is written
    as the text for English, the first given."""
    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False) if text else ""  # a JSON string is a YAML double-quoted one

    def by_language(texts: Mapping[str, str]) -> str:
        others = [f"{tag}: {quoted(text)}" for tag, text in texts.items() if tag]
        return "{" + ", ".join([f"en: {quoted(texts[''])}", *others]) + "}" if others else quoted(texts.get("", ""))

    def file(path: Path | None) -> str:
        return quoted(path.relative_to(folder).as_posix()) if path is not None else ""

    def section(key: str, items: list[dict[str, str]]) -> list[str]:
        listed = ["    - {" + ", ".join(f"{name}: {value}" for name, value in fields.items() if value) + "}"
                  for fields in items]
        return [f"  {key}:", *listed] if listed else []

    return "\n".join([
        "press_kit:",
        *section("facts", [{"label": by_language(fact.label), "value": by_language(fact.value)} for fact in kit.facts]),
        *section("people", [{"name": quoted(person.name), "role": by_language(person.role), "photo": file(person.photo),
                             "photo_credit": quoted(person.photo_credit), "bio": by_language(person.bio)}
                            for person in kit.people]),
        *section("assets", [{"file": file(asset.file), "title": quoted(asset.title), "credit": quoted(asset.credit),
                             "usage": quoted(asset.usage)} for asset in kit.assets]),
        *section("colours", [{"name": quoted(colour.name), "hex": quoted(colour.hex)} for colour in kit.colours]),
    ]) + "\n"


def test_a_two_language_organisation_gets_its_press_kit_in_each(tmp_path: Path) -> None:
    """tests/data/press-kit: facts, roles and bios in English and French; a page in each site language."""
    import shutil

    from pressrelease.build import BuildOptions, build as build_site

    source = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "data" / "press-kit", source)
    out = tmp_path / "out"
    report = build_site([source], BuildOptions(out_dir=out, formats=("html", "site"), jobs=1))
    assert report.ok, report.all_problems
    english = (out / "site" / "press-kit" / "index.html").read_text(encoding="utf-8")
    french = (out / "site" / "languages" / "fr" / "press-kit" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "<h1>Press kit</h1>" in english and "Headquarters" in english
    assert '<html lang="fr"' in french and "<h1>Dossier de presse</h1>" in french
    assert "Siège" in french and "Genève (Suisse)" in french and "Geneva, Switzerland" not in french
    zips = sorted((out / "site" / "press-kit").glob("*.zip"))
    assert len(zips) == 1 and not list((out / "site" / "languages" / "fr" / "press-kit").glob("*.zip"))  # shared


def test_a_kit_file_changed_after_it_was_checked_is_not_published(tmp_path: Path) -> None:
    """The build reads each file again: a link out of the folder, a script in an SVG or an image over the
    pixel limit that appeared since the organisation file was read is a warning and left out."""
    from pressrelease.build.press_kit import read_press_kit

    organisation, kit = make_kit(tmp_path / "newsroom")
    organisation = dataclasses.replace(organisation, base_dir=tmp_path / "newsroom")
    (tmp_path / "secret.txt").write_text("SECRET", encoding="utf-8")
    (tmp_path / "newsroom" / "facts.pdf").unlink()
    (tmp_path / "newsroom" / "facts.pdf").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "newsroom" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
    problems: list = []
    files = read_press_kit(organisation, kit, problems)
    published = {Path(path).name for path in files.files}
    assert "facts.pdf" not in published and "logo.svg" not in published and "logo.png" in published
    assert sorted(p.message.split(":")[0] for p in problems) == ["cannot publish facts.pdf in the press kit",
                                                                   "cannot publish logo.svg in the press kit"]
    assert b"SECRET" not in files.archive
