"""`press_kit:` in an organisation file: every field read, every mistake located, texts by language."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pressrelease import SourceError
from pressrelease.cli import main
from pressrelease.model import Organisation, PressKit, localised
from pressrelease.errors import ModelTypeError
from pressrelease.source import Loader

from helpers import ROOT

KIT = ROOT / "tests" / "data" / "press-kit"
PNG = ROOT / "tests" / "data" / "press-kit" / "kit" / "logo-mark.png"
JPEG = ROOT / "tests" / "data" / "press-kit" / "kit" / "portrait-keller.jpg"
PDF = ROOT / "tests" / "data" / "press-kit" / "kit" / "fiche.pdf"


def organisation(folder: Path, kit: str) -> Path:
    """An organisation file in ``folder`` whose press_kit is ``kit`` (indented YAML, after 'press_kit:')."""
    path = folder / "organisation.yaml"
    path.write_text("name: Example\npress_kit:\n" + kit, encoding="utf-8")
    return path


def problems(path: Path) -> list:
    with pytest.raises(SourceError) as caught:
        Loader().organisation(path)
    return list(caught.value.problems)


def test_every_field_of_the_two_language_kit_is_read() -> None:
    org = Loader().organisation(KIT / "organisation.yaml")
    kit = org.press_kit
    assert isinstance(kit, PressKit)
    assert [localised(fact.label, "fr") for fact in kit.facts] == ["Fondée en", "Siège", "Membres", "Direction"]
    assert localised(kit.facts[0].value, "fr") == "2001"
    assert localised(kit.facts[1].value, "en") == "Geneva, Switzerland"
    keller = kit.people[0]
    assert keller.name == "Anna Keller"
    assert localised(keller.role, "fr") == "Présidente"
    assert keller.photo == (KIT / "kit" / "portrait-keller.jpg").resolve()
    assert keller.photo_credit == "© Lakeside Water Cooperative"
    assert "*hydrologue*" in localised(keller.bio, "fr")
    assert "*hydrologist*" in localised(keller.bio, "en")
    assert [asset.file.name for asset in kit.assets] == ["logo.svg", "logo-mark.png", "brand-lake.jpg", "fiche.pdf"]
    assert kit.assets[2].usage == "Editorial use only" and kit.assets[2].credit == "© Lakeside Water Cooperative"
    assert kit.assets[3].credit == "" and kit.assets[3].title == "Fact sheet (PDF, French)"
    assert [(colour.name, colour.hex) for colour in kit.colours] == [("Lake blue", "#126E82"), ("White", "#ffffff")]


def test_per_language_texts_fall_back_to_the_base_language_then_the_first_given() -> None:
    kit = Loader().organisation(KIT / "organisation.yaml").press_kit
    assert kit is not None
    role = kit.people[0].role
    assert localised(role, "fr-CH") == "Présidente"  # the base language's
    assert localised(role, "de") == "Chair"  # the first given, for a language without its own
    assert localised(kit.facts[0].value, "de") == "2001"  # one text for every language


def test_the_reference_organisation_has_a_placeholder_kit() -> None:
    kit = Loader().organisation(ROOT / "releases" / "organisation.yaml").press_kit
    assert kit is not None
    files = [asset.file for asset in kit.assets]
    assert [file.name for file in files] == ["placeholder-logo.png", "placeholder-fact-sheet.pdf"]
    assert files[1].read_bytes().startswith(b"%PDF-")
    assert [person.name for person in kit.people] == ["Jemini Pandya"]
    values = {localised(fact.label, "en"): localised(fact.value, "en") for fact in kit.facts}
    assert values["Headquarters"] == "Geneva"
    assert all("placeholder" in value for label, value in values.items() if label in ("Founded", "Members"))


def test_an_organisation_without_a_kit_has_none(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text("name: Example\n", encoding="utf-8")
    assert Loader().organisation(tmp_path / "organisation.yaml").press_kit is None


def test_the_model_checks_the_kit_type() -> None:
    with pytest.raises(ModelTypeError, match="press_kit"):
        Organisation(name="Example", press_kit={"facts": []})  # type: ignore[arg-type]


MISTAKES = {
    "wrong type of kit": ("  - facts\n", 3, 3, "must be a mapping", "type"),
    "facts not a list": ("  facts: founded 1889\n", 3, 10, "must be a list", "type"),
    "a fact without a value": ("  facts:\n    - label: Founded\n", 4, 7, "missing required field 'press_kit.facts[0].value'",
                               "missing-field"),
    "a person without a name": ("  people:\n    - role: Chair\n", 4, 7, "missing required field", "missing-field"),
    "an asset without a title": ("  assets:\n    - file: logo.png\n", 4, 7, "press_kit.assets[0].title", "missing-field"),
    "a label on two lines": ('  facts:\n    - {label: "A\\nB", value: x}\n', 4, 15, "single line", "newline"),
    "a role that is a list": ("  people:\n    - name: A\n      role: [a, b]\n", 5, 13, "must be text", "type"),
    "an unknown language": ("  facts:\n    - {label: {english: A}, value: x}\n", 4, 16, "'english' is not a known",
                            "language"),
    "a language twice": ("  facts:\n    - {label: {en: A, EN: B}, value: x}\n", 4, 23, "twice", "duplicate"),
    "a photo outside": ("  people:\n    - {name: A, photo: ../outside.png}\n", 4, 24, "outside", "file-outside"),
    "a photo that is not an image": ("  people:\n    - {name: A, photo: notes.png}\n", 4, 24, "is not a PNG", "file-type"),
    "a photo that is a PDF": ("  people:\n    - {name: A, photo: sheet.pdf}\n", 4, 24, "is not a PNG", "file-type"),
    "a photo named after another kind": ("  people:\n    - {name: A, photo: photo.png}\n", 4, 24, "is a JPEG file",
                                         "file-name"),
    "a PDF that is not one": ("  assets:\n    - {file: fake.pdf, title: T}\n", 4, 14, "nor a PDF", "file-type"),
    "a missing asset": ("  assets:\n    - {file: gone.pdf, title: T}\n", 4, 14, "does not exist", "file-missing"),
    "a bad hex": ('  colours:\n    - {name: Blue, hex: "#12345"}\n', 4, 25, "#RRGGBB", "colour"),
    "a short hex": ('  colours:\n    - {name: Blue, hex: "#fff"}\n', 4, 25, "#RRGGBB", "colour"),
    "an unquoted hex": ("  colours:\n    - name: Blue\n      hex: #00558c\n", 5, 11, "hex is empty", "colour"),
    "an unknown key": ("  colors:\n    - {name: Blue, hex: \"#00558c\"}\n", 3, 3, "unknown field 'press_kit.colors'",
                       "unknown-field"),
    "an unknown key of a person": ("  people:\n    - {name: A, biography: x}\n", 4, 17, "unknown field", "unknown-field"),
    # from a review: a bio's image was shown from its address (a tracker's), or broken (a local file is not published)
    "a bio with a remote image": ("  people:\n    - name: A\n      bio: 'Hi ![x](https://tracker.example/x.png)'\n",
                                  5, 12, "shows an image ('https://tracker.example/x.png')", "bio-image"),
    "a bio nested too deep": ("  people:\n    - name: A\n      bio: '" + "- " * 1000 + "x'\n", 5, 12,
                              "the limit is 20", "nesting"),  # a RecursionError in the build's collection stage
    "a bio with a local image": ("  people:\n    - name: A\n      bio: {en: Hi, fr: '<img src=logo.png>'}\n",
                                 5, 12, "shows an image ('logo.png')", "bio-image"),
}


def _workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "org"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG.read_bytes())
    (folder / "notes.png").write_text("not a picture\n", encoding="utf-8")
    (folder / "fake.pdf").write_text("not a PDF\n", encoding="utf-8")
    shutil.copy(PDF, folder / "sheet.pdf")
    shutil.copy(JPEG, folder / "photo.png")
    shutil.copy(PNG, folder / "logo.png")
    return folder


@pytest.mark.parametrize("name", MISTAKES)
def test_a_mistake_is_located_with_a_hint(name: str, tmp_path: Path) -> None:
    kit, line, col, words, code = MISTAKES[name]
    found = problems(organisation(_workspace(tmp_path), kit))
    assert [(p.line, p.col, p.code) for p in found] == [(line, col, code)], [str(p) for p in found]
    assert words in found[0].message
    assert found[0].hint


def test_an_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    found = problems(organisation(tmp_path, '  colors:\n    - {name: Blue, hex: "#00558c"}\n'))
    assert found[0].hint == "did you mean 'colours'?"
    found = problems(organisation(tmp_path, "  people:\n    - {name: A, photo_credits: x}\n"))
    assert found[0].hint == "did you mean 'photo_credit'?"


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    kit = ('  facts:\n    - label: A\n  people:\n    - {name: A, photo: notes.png}\n'
           '  assets:\n    - {file: fake.pdf, title: T}\n  colours:\n    - {name: B, hex: "#xyzxyz"}\n')
    found = problems(organisation(folder, kit))
    assert [p.line for p in found] == [4, 6, 8, 10]


@pytest.mark.parametrize(("key", "limit", "item"), [
    ("facts", 50, "{label: A, value: B}"),
    ("people", 50, "{name: A}"),
    ("assets", 100, "{file: logo.png, title: T}"),
    ("colours", 50, '{name: A, hex: "#000000"}'),
])
def test_over_a_limit(key: str, limit: int, item: str, tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    at_limit = organisation(folder, f"  {key}:\n" + f"    - {item}\n" * limit)
    assert len(getattr(Loader().organisation(at_limit).press_kit, key)) == limit
    found = problems(organisation(folder, f"  {key}:\n" + f"    - {item}\n" * (limit + 1)))
    assert [(p.line, p.code) for p in found] == [(4 + limit, "press-kit-limit")]
    assert f"at most {limit}" in found[0].message


def test_an_asset_over_50_mb(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    with (folder / "big.pdf").open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(50_000_001)
    found = problems(organisation(folder, "  assets:\n    - {file: big.pdf, title: T}\n"))
    assert "the limit for a PDF is 50 MB" in found[0].message


def test_an_svg_asset_and_a_hidden_folder(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    shutil.copy(KIT / "kit" / "logo.svg", folder / "logo.svg")
    assert Loader().organisation(organisation(folder, "  assets:\n    - {file: logo.svg, title: T}\n")).press_kit
    (folder / ".git").mkdir()
    shutil.copy(PNG, folder / ".git" / "logo.png")
    found = problems(organisation(folder, "  assets:\n    - {file: .git/logo.png, title: T}\n"))
    assert found[0].code == "file-outside"


def test_a_release_may_not_override_the_kit(tmp_path: Path) -> None:
    (tmp_path / "organisation.yaml").write_text("name: Example\n", encoding="utf-8")
    release = tmp_path / "release.md"
    release.write_text("---\nheadline: A\ndateline: {city: Geneva, date: 2016-02-19}\n"
                       "organisation:\n  press_kit: {}\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        Loader().load(release)
    assert [(p.line, p.code) for p in caught.value.problems] == [(5, "unknown-field")]


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def test_check_agrees_with_build(tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    organisation(folder, '  assets:\n    - {file: fake.pdf, title: T}\n  colours:\n    - {name: B, hex: "#12"}\n')
    (folder / "release.md").write_text("---\nheadline: A\ndateline: {city: Geneva, date: 2016-02-19}\n---\n"
                                       "Body.\n", encoding="utf-8")
    code, checked = run("check", str(folder))
    assert code == 1
    located = [line for line in checked.splitlines() if "organisation.yaml:" in line]
    assert [line.split(": error")[0].rsplit(":", 2)[1:] for line in located] == [["4", "14"], ["6", "22"]]
    code, built = run("build", str(folder), "-o", str(tmp_path / "out"), "--format", "html", "-j", "1")
    assert code != 0
    assert all(line in built for line in located)
    organisation(folder, '  colours:\n    - {name: B, hex: "#123456"}\n')
    assert run("check", str(folder))[0] == 0


@pytest.mark.parametrize("content", [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
    # from a review: a namespace prefix, character references, a style sheet instruction, an animated link
    '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(document.domain)</s:script></s:svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<a xlink:href="jav&#x61;script&#x3a;alert(1)"><rect/></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><s xmlns="x"/>'
    '<h:iframe srcdoc="&lt;script&gt;x&lt;/script&gt;"/></svg>',
    '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>',
])
def test_an_svg_asset_that_could_run_a_script_is_refused(tmp_path: Path, content: str) -> None:
    """The site publishes an asset as a file of its own: opened there, an SVG's script would run on the site."""
    from pressrelease.errors import PressReleaseError
    from pressrelease.source import Loader

    (tmp_path / "kit").mkdir()
    (tmp_path / "kit" / "logo.svg").write_text(content, encoding="utf-8")
    (tmp_path / "organisation.yaml").write_text(
        "name: X\npress_kit:\n  assets:\n    - file: kit/logo.svg\n      title: Logo\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("---\nheadline: Hi\ndateline: {city: Geneva, date: 2020-01-01}\n---\nBody.\n",
                                   encoding="utf-8")
    with pytest.raises(PressReleaseError) as caught:
        Loader().load(tmp_path / "a.md")
    # refused where it is named: as an SVG that could run a script, or (a prefixed root) as no picture at all
    assert [(p.line, p.col) for p in caught.value.problems] == [(4, 13)]
    assert caught.value.problems[0].code in ("svg-script", "file-type")


def test_an_svg_picture_with_only_its_own_parts_is_accepted() -> None:
    from pressrelease.source.images import active_svg

    assert active_svg(b'<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" '
                      b'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><g id="a"><rect '
                      b'width="4" height="4" fill="#126e82"/></g></defs><use xlink:href="#a"/></svg>') == ""
