"""Every release source shown in docs/source-format.md loads with the real loader, and builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pressrelease import Organisation, parse, render_text

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "source-format.md"
_BLOCK = re.compile(r"^```(?:yaml|markdown)[ \t]*\n(---\n.*?)^```", re.DOTALL | re.MULTILINE)


def sources() -> list[tuple[int, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in _BLOCK.finditer(text)]


def test_the_reference_has_examples() -> None:
    assert len(sources()) >= 5


@pytest.mark.parametrize("line,source", sources(), ids=[f"line-{line}" for line, _ in sources()])
def test_every_example_loads_and_renders(line: int, source: str, tmp_path: Path) -> None:
    if not re.search(r"^---\n.*?^---\n(.+)", source, re.DOTALL | re.MULTILINE):
        source += "The body of the example.\n"
    organisation = Organisation(name="Example", email="press@example.org", timezone="Europe/Rome")
    release = parse(source, base_dir=tmp_path, organisation=organisation)
    assert release.headline in render_text(release).replace("\n", " ")
