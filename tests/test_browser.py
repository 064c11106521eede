"""The web page as a real browser lays it out: Debian's Chromium, headless, at desktop and phone widths.

The page is shown in an ``<iframe>`` of the width under test (headless
Chromium's own window is never narrower than 500 px); a script added to a
copy of the page measures the layout and posts what it found to the frame's
parent, which writes it into its document for ``--dump-dom`` to print: no
driver needed.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
from pathlib import Path

import pytest

import pressrelease
from helpers import RIVERSIDE, need_tool

CORPUS = Path(__file__).parent / "data" / "corpus"
#: As the machine notes say Chromium must start here: no background networking, a fresh profile.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
MEASURE = """
<script>
window.addEventListener("load", () => {
  const box = (selector) => { const e = document.querySelector(selector); if (!e) return null;
    const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, height: r.height}; };
  const found = {
    logo: box(".letterhead .logo"), name: box(".letterhead .organisation"),
    headline: box(".headline"), body: box(".body p"),
    direction: getComputedStyle(document.documentElement).direction,
    align: getComputedStyle(document.querySelector(".body p")).textAlign,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    width: document.documentElement.clientWidth,
  };
  parent.postMessage(JSON.stringify(found), "*");
});
</script>
"""
FRAME = """<!DOCTYPE html><html><body style="margin:0"><iframe src="{page}" width="{width}" height="900"
style="border:0"></iframe><script>window.addEventListener("message", (event) => {{
const out = document.createElement("pre"); out.id = "measured"; out.textContent = event.data;
document.body.appendChild(out); }});</script></body></html>"""


@functools.cache
def measured(source: Path, width: int, tmp: Path) -> dict:
    chromium = need_tool("chromium")
    page = pressrelease.render_html(pressrelease.load(source)).replace("</body>", MEASURE + "</body>")
    path = tmp / f"{source.parent.name}-{width}.html"
    path.write_text(page, encoding="utf-8")
    frame = tmp / f"frame-{source.parent.name}-{width}.html"
    frame.write_text(FRAME.format(page=path.name, width=width), encoding="utf-8")
    profile = tmp / f"profile-{source.parent.name}-{width}"
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width + 40},900",
                          "--virtual-time-budget=3000", "--dump-dom", frame.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    layout = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    assert layout["width"] == width  # the frame, not the window, sets the width
    return layout


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_logo_is_at_least_as_tall_as_the_name(tmp: Path, width: int) -> None:
    layout = measured(RIVERSIDE, width, tmp)
    assert layout["logo"]["height"] >= layout["name"]["height"] > 0, layout
    assert layout["overflow"] <= 0


@pytest.mark.parametrize("width", [1280, 390])
def test_an_arabic_page_is_laid_out_right_to_left(tmp: Path, width: int) -> None:
    layout = measured(CORPUS / "unicef-yemen-truce-2022" / "release.md", width, tmp)
    assert layout["direction"] == "rtl" and layout["align"] == "start"
    assert layout["name"]["right"] > layout["width"] / 2  # the organisation's name at the right
    assert abs(layout["headline"]["right"] - layout["body"]["right"]) < 2  # one right edge
    assert layout["overflow"] <= 0


def test_a_khmer_headline_fits_a_phone(tmp: Path) -> None:
    layout = measured(CORPUS / "cdc-usaid-financing-2020" / "release.md", 390, tmp)
    assert layout["width"] == 390 and layout["overflow"] <= 0 and layout["headline"]["right"] <= 390, layout
    assert layout["headline"]["height"] > 100  # wrapped over several lines
