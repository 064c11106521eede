"""``pressrelease init``: the files of a new newsroom, checked by the parser's own rules, written without overwriting.

A newsroom is a folder holding ``releases/organisation.yaml``, a first release
dated today with a sample photo, a ``.gitignore`` and the GitHub Actions
workflow of docs/ci.md. ``build``, ``check`` and ``new`` run in that folder
find everything without options. Like ``new``'s skeleton these are source
files, not outputs, so they are written here and never over an existing file.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import PressReleaseError
from ..i18n import is_known_language
from ..model import slugify
from ..rules import CONTROL, LINE_BREAK, WEB_ADDRESS, display_name_problem, is_email_address, is_time_zone
from ..version import __version__
from .discover import ORGANISATION_FILE_NAMES
from .sample_photo import sample_photo_png

__all__ = [
    "FIELDS",
    "Newsroom",
    "machine_time_zone",
    "newsroom_files",
    "value_problem",
    "write_newsroom",
    "yaml_string",
]

#: What init asks for, in the order it asks: field -> (question, whether it may be left empty).
FIELDS = {
    "name": ("Organisation name", False),
    "website": ("Website", True),
    "city": ("City", True),
    "language": ("Language", False),
    "timezone": ("Time zone", False),
    "email": ("Press email", True),
}
#: Where the releases go: the folder build, check and new look in when given none.
RELEASES = Path("releases")
PHOTO = Path("photos") / "sample.png"
WORKFLOW = Path(".github") / "workflows" / "releases.yml"
_HEADLINE_MAX = 70  # the headline-length lint's default


@dataclass(frozen=True)
class Newsroom:
    """The answers: one line each, already checked by :func:`value_problem` (empty: not given)."""

    name: str
    website: str = ""
    city: str = ""
    language: str = "en"
    timezone: str = "UTC"
    email: str = ""


def _one_line(value: str) -> tuple[str, str]:
    if LINE_BREAK.search(value):
        return "must be a single line", "remove the line breaks"
    bad = CONTROL.search(value)
    if bad:
        return f"contains a control character (U+{ord(bad.group()):04X})", "delete the invisible character"
    odd = next((char for char in value if 0xD800 <= ord(char) <= 0xDFFF or ord(char) in (0xFFFE, 0xFFFF)), None)
    if odd is not None:
        return f"contains U+{ord(odd):04X}, which is not a character", "delete it"
    return "", ""


def value_problem(field: str, value: str) -> tuple[str, str]:
    """(why, hint) if ``value`` is not a valid ``field`` of an organisation file, else ("", "").

    The same rules the organisation file's reader applies, so what init writes loads.
    """
    why, hint = _one_line(value)
    if why or not value:
        return (why, hint) if why or FIELDS[field][1] else ("is empty", "give a value")
    if field == "name":
        why, hint = display_name_problem(value)
        return (why, f"{hint}: the name is the page's author and the email's From") if why else ("", "")
    if field == "website" and not WEB_ADDRESS.fullmatch(value):
        return "is not a web address", "write it as https://www.example.org"
    if field == "language" and not is_known_language(value):
        return "is not a known BCP 47 language tag", "for example en, en-GB, fr or km"
    if field == "timezone" and not is_time_zone(value):
        return "is not an IANA time zone", "for example Europe/Zurich, America/New_York or UTC"
    if field == "email" and not is_email_address(value):
        return "is not an email address", "write it as press@example.org, without a display name or spaces"
    return "", ""


def machine_time_zone(environ: dict[str, str] | None = None, localtime: Path = Path("/etc/localtime"),
                      timezone_file: Path = Path("/etc/timezone")) -> str:
    """This machine's zone when it has an IANA name ($TZ, /etc/localtime's link, /etc/timezone), else UTC."""
    environ = dict(os.environ) if environ is None else environ
    candidates = [environ.get("TZ", "").removeprefix(":")]
    try:
        target = os.readlink(localtime)
        candidates.append(target.rpartition("zoneinfo/")[2] if "zoneinfo/" in target else "")
    except OSError:
        pass
    try:
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        pass
    return next((zone for zone in candidates if zone and is_time_zone(zone)), "UTC")


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n"}


def yaml_string(value: str) -> str:
    """``value`` as a YAML double-quoted scalar that reads back exactly (quotes, colons, '#', any script)."""
    parts = []
    for char in value:
        code = ord(char)
        if char in _ESCAPES:
            parts.append(_ESCAPES[char])
        elif code < 0x20 or 0x7F <= code <= 0xA0 or code in (0x2028, 0x2029, 0xFEFF):
            parts.append(f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


def _optional(key: str, value: str, example: str, comment: str = "") -> str:
    """``key: "value"`` (with ``comment``), or the line commented out with an example when not given."""
    note = f"   # {comment}" if comment else ""
    return f"{key}: {yaml_string(value)}{note}\n" if value else f"# {key}: {example}{note}\n"


def organisation_text(newsroom: Newsroom) -> str:
    contact_email = (f"    email: {yaml_string(newsroom.email)}\n" if newsroom.email
                     else "    # email: press@example.org\n")
    return (
        "# The facts every release in this folder (and its subfolders) shares.\n"
        "# A release may override any of them under `organisation:` in its front matter.\n"
        f"name: {yaml_string(newsroom.name)}\n"
        + _optional("website", newsroom.website, "https://www.example.org")
        + _optional("city", newsroom.city, "Geneva", "the dateline's city in new releases")
        + f"language: {yaml_string(newsroom.language)}\n"
        + _optional("email", newsroom.email, "press@example.org", "the press office: the email's From")
        + f"timezone: {yaml_string(newsroom.timezone)}   # a date-only embargo starts at 00:00 here\n"
        + "# logo: logo.svg\n"
        "boilerplate: >-\n"
        "  Replace this paragraph with two or three sentences about the organisation:\n"
        "  what it does, for whom, and since when. It is printed under every release.\n"
        "contacts:   # the media contacts printed under every release: replace this one\n"
        "  - name: Press Office\n"
        "    role: Media relations\n"
        + contact_email
        + "    phones:\n"
        "      - +00 000 000 000\n"
        "style:\n"
        "  dateline: lead   # lead (opens the first paragraph), line (its own line) or none\n"
        '  accent_colour: "#1f4e79"\n'
        "# The newsroom site `pressrelease build` writes into dist/site/ (see docs/site.md):\n"
        "# site:\n"
        "#   url: https://www.example.org/newsroom/   # where dist/site/ is published\n"
        "#   title: Newsroom\n"
        + ("" if newsroom.city else
           "lint:\n  disable: [dateline-city]   # no city was given: remove this once your datelines name one\n")
    )


def _headline(newsroom: Newsroom) -> str:
    headline = f"{newsroom.name} opens its newsroom"
    return headline if len(headline) <= _HEADLINE_MAX else "Our newsroom is open"


_BODY = """\
This is the first release of the newsroom: a sample to read, change and then delete. Everything above the \
second line of three dashes is the front matter, written in YAML: the headline, the dateline, the language \
and the photo. Everything below it is the body, written in Markdown.

Write the lead paragraph first: who, what, when, where and why, in two or three sentences. Add the \
details, the quotes and the background in the paragraphs that follow, most important first, so that an \
editor can cut from the bottom.

The facts every release shares (the organisation's name, its boilerplate paragraph and its media \
contacts) live in organisation.yaml in this folder. Edit them once and every release uses them.

Run `pressrelease check` to find mistakes, `pressrelease build` to write the web page, the PDF, the text \
and the email into dist/, and `pressrelease new "A headline"` to start the next release.
"""


def release_text(newsroom: Newsroom, day: dt.date) -> str:
    city = f"  city: {yaml_string(newsroom.city)}\n" if newsroom.city else ""
    return (
        "---\n"
        "kind: Press Release\n"
        f"headline: {yaml_string(_headline(newsroom))}\n"
        "# subheadline: One sentence that adds to the headline\n"
        f"dateline:\n{city}  date: {day.isoformat()}\n"
        "# embargo: 2030-01-31 10:00 Europe/Zurich   # until when it may not be published\n"
        "photos:\n"
        f"  - file: {PHOTO.as_posix()}\n"
        "    alt: A blue gradient in a light frame, standing in for a photo.\n"
        "    caption: Replace this sample picture with a photo of the news, or remove the photos list.\n"
        "    credit: Sample image\n"
        "tags: []\n"
        "---\n\n" + _BODY
    )


GITIGNORE = """\
# What pressrelease build writes (dist/) and what Python leaves behind.
dist/
__pycache__/
.venv/
# Send logs hold the press list's addresses; pressrelease send keeps them outside the project unless
# given --log FILE.
*.send-log.jsonl
"""


#: docs/ci.md's GitHub Actions workflow ({version}: this pressrelease's version); a test keeps the two equal.
WORKFLOW_TEXT = """\
name: press releases
on:
  pull_request:
  push:
    branches: [main]

jobs:
  releases:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4

      - name: System libraries for WeasyPrint (and fonts for Arabic and Khmer)
        run: |
          sudo apt-get update
          sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core

      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"

      - name: Install pressrelease
        run: pip install "pressrelease=={version}"   # or: pip install . when the tool lives in this repository

      - name: Check every release (errors and conventions annotate the diff)
        run: pressrelease check releases/ --strict

      - name: Restore the previous build
        uses: actions/cache@v4
        with:
          path: dist
          key: releases-${{ github.ref_name }}-${{ github.sha }}
          restore-keys: |
            releases-${{ github.ref_name }}-
            releases-main-

      - name: Build the PDFs of the releases that changed
        run: |
          touch "$RUNNER_TEMP/build-started"
          pressrelease build releases/ --format pdf --out dist
          mkdir -p changed
          find dist -name '*.pdf' -newer "$RUNNER_TEMP/build-started" -exec cp {} changed/ \\;
          ls changed

      - name: Upload them
        uses: actions/upload-artifact@v4
        with:
          name: press-release-pdfs
          path: changed/*.pdf
          if-no-files-found: ignore
"""


def ci_workflow() -> str:
    """The GitHub Actions workflow of docs/ci.md, installing this version of pressrelease."""
    return WORKFLOW_TEXT.replace("{version}", __version__)


def newsroom_files(newsroom: Newsroom, day: dt.date) -> dict[Path, bytes]:
    """Each file of a new newsroom, by its path relative to the newsroom's folder, in the order written."""
    releases = RELEASES
    return {
        releases / "organisation.yaml": organisation_text(newsroom).encode("utf-8"),
        releases / f"{day.isoformat()}-{slugify(_headline(newsroom))}.md": release_text(newsroom, day).encode("utf-8"),
        releases / PHOTO: sample_photo_png(),
        Path(".gitignore"): GITIGNORE.encode("utf-8"),
        WORKFLOW: ci_workflow().encode("utf-8"),
    }


def write_newsroom(folder: Path, newsroom: Newsroom, day: dt.date | None = None) -> list[Path]:
    """Write the newsroom's files under ``folder`` and return their paths; if any exists, write none."""
    for field in FIELDS:
        why, hint = value_problem(field, getattr(newsroom, field))
        if why:
            raise PressReleaseError(f"{field} {why} ({hint})")
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise PressReleaseError(f"{folder} is a file, not a folder; init writes a newsroom into a folder "
                                "(give a new or empty folder's name)")
    files = {folder / path: data for path, data in newsroom_files(newsroom, day or dt.date.today()).items()}
    taken = [*files, *(folder / RELEASES / name for name in ORGANISATION_FILE_NAMES)]
    existing = next((path for path in taken if os.path.lexists(path)), None)
    if existing is not None:
        raise PressReleaseError(f"{existing} already exists; init never overwrites a file, so it wrote nothing "
                                "(start in an empty folder, or move the file away)")
    written: list[Path] = []
    for path, data in files.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            _remove(written)
            raise PressReleaseError(f"{path} appeared while init was writing; it was left as it is, and "
                                    "nothing else was written") from None
        except OSError as exc:
            _remove(written)
            raise PressReleaseError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
        written.append(path)
    return written


def _remove(paths: list[Path]) -> None:
    """Take back the files this init wrote before it failed (folders it made may stay, empty)."""
    for path in paths:
        try:
            path.unlink()
        except OSError:
            pass
