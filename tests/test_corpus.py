"""The corpus: real, published press releases, each rendered in every format, each phrase found in each.

tests/data/corpus/<name>/release.md is a transcription of a real release (its source URL is a comment at the
top of its front matter); tests/data/corpus/phrases.yaml lists, for each, the phrases every output must
contain: the headline, the dateline as printed, boilerplates, contacts, event times, table cells, disclaimers.

Texts are compared normalised (NFKC, soft hyphens removed, whitespace collapsed, case-folded), so a phrase
may wrap across lines of the 72-column text or be set in capitals. A PDF line broken at a hyphen is joined.

Run as a script for a table of release x format, "found/total", in Markdown::

    python tests/test_corpus.py
"""

from __future__ import annotations

import email
import email.policy
import functools
import html
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
import yaml

from helpers import need_tool
from pressrelease.i18n.segments import UNSPACED_CHARS

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
PHRASES: dict[str, list[str]] = yaml.safe_load((CORPUS / "phrases.yaml").read_text(encoding="utf-8"))
RELEASES = sorted(p.parent.name for p in CORPUS.glob("*/release.md"))
#: The outputs checked: the web page, the text, the PDF read two ways, and both parts of the email.
FORMATS = ("html", "txt", "pdf-pypdf", "pdf-pdftotext", "eml-text", "eml-html")
#: The email needs a sender; most of these releases print no press-office address.
SENDER = "Corpus test <corpus@example.org>"


class _Text(HTMLParser):
    """The text of an HTML document's body (what a reader sees), without head, scripts or styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("head", "script", "style", "template"):
            self._skip += 1
        elif tag in ("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "dt", "dd"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("head", "script", "style", "template") and self._skip:
            self._skip -= 1
        elif tag in ("p", "div", "li", "td", "th", "h1", "h2", "h3", "dt", "dd"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


#: Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, CJK punctuation, kana, ideographs,
#: full-width forms): a line break between two of their characters may be no space (a PDF breaks CJK lines
#: anywhere) or a space that wrapping turned into a line break (Khmer separates phrases with spaces).
_UNSPACED_BREAK = re.compile(f"(?<=[{UNSPACED_CHARS}])\\s*\n\\s*(?=[{UNSPACED_CHARS}])")
#: Any run of white space between two such characters, in a phrase or in the text: a line break in the
#: text may stand for either (a Khmer headline wraps at a space in one place and at a word boundary in the next).
_UNSPACED_GAP = re.compile(f"(?<=[{UNSPACED_CHARS}])\\s+(?=[{UNSPACED_CHARS}])")


def normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def variants(text: str) -> tuple[str, ...]:
    """The text as extracted, and with words broken at a line-end hyphen joined (with and without the hyphen)."""
    flat = normalised(text)
    broken = re.compile(r"(\w)[-\u2010] (\w)")
    return flat, broken.sub(r"\1\2", flat), broken.sub(r"\1-\2", flat), normalised(_UNSPACED_BREAK.sub("", text))


def source_path(name: str) -> Path:
    return CORPUS / name / "release.md"


@functools.cache
def loaded(name: str):  # type: ignore[no-untyped-def]
    import pressrelease

    return pressrelease.load(source_path(name))


def _pdf_bytes(name: str) -> bytes:
    import pressrelease

    return pressrelease.render_pdf(loaded(name))


@functools.cache
def rendered(name: str, fmt: str) -> str:
    """The text a reader of ``fmt`` sees for the release ``name``."""
    import pressrelease

    release = loaded(name)
    if fmt == "html":
        return html_text(pressrelease.render_html(release))
    if fmt == "txt":
        return pressrelease.render_text(release)
    if fmt == "pdf-pypdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(_pdf_bytes(name))).pages)
    if fmt == "pdf-pdftotext":
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "release.pdf"
            pdf.write_bytes(_pdf_bytes(name))
            run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                                 timeout=60)
            return run.stdout.decode("utf-8")
    if fmt in ("eml-text", "eml-html"):
        message = pressrelease.render_email(release, sender=SENDER)
        parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
        wanted = "text/plain" if fmt == "eml-text" else "text/html"
        parts = [part.get_content() for part in parsed.walk()
                 if part.get_content_type() == wanted and not part.is_attachment()]
        assert parts, f"the email has no {wanted} part"
        return "\n".join(html_text(p) if wanted == "text/html" else p for p in parts)
    raise ValueError(fmt)


@functools.cache
def phrases_of(name: str) -> tuple[str, ...]:
    """The listed phrases, and what the model says must be shown whatever the list forgot: the headline,
    every contact's name, phone numbers (with their notes) and email, the first words of every boilerplate
    and the event's title."""
    from pressrelease import load

    release = load(CORPUS / name / "release.md")
    found = [release.headline]
    for contact in release.media_contacts:
        found += [contact.name, *(str(phone) for phone in contact.phones), *([contact.email] if contact.email else [])]
    for org in release.organisations:
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", org.boilerplate)  # a link's text, not its address
        words = re.sub(r"[*_`]", "", plain).split()[:6]
        found += [" ".join(words)] if words else []
    found += [release.event.title] if release.event is not None else []
    return tuple(dict.fromkeys([*PHRASES[name], *found]))


def missing_phrases(name: str, fmt: str) -> list[str]:
    texts = variants(rendered(name, fmt))
    # pdftotext joins a word broken after a hyphen at a line's end without it ("non-\nprofit" -> "nonprofit"):
    # a phrase is also found with its hyphens left out
    squeezed = normalised(_UNSPACED_GAP.sub("", texts[-1]))
    return [phrase for phrase in phrases_of(name) if not any(normalised(phrase) in text for text in texts)
            and not (fmt == "pdf-pdftotext" and normalised(phrase).replace("-", "") in texts[0].replace("-", ""))
            and normalised(_UNSPACED_GAP.sub("", phrase)) not in squeezed]


def _skip_without_pdftotext(fmt: str) -> None:
    if fmt == "pdf-pdftotext":
        need_tool("pdftotext")


# --- the corpus itself -------------------------------------------------------------------------------


def test_the_corpus_has_at_least_twelve_releases_and_phrases_for_each() -> None:
    assert len(RELEASES) >= 12
    assert sorted(PHRASES) == RELEASES
    assert all(PHRASES[name] and all(isinstance(p, str) and p.strip() for p in PHRASES[name]) for name in RELEASES)


@pytest.mark.parametrize("name", RELEASES)
def test_every_source_names_its_public_source(name: str) -> None:
    lines = source_path(name).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "---"
    header = [line for line in lines[1:] if line.startswith("#")]
    assert header and lines[1].startswith("# source: http"), "the front matter opens with '# source: http...'"
    assert (CORPUS / name / "organisation.yaml").is_file()


@pytest.mark.parametrize("name", RELEASES)
def test_every_corpus_release_loads(name: str) -> None:
    loaded(name)


# --- every phrase in every format ----------------------------------------------------------------------


#: The PDF text layers that do not give every phrase back, and why (docs/languages.md, "The PDF's text layer").
#: Khmer reads back through the replacement text (/ActualText) our renderer adds, which pypdf does not read;
#: Arabic's ligatures come back reversed from pdftotext (poppler), its digits and raised marks out of place from
#: both. Strict: the day one of them reads back, this list must shrink.
_KHMER = ("cdc-usaid-financing-2020", "unicef-cambodia-crc30-2019")
_ARABIC = ("unicef-mena-aljawf-2020", "unicef-yemen-truce-2022")
TEXT_LAYER_FAILS = {(name, "pdf-pypdf") for name in _KHMER + _ARABIC} | {(name, "pdf-pdftotext") for name in _ARABIC}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", RELEASES)
def test_every_phrase_is_in_every_format(name: str, fmt: str, request: pytest.FixtureRequest) -> None:
    _skip_without_pdftotext(fmt)
    if (name, fmt) in TEXT_LAYER_FAILS:
        request.applymarker(pytest.mark.xfail(strict=True, reason="this reader scrambles this script's text layer"))
    assert missing_phrases(name, fmt) == []


# --- the table ---------------------------------------------------------------------------------------------


def _cell(name: str, fmt: str) -> str:
    if fmt == "pdf-pdftotext" and shutil.which("pdftotext") is None:
        return "n/a"
    try:
        missing = missing_phrases(name, fmt)
    except Exception as error:  # noqa: BLE001 (the table reports every failure, whatever it is)
        return f"error: {type(error).__name__}"
    total = len(phrases_of(name))
    return f"{total - len(missing)}/{total}"


def table() -> str:
    """The Markdown table of release x format: phrases found / phrases listed (or why none could be looked for)."""
    rows = ["| release | " + " | ".join(FORMATS) + " |", "| --- |" + " ---: |" * len(FORMATS)]
    for name in RELEASES:
        try:
            loaded(name)
        except Exception as error:  # noqa: BLE001
            reason = " ".join(str(error).split())[:120].replace("|", "\\|")
            rows.append(f"| {name} | load failed: {reason} |" + " |" * (len(FORMATS) - 1))
            continue
        rows.append(f"| {name} | " + " | ".join(_cell(name, fmt) for fmt in FORMATS) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
    sys.exit(0)
