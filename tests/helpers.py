"""Constants and assertions shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from pressrelease.formats import RenderOptions
from pressrelease.formats.session import RenderSession
from pressrelease.model import Release

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "releases" / "2016-02-19-ipu-cambodia-mission.md"
RIVERSIDE = Path(__file__).parent / "data" / "riverside" / "2016-03-10-riverside-libraries.md"
SEED = Path(__file__).parent / "data" / "ipu-seed.txt"
GOLDEN = Path(__file__).parent / "golden"

ORGANISATION = """\
name: Example Press Office
website: https://press.example.org
city: Geneva
language: en-GB
boilerplate: Example is an organisation that exists for tests.
contacts:
  - name: Ada Example
    role: Press officer
    phones: ["+41 22 000 00 00"]
    email: press@example.org
"""


MINIMAL = """\
headline: Example opens a new office
dateline:
  city: Geneva
  date: 2016-02-19
"""


class FormatRenderer:
    """One format rendered through a kept session, as the build does: ``render(release)``."""

    def __init__(self, fmt: str, options: RenderOptions | None = None) -> None:
        self.fmt = fmt
        self.session = RenderSession(options or RenderOptions())

    def render(self, release: Release) -> str | bytes:
        return self.session.render(release, self.fmt)


def two_organisations(root: Path) -> Path:
    """``root`` made a folder of two organisations' releases: the reference one's folder, and the riverside
    release's in ``riverside/``."""
    shutil.copytree(REFERENCE.parent, root)
    shutil.copytree(RIVERSIDE.parent, root / "riverside")
    return root


def seed_parts() -> list[str]:
    """The reference release, cut into the parts every output must keep, in order."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    parts: list[str] = []
    for line in lines:
        if line.endswith(" ©IPU"):
            parts.extend([line[: -len(" ©IPU")], "©IPU"])
        else:
            parts.append(line)
    return parts


def normalise(text: str) -> str:
    """Compare text across formats: ignore case, spacing, hyphenation and ligatures."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def assert_in_order(parts: list[str], output: str) -> None:
    haystack = normalise(output)
    position = 0
    for part in parts:
        needle = normalise(part)
        found = haystack.find(needle, position)
        assert found >= 0, f"missing or out of order: {part!r}"
        position = found + len(needle)


def pdf_flow_text(pages: list[str], furniture: list[str]) -> str:
    """The flowing text of a PDF's pages, without the margin boxes.

    pypdf puts margin-box text (running head, "-more-", "Page 1 of 2") at the
    end of each page's text, so it is removed from the last lines only.
    """
    patterns = [re.escape(item) for item in furniture] + [r"Page \d+ of \d+", r"-more-"]
    kept: list[str] = []
    for text in pages:
        lines = text.splitlines()
        head, tail = lines[:-3], lines[-3:]
        for pattern in patterns:
            tail = [re.sub(pattern, "", line) for line in tail]
        kept.extend(head + [line for line in tail if line.strip()])
    return "\n".join(kept)


def need_tool(program: str) -> str:
    """The path of ``program``; the test is skipped without it, and fails in CI (``.ci/run``
    installs every tool the tests use and sets PRESSRELEASE_REQUIRE_TOOLS=1), so a missing
    install step cannot hide behind a green run."""
    # a tool installed with the test extras sits beside the interpreter, on PATH or not
    path = shutil.which(program) or shutil.which(program, path=str(Path(sys.executable).parent))
    if path is None:
        if os.environ.get("PRESSRELEASE_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{program} is not installed, and .ci/run should have installed it")
        pytest.skip(f"{program} is not installed")
    return path
