"""The press-kit page in a real browser and through the validators, at desktop and phone widths.

The reference release is built into a site whose organisation file is
given, as its ``press_kit:``, the press kit of tests/test_press_kit_page.py
(its files written with Pillow), served over HTTP at the address it was
built for. Chromium opens the page: every download link
answers, the "download everything" ZIP downloads, opens and holds every
asset; axe-core finds no serious or critical violation; the Nu HTML Checker
no error; the page does not scroll sideways. Screenshots go to the folder
``PRESSRELEASE_SCREENSHOTS`` names, if any.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest

from pressrelease.build import BuildOptions, build
from pressrelease.formats import RenderOptions

import browser as browsing
from helpers import REFERENCE
from test_press_kit_page import make_kit, write_press_kit

SUBFOLDER = "placeholder"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Any]]:
    root = tmp_path_factory.mktemp("kit")
    shutil.copytree(REFERENCE.parent, root / "releases")
    organisation, press_kit = make_kit(root / "releases" / "newsroom")  # inside the organisation file's folder
    write_press_kit(root / "releases" / "organisation.yaml", press_kit)
    out = root / "out"
    with browsing.serving(out) as base:
        url = f"{base}{SUBFOLDER}/"
        report = build([root / "releases"], BuildOptions(out_dir=out / SUBFOLDER, jobs=1,
                                                         formats=("html", "pdf", "site"),
                                                         render=RenderOptions(site_url=url)))
        assert report.ok, report.all_problems
        yield out / SUBFOLDER / "site", (url, press_kit)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_in_the_browser(site: tuple[Path, Any], browser: Any, width: int) -> None:
    folder, (url, press_kit) = site
    page_url = f"{url}site/press-kit/"
    page = browsing.offline_page(browser, width=width)
    browsing.with_axe(page.context)
    page.goto(page_url)
    assert page.locator("h1").inner_text() == "Press kit"
    hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
    for href in {h for h in hrefs if h.startswith(url)}:
        assert page.request.get(href).status == 200, href
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything (ZIP)").click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as archive:
        names = {Path(name).name for name in archive.namelist()}
    assert {asset.file.name for asset in press_kit.assets} <= names and "ceo.jpg" in names
    assert browsing.axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shots = os.environ.get("PRESSRELEASE_SCREENSHOTS")
    if shots:
        page.screenshot(path=str(Path(shots) / f"press-kit-{width}.png"), full_page=True)
    home = browsing.offline_page(browser, width=width)
    home.goto(f"{url}site/")
    home.get_by_role("link", name="Press kit").first.click()
    assert home.url == page_url
    page.context.close()
    home.context.close()


def test_no_nu_checker_error(site: tuple[Path, Any]) -> None:
    folder, _ = site
    release = folder / "releases" / REFERENCE.stem / "index.html"
    assert "press-kit-link" in release.read_text("utf-8")
    assert browsing.vnu_errors([folder / "press-kit" / "index.html", release]) == []
