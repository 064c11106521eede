"""`check` finds every problem of a source that `build` would report, first, at the same place.

The table below is built from the errors the renderers can raise (every
``code=`` a module of formats/, view/ or theme/ gives a Problem): each
source-caused one has a source mutation that makes it, and `check` must
refuse that source, located, with exit status 1, and `build` must report the
same problem. The other codes are listed with the reason no source value
can cause them here; a new code in a renderer fails the walk until it is
added to one or the other.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import re
from pathlib import Path

import pytest

from pressrelease.cli import main

from helpers import ROOT

BASE = """\
---
headline: Acme opens solar plant in Lyon
subheadline: Forty jobs by the end of the year
short_headline: Solar plant in Lyon
tags: [energy, Lyon]
dateline:
  city: Lyon
  date: 2016-02-19
contacts:
  - name: Ada Example
    email: press@example.org
organisation:
  name: Acme
---
A body paragraph.
"""

RLO = "\u202e"

#: (name, source mutation (old, new), line of the problem, words of its message, problem code)
SOURCE_CAUSED = [
    ("headline-encoded-word", ("headline: Acme", "headline: =?utf-8?q?Acme?= x"), 2, "encoded word", "header"),
    ("headline-bidi", ("headline: Acme", f"headline: Acme {RLO}noyL"), 2, "bidirectional control", "header"),
    ("headline-too-long", ("headline: Acme opens solar plant in Lyon", "headline: " + "Acme " * 181), 2,
     "more than the 900", "header"),
    ("subheadline-bidi", ("subheadline: Forty", f"subheadline: {RLO}Forty"), 3, "bidirectional control", "header"),
    ("short-headline-bidi", ("short_headline: Solar", "short_headline: \u2066Solar"), 4, "bidirectional control",
     "header"),
    ("tag-bidi", ("tags: [energy", "tags: [\u2067energy"), 5, "bidirectional control", "header"),
    ("contact-name-900", ("- name: Ada Example", "- name: " + "A" * 900), 10, "more than the 150", "header"),
    ("contact-name-bidi", ("- name: Ada Example", f"- name: Ada {RLO}elpmaxE"), 10, "bidirectional control",
     "header"),
    ("contact-name-encoded-word", ("- name: Ada Example", "- name: =?utf-8?b?QWRh?="), 10, "encoded word", "header"),
    ("organisation-name-bidi", ("  name: Acme\n---", f"  name: Acme {RLO}\n---"), 13, "bidirectional control",
     "header"),
    ("organisation-name-encoded-word", ("  name: Acme\n---", "  name: =?utf-8?q?Acme?=\n---"), 13, "encoded word",
     "header"),
    ("subject-label-bidi", ("  name: Acme\n---", f"  name: Acme\n  labels:\n    en:\n      subject_embargoed: "
                                                 f"\"{RLO}{{time}}, {{date}}: {{headline}}\"\n---"), 16,
     "bidirectional control", "header"),
]

#: Codes renderers give that no release source value causes in the source stage's reach, and why.
NOT_FROM_SOURCE = {
    "sender": "a warning (the email is skipped, every other format builds), never a failed build",
    "email-size": "a warning (Gmail clips HTML past 100 kB), never a failed build",
    "pdf": "WeasyPrint's own errors: templates and stylesheets, not source values",
    "resource": "images and files a template or the body names: the images helper moves these to check",
    "image": "raw HTML around a body image that cannot be re-addressed: the images helper's area",
    "template": "a template folder's mistakes, not the release source's: `check --templates` reports links and syntax",
    "publish": "a warning from the site's collection stage (a photo changed after it was read), never a failed build",
}


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def renderer_codes() -> set[str]:
    """Every problem code a renderer module (formats/, view/, theme/) gives, itself or through a function it
    imports from the source stage (the rule written once, there)."""
    codes: set[str] = set()
    for folder in ("formats", "view", "theme"):
        for module in (ROOT / "pressrelease" / folder).rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            codes |= set(re.findall(r'code="([a-z-]+)"', text))
            for stage_module, names in re.findall(r"from \.\.+source\.(\w+) import ([\w, ]+)", text):
                imported = importlib.import_module(f"pressrelease.source.{stage_module}")
                for name in names.split(","):
                    found = getattr(imported, name.strip())
                    if not (inspect.isfunction(found) or inspect.isclass(found)):
                        continue  # a constant (a limit, a table): it gives no problem itself
                    source = inspect.getsource(found)
                    codes |= set(re.findall(r'code="([a-z-]+)"', source))
    return codes


def test_every_renderer_error_is_in_the_table() -> None:
    covered = {code for *_, code in SOURCE_CAUSED}
    assert renderer_codes() == covered | set(NOT_FROM_SOURCE)


def test_the_base_release_checks_and_builds(tmp_path: Path) -> None:
    (tmp_path / "release.md").write_text(BASE, encoding="utf-8")
    assert run("check", str(tmp_path / "release.md"))[0] == 0
    code, out = run("build", str(tmp_path / "release.md"), "-o", str(tmp_path / "out"), "-f", "html,txt,eml")
    assert code == 0, out


@pytest.mark.parametrize("name,change,line,words,code", SOURCE_CAUSED, ids=[row[0] for row in SOURCE_CAUSED])
def test_check_reports_what_build_would(tmp_path: Path, name: str, change: tuple[str, str], line: int, words: str,
                                        code: str) -> None:
    old, new = change
    assert old in BASE
    path = tmp_path / "release.md"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    status, checked = run("check", "--format-errors", "json", str(path))
    assert status == 1
    problems = json.loads(checked[:checked.rindex("}") + 1])["problems"]
    assert [(p["line"], p["code"], p["severity"]) for p in problems if words in p["message"]] == [(line, code, "error")]
    assert all(p["hint"] for p in problems)
    status, checked = run("check", str(path))
    found = [text for text in checked.splitlines() if f"release.md:{line}:" in text and words in text]
    assert status == 1 and found, checked
    assert "error:" in found[0] and "(" in found[0]  # located, with a hint in brackets
    status, built = run("build", str(path), "-o", str(tmp_path / "out"))
    assert status == 1
    assert found[0] in built
    assert not list((tmp_path / "out").glob("release.*"))


def test_no_sender_skips_only_the_email_with_the_same_warning_as_check(tmp_path: Path) -> None:
    path = tmp_path / "release.md"
    path.write_text(BASE.replace("    email: press@example.org\n", "", 1), encoding="utf-8")
    status, checked = run("check", str(path))
    found = [text for text in checked.splitlines() if "release.md:9:" in text and "has no sender" in text]
    assert status == 0 and found and "warning:" in found[0], checked
    assert "email: press@example.org" in found[0]  # the hint says how to add a sender
    status, built = run("build", str(path), "-o", str(tmp_path / "out"))
    assert status == 0, built
    assert found[0] in built
    made = sorted(p.suffix for p in (tmp_path / "out").glob("release.*"))
    assert made == [".html", ".pdf", ".txt"]
