"""Shared fixtures: the reference release, a scratch release folder, renderers.

Renderers are session-scoped: WeasyPrint's font set-up costs ~0.3 s and
the renderer is built to be reused. So is the browser (browser.py): Chromium
starts once for the whole run; each test gets a fresh page and context.
"""

from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from pressrelease import load
from pressrelease.formats import RenderOptions
from pressrelease.model import Release
from pressrelease.theme import Theme

import browser as browsing
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one for the whole run (skipped, or failed in CI, without it)."""
    with browsing.launched() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (1280 x 900) that may load only 127.0.0.1, file: and data: URLs."""
    opened = browsing.offline_page(browser)
    yield opened
    opened.context.close()


@pytest.fixture
def static_server() -> Iterator[Callable[[Path], str]]:
    """``static_server(folder)`` serves the folder on 127.0.0.1 (a free port) and returns its base URL."""
    with contextlib.ExitStack() as stack:
        yield lambda folder: stack.enter_context(browsing.serving(folder))
