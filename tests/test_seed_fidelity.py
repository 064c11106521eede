"""Every part of the published IPU release survives into every format, in order, word for word."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from pressrelease import Release, render_html, render_text

from helpers import assert_in_order, seed_parts


def test_the_parts_are_what_the_seed_says() -> None:
    parts = seed_parts()
    assert parts[0] == "Press Release"
    assert parts[3] == "Members of the IPU delegation met Cambodia's Deputy Prime Minister and Minister of the " \
                       "Interior, Sar Kheng (second from left)."
    assert parts[4] == "©IPU"
    assert parts[-3:] == ["IPU, Jemini Pandya, Director of Communications",
                          "Tel: +41 22 919 41 58/+41 79 217 33 74", "email: jep@ipu.org"]
    assert len(parts) == 19


def test_text(reference: Release) -> None:
    assert_in_order(seed_parts(), render_text(reference))


def test_html(reference: Release) -> None:
    import html as html_module
    import re

    page = render_html(reference)
    body = page[page.index("<body>"):]
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", body))
    assert_in_order(seed_parts(), text)


def page_text(reader: PdfReader) -> str:
    """The flowing text of a PDF: the page furniture (margin boxes) removed."""
    furniture = re.compile(r"^(Page \d+ of \d+|-more-)$")
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    return "\n".join(line for line in lines if not furniture.match(line.strip()))


def test_pdf(reference: Release, pdf_renderer) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(BytesIO(pdf_renderer.render(reference)))
    assert_in_order(seed_parts(), page_text(reader))


def test_assertion_can_fail() -> None:
    import pytest

    with pytest.raises(AssertionError):
        assert_in_order(["second", "first"], "first second")
