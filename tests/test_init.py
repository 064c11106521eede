"""``pressrelease init``: a newsroom that checks and builds at once, questions on a terminal, no overwriting."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pressrelease import load
from pressrelease.cli import main
from pressrelease.source.loader import load_organisation
from pressrelease.source.newsroom import (GITIGNORE, Newsroom, ci_workflow, machine_time_zone, newsroom_files,
                                          value_problem, write_newsroom, yaml_string)
from pressrelease.source.sample_photo import SAMPLE_PHOTO_SIZE, sample_photo_png
from pressrelease.version import __version__

from helpers import ROOT

OPTIONS = ["--name", "Example Press Office", "--website", "https://press.example.org", "--city", "Geneva",
           "--language", "en-GB", "--timezone", "Europe/Zurich", "--email", "press@example.org"]


class FakeTerminal(io.StringIO):
    """Typed answers, one a line, on what init takes for a terminal."""

    def isatty(self) -> bool:
        return True


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def piped(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin is not a terminal (as under pytest, CI, or `< /dev/null`)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_init_then_check_and_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piped: None) -> None:
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    code, out, err = run("init", *OPTIONS)
    assert (code, err) == (0, "")
    today = dt.date.today().isoformat()
    release = f"releases/{today}-example-press-office-opens-its-newsroom.md"
    assert files_under(tmp_path) == {"releases/organisation.yaml", release, "releases/photos/sample.png",
                                     ".gitignore", ".github/workflows/releases.yml"}
    assert out.splitlines()[0] == "wrote releases/organisation.yaml"
    # what CI runs (docs/ci.md: check --strict) passes, and build finds releases/ without options
    assert run("check", "--strict") == (0, "checked 1 release: 1 ok, 0 with errors, 0 with warnings "
                                           "(0 errors, 0 warnings)\n", "")
    code, _, err = run("build", "--format", "html,txt,pdf", "--quiet")
    assert (code, err) == (0, "")
    stem = Path(release).stem
    assert {p.name for p in (tmp_path / "dist").glob(f"{stem}.*")} == {f"{stem}.html", f"{stem}.txt", f"{stem}.pdf"}
    text = (tmp_path / "dist" / f"{stem}.txt").read_text(encoding="utf-8")
    assert "Example Press Office opens its newsroom" in text and "press@example.org" in text
    html = (tmp_path / "dist" / f"{stem}.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html  # the sample photo is in the page
    assert "opens its newsroom" in PdfReader(tmp_path / "dist" / f"{stem}.pdf").pages[0].extract_text()
    # `new` finds the organisation file init wrote
    code, out, err = run("new", "A second release")
    assert (code, err) == (0, "") and out == f"wrote {Path('releases', f'{today}-a-second-release.md')}\n"
    assert load(tmp_path / "releases" / f"{today}-a-second-release.md").dateline.city == "Geneva"


def test_the_files_hold_the_answers(tmp_path: Path, piped: None) -> None:
    code, out, err = run("init", str(tmp_path / "newsroom"), *OPTIONS)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("next: cd ") and "note:" not in out
    org = load_organisation(tmp_path / "newsroom" / "releases" / "organisation.yaml")
    assert (org.name, org.website, org.city, org.language) == (
        "Example Press Office", "https://press.example.org", "Geneva", "en-GB")
    assert [c.email for c in org.contacts] == ["press@example.org"]
    assert "Replace this paragraph" in org.boilerplate
    assert (tmp_path / "newsroom" / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert {"dist/", "__pycache__/", ".venv/", "*.send-log.jsonl"} <= set(GITIGNORE.splitlines())


def test_press_email_and_time_zone_are_read(tmp_path: Path, piped: None) -> None:
    """Needs the issue-10 parser on main (it reads `email:` and `timezone:`; before, they are ignored)."""
    assert run("init", str(tmp_path), *OPTIONS)[0] == 0
    org = load_organisation(tmp_path / "releases" / "organisation.yaml")
    assert (org.email, org.timezone) == ("press@example.org", "Europe/Zurich")


def test_without_a_city_the_dateline_has_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piped: None) -> None:
    """A dateline without a city; the dateline-city rule is switched off (and says so) until one is given."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "--name", "Example", "--email", "press@example.org", "--timezone", "UTC")[0] == 0
    organisation = (tmp_path / "releases" / "organisation.yaml").read_text(encoding="utf-8")
    assert "# city: Geneva" in organisation and "disable: [dateline-city]" in organisation
    code, out, err = run("check", "--strict")
    assert code == 0, err


def test_questions_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # name; website (a bad one, then a good one); language (Enter: en); zone (Enter: the default); email
    answers = "Riverside Libraries\nwww.example.org\nhttps://libraries.example.org\n\n\npress@example.org\n"
    monkeypatch.setattr("sys.stdin", FakeTerminal(answers))
    monkeypatch.setenv("TZ", "America/Chicago")
    code, out, err = run("init", str(tmp_path), "--city", 'Riverside: "Old Town" #2')
    assert code == 0, err
    assert "City" not in out  # given as an option, not asked
    assert "Organisation name: " in out and "Language [en]: " in out and "Time zone [America/Chicago]: " in out
    assert "Website (optional): " in out and "Press email (optional): " in out
    assert "  website is not a web address (write it as https://www.example.org)" in out
    org = load_organisation(tmp_path / "releases" / "organisation.yaml")
    assert (org.name, org.website, org.city, org.language) == (
        "Riverside Libraries", "https://libraries.example.org", 'Riverside: "Old Town" #2', "en")
    assert 'timezone: "America/Chicago"' in (tmp_path / "releases" / "organisation.yaml").read_text(encoding="utf-8")


def test_a_name_is_required_on_a_terminal_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal("\n  \n"))  # two empty answers, then the end of input
    code, out, err = run("init", str(tmp_path))
    assert code == 1
    assert out.count("  organisation name is empty (give a value)") == 2
    assert err == "pressrelease: error: init stopped: no answer (end of input), nothing was written\n"
    assert files_under(tmp_path) == set()


def test_without_a_terminal_the_name_must_be_given(tmp_path: Path, piped: None) -> None:
    code, _, err = run("init", str(tmp_path), "--city", "Geneva")
    assert code == 1
    assert err.count("\n") == 1 and "init needs --name" in err and "not a terminal" in err
    assert files_under(tmp_path) == set()


def test_defaults_without_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piped: None) -> None:
    monkeypatch.setenv("TZ", "Asia/Phnom_Penh")
    code, out, _ = run("init", str(tmp_path), "--name", "Example")
    assert code == 0
    text = (tmp_path / "releases" / "organisation.yaml").read_text(encoding="utf-8")
    assert 'language: "en"' in text and 'timezone: "Asia/Phnom_Penh"' in text
    assert "# website: " in text and "# email: " in text
    assert "note: no press email given" in out


@pytest.mark.parametrize("existing", [".gitignore", "releases/organisation.yml", ".github/workflows/releases.yml",
                                      "releases/photos/sample.png"])
def test_never_overwrites(tmp_path: Path, piped: None, existing: str) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    code, out, err = run("init", str(tmp_path), *OPTIONS)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and f"{tmp_path / existing} already exists" in err and "wrote nothing" in err
    assert files_under(tmp_path) == {existing}
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"


def test_a_dangling_link_counts_as_existing(tmp_path: Path, piped: None) -> None:
    (tmp_path / ".gitignore").symlink_to(tmp_path / "nowhere")
    code, _, err = run("init", str(tmp_path), *OPTIONS)
    assert code == 1 and ".gitignore already exists" in err
    assert not (tmp_path / "nowhere").exists() and not (tmp_path / "releases").exists()


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--email", "press at example.org", "--email 'press at example.org' is not an email address (write it as press@example.org"),
    ("--timezone", "Mars/Olympus_Mons", "--timezone 'Mars/Olympus_Mons' is not an IANA time zone (for example Europe/Zurich"),
    ("--timezone", "CET-1CEST", "--timezone 'CET-1CEST' is not an IANA time zone"),
    ("--language", "klingon-xx", "--language 'klingon-xx' is not a known BCP 47 language tag (for example en, en-GB"),
    ("--website", "www.example.org", "--website 'www.example.org' is not a web address (write it as https://www.example.org)"),
    ("--name", "A\u202eB", "--name 'A\\u202eB' contains a bidirectional control character (U+202E)"),
    ("--name", "=?utf-8?q?x?=", "which mail programs would decode as an encoded word"),
    ("--city", "Gen\x07eva", "--city 'Gen\\x07eva' contains a control character (U+0007)"),
])
def test_bad_values_are_one_line_errors(tmp_path: Path, piped: None, option: str, value: str, message: str) -> None:
    argv = [*OPTIONS, option, value]  # argparse: the last one wins
    code, out, err = run("init", str(tmp_path), *argv)
    assert (code, out) == (1, "")
    assert err.startswith("pressrelease: error: ") and err.count("\n") == 1, err
    assert message in err and "Traceback" not in err
    assert files_under(tmp_path) == set()


def test_new_without_an_organisation_file_points_to_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("new", "Hello")
    assert (code, out) == (1, "")
    assert err == ("pressrelease: error: no organisation file found in releases or a folder above it; "
                   "run `pressrelease init` to start a newsroom (or give --org FILE)\n")
    assert not (tmp_path / "releases").exists()


def test_the_workflow_is_the_one_docs_ci_shows() -> None:
    documented = re.search(r"```yaml\n(name: press releases\n.*?)```", (ROOT / "docs" / "ci.md").read_text(encoding="utf-8"), re.S)
    assert documented is not None
    assert ci_workflow() == documented.group(1).replace('"pressrelease==0.1.0"', f'"pressrelease=={__version__}"')
    workflow = yaml.safe_load(ci_workflow())
    runs = [step.get("run", "") for step in workflow["jobs"]["releases"]["steps"]]
    assert "pressrelease check releases/ --strict" in runs


def test_the_sample_photo_is_a_real_png() -> None:
    from PIL import Image

    data = sample_photo_png()
    assert data == sample_photo_png()  # the same bytes every time
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", SAMPLE_PHOTO_SIZE)
        top, middle = image.getpixel((600, 30)), image.getpixel((600, 400))
        assert top != middle and image.getpixel((5, 400)) != middle  # a gradient, in a frame
    assert len(data) < 50_000


def test_machine_time_zone(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Europe/Zurich")
    missing = tmp_path / "none"
    assert machine_time_zone({"TZ": ":Asia/Tokyo"}, missing, missing) == "Asia/Tokyo"
    assert machine_time_zone({"TZ": "CET-1CEST"}, link, missing) == "Europe/Zurich"  # a POSIX TZ is not a name
    (tmp_path / "timezone").write_text("America/Lima\n", encoding="utf-8")
    assert machine_time_zone({}, missing, tmp_path / "timezone") == "America/Lima"
    assert machine_time_zone({"TZ": "Nowhere/Town"}, missing, missing) == "UTC"


@pytest.mark.parametrize("text", ['Acme: "Inc" #1', "back\\slash", "tab\there", "- a: b", "'single'", "&anchor *x",
                                  "{flow}, [list]", "@at `tick`", "%directive", "yes", "null", "2016-02-19", "0x1F",
                                  "\u00a0nbsp\u00a0", "zero\u200bwidth\ufeffbom", "\U0001f4f0 news", "Ümlaut ß 東京 عربي"])
def test_yaml_string_reads_back(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_string(text)}  # a comment") == {"key": text}


names = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).map(str.strip).filter(
    lambda name: not value_problem("name", name)[0])


@settings(max_examples=60, deadline=None)
@given(name=names, city=st.sampled_from(["Geneva", 'Q: "x" #1', "Phnom Penh", "Zürich"]))
@example(name='Acme: "Inc" #1', city="Geneva")
@example(name="'#' -- : \\ \t \"", city="Geneva")
@example(name="الاتحاد البرلماني الدولي", city="Zürich")
@example(name="សភា ៖ \"ក\" #១", city="Phnom Penh")
@example(name="x" * 150, city="Geneva")  # the longest name an address takes; the headline is then the generic one
def test_any_name_round_trips_through_the_real_loader(name: str, city: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_newsroom(Path(folder), Newsroom(name=name, city=city), dt.date(2016, 2, 19))
        release = next((Path(folder) / "releases").glob("2016-02-19-*.md"))
        loaded = load(release)
    assert loaded.organisation.name == name
    assert loaded.dateline.city == city
    assert loaded.headline in (f"{name} opens its newsroom", "Our newsroom is open")


def test_newsroom_files_are_the_same_for_the_same_answers() -> None:
    answers = Newsroom(name="Example", city="Geneva")
    assert newsroom_files(answers, dt.date(2016, 2, 19)) == newsroom_files(answers, dt.date(2016, 2, 19))
    assert list(newsroom_files(answers, dt.date(2016, 2, 19)))[1] == Path("releases/2016-02-19-example-opens-its-newsroom.md")


def test_a_file_in_the_way_is_one_line(tmp_path: Path, piped: None) -> None:
    target = tmp_path / "newsroom"
    target.write_text("x", encoding="utf-8")
    code, out, err = run("init", str(target), "--name", "Example")
    assert code == 1 and "is a file, not a folder" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "x"
