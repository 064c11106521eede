"""Email headers round-trip exactly for every valid value; bidi controls never reach a header or a title.

The email renderer parses every message it writes back and refuses one whose
headers differ from the ones set (CVE-2024-6923). These tests make sure that
check never refuses a valid release: each builds real messages through the
public entry points and reads them back with the standard library's parser.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pressrelease import parse, render
from pressrelease.api import session
from pressrelease.cli import main
from pressrelease.formats import RenderOptions, email_needs
from pressrelease.formats.email.headers import make_address
from pressrelease.rules import CONTROL, ENCODED_WORD
from pressrelease.view import ReleaseView

BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")  # rules.BIDI_CONTROL, written out to run on old code
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EMBARGO_ZONES = ("Europe/Zurich", "Asia/Phnom_Penh", "America/St_Johns", "Pacific/Kiritimati", "UTC")


def display_name(name: str) -> str:
    """A name as an address header carries it: whitespace in a phrase is not significant (RFC 5322 3.2.5)."""
    return " ".join(name.split())


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def parsed(data: bytes):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(data, headersonly=True)


def source(headline: str, *, embargo: str = "", contact: str = "", org: str = "") -> str:
    """A release's text; each value is written as a YAML double-quoted string (JSON's escapes are YAML's)."""
    lines = ["---", f"headline: {json.dumps(headline, ensure_ascii=False)}", "dateline:", "  city: Geneva", "  date: 2016-02-19"]
    if embargo:
        lines.append(f"embargo: {embargo}")
    if contact:
        lines += ["contacts:", f"  - name: {json.dumps(contact, ensure_ascii=False)}", "    email: press@example.org"]
    if org:
        lines += ["organisation:", f"  name: {json.dumps(org, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n---\nA body paragraph.\n"


# -- the subject fold: regression cases --------------------------------------------------------------

ASCII_HEADLINES = [("Acme opens a solar plant in Lyon and hires many new engineers for it " * 2)[:n].rstrip()
                   for n in range(72, 78)]


def test_every_ascii_headline_of_72_to_77_characters_and_an_embargoed_one_builds(release_dir: Path,
                                                                                  tmp_path: Path) -> None:
    headlines = [h + "x" * (n - len(h)) for n, h in zip(range(72, 78), ASCII_HEADLINES, strict=True)]
    assert [len(h) for h in headlines] == list(range(72, 78))
    for index, headline in enumerate(headlines):
        (release_dir / f"r{index}.md").write_text(source(headline), encoding="utf-8")
    (release_dir / "lyon.md").write_text(source("Acme opens solar plant in Lyon", embargo="2016-02-19 10:00 Europe/Paris"),
                                         encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = run("build", str(release_dir), "-o", str(out), "-f", "html,pdf,txt,eml")
    assert code == 0, err
    assert "7 built, 0 unchanged, 0 failed" in stdout
    for index, headline in enumerate(headlines):
        assert (out / f"r{index}.html").is_file() and (out / f"r{index}.pdf").is_file()
        assert str(parsed((out / f"r{index}.eml").read_bytes())["subject"]) == headline
    subject = str(parsed((out / "lyon.eml").read_bytes())["subject"])
    assert subject.endswith(": Acme opens solar plant in Lyon") and subject.startswith("EMBARGOED")
    assert (out / "lyon.html").is_file() and (out / "lyon.pdf").is_file()


# -- the fold, for every valid value: properties ----------------------------------------------------------

def _fits_a_header(text: str) -> bool:
    return not (BIDI_CONTROL.search(text) or CONTROL.search(text) or ENCODED_WORD.search(text))


#: Any script: letters, marks, numbers, punctuation, symbols, spaces and format characters; the controls the
#: source refuses (C0/C1, line separators, bidi embeddings and isolates) are left out, surrogates cannot be encoded.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cn")), min_size=1, max_size=300)
HEADLINES = TEXT.filter(lambda t: t.strip() != "" and _fits_a_header(t))
NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cn")), min_size=1, max_size=120).filter(
    lambda t: t.strip() != "" and _fits_a_header(t))
EMBARGOES = st.one_of(
    st.just(""),
    st.builds(lambda moment, zone: f"{moment:%Y-%m-%d %H:%M} {zone}",
              st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31)),
              st.sampled_from(EMBARGO_ZONES)),
    st.builds(lambda moment, minutes: moment.strftime("%Y-%m-%dT%H:%M") + f"{'+' if minutes >= 0 else '-'}"
              f"{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}",
              st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31)),
              st.integers(-23 * 60 - 59, 23 * 60 + 59)),
)


def _load(release_dir: Path, text: str):  # type: ignore[no-untyped-def]
    from pressrelease.errors import SourceError

    try:
        return parse(text, base_dir=release_dir)
    except SourceError as exc:
        # an embargo time the clocks skip or repeat is refused by design; nothing else may be
        assert all(p.code == "embargo" and ("skip" in p.message or "twice" in p.message) for p in exc.problems), \
            exc.problems
        return None


@SETTINGS
@given(headline=HEADLINES, embargo=EMBARGOES)
def test_any_headline_with_or_without_an_embargo_round_trips(release_dir: Path, headline: str, embargo: str) -> None:
    release = _load(release_dir, source(headline, embargo=embargo))
    if release is None:
        return
    headers = parsed(render(release, "eml"))  # type: ignore[arg-type]
    assert str(headers["subject"]) == ReleaseView(release).subject
    assert release.headline in str(headers["subject"])


@SETTINGS
@given(name=NAMES, org=NAMES, recipient=NAMES)
def test_any_contact_organisation_and_recipient_name_round_trips(release_dir: Path, name: str, org: str,
                                                                 recipient: str) -> None:
    release = parse(source("Acme opens solar plant in Lyon", contact=name, org=org), base_dir=release_dir)
    assert release.organisation.name == org.strip()
    assert release.contacts[0].name == display_name(name)  # whitespace runs are one space, as the header has it
    kept = session(RenderOptions())
    renderer = kept.renderer("eml")
    message = renderer.message(kept.job(release, email_needs(kept.options), skip=True),  # type: ignore[attr-defined]
                               to=make_address(recipient.strip(), "reader@example.net"))
    headers = parsed(renderer.serialise(message))  # type: ignore[attr-defined]
    (sender,) = headers["from"].addresses
    assert (sender.display_name, sender.addr_spec) == (release.contacts[0].name, "press@example.org")
    (to,) = headers["to"].addresses
    assert (to.display_name, to.addr_spec) == (display_name(recipient), "reader@example.net")


# -- bidi controls: refused in the source, located, with a hint ------------------------------------------------

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI)
@pytest.mark.parametrize("field,line,col", [("headline", 2, 11), ("contact", 7, 11), ("org", 10, 9)])
def test_bidi_controls_are_located_errors_of_check(release_dir: Path, char: str, field: str, line: int,
                                                   col: int) -> None:
    values = {"headline": "Acme opens solar plant in Lyon", "contact": "Ada Example", "org": "Acme"}
    values[field] = f"Acme {char}nayL ni{char} plant"
    path = release_dir / "release.md"
    path.write_text(source(values.pop("headline"), **values), encoding="utf-8")
    code, out, err = run("check", str(path))
    assert code == 1
    assert f"release.md:{line}:{col}: error:" in out + err
    assert f"bidirectional control character (U+{ord(char):04X})" in out + err
    assert "delete the invisible character" in out + err
