"""Shared fixtures: the reference release, a scratch release folder, renderers.

Renderers are session-scoped: WeasyPrint's font set-up costs ~0.3 s and
the renderer is built to be reused.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Callable

import pytest

from pressrelease import load
from pressrelease.formats import RenderOptions
from pressrelease.model import Release
from pressrelease.theme import Theme

from helpers import ORGANISATION, REFERENCE, FormatRenderer


@pytest.fixture(scope="session")
def reference() -> Release:
    return load(REFERENCE)


@pytest.fixture(scope="session")
def theme() -> Theme:
    return Theme()


@pytest.fixture(scope="session")
def pdf_renderer(theme: Theme):  # type: ignore[no-untyped-def]
    return FormatRenderer("pdf", RenderOptions())


@pytest.fixture
def release_dir(tmp_path: Path) -> Path:
    """A folder holding an organisation file, ready for release files."""
    (tmp_path / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    return tmp_path


@pytest.fixture
def write_release(release_dir: Path) -> Callable[..., Path]:
    """Write a release file from front-matter lines and a body; returns its path."""

    def write(front_matter: str, body: str = "A body paragraph.\n", name: str = "release.md") -> Path:
        path = release_dir / name
        path.write_text(f"---\n{textwrap.dedent(front_matter).strip()}\n---\n{body}", encoding="utf-8")
        return path

    return write
