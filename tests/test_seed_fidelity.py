"""Every part of the published IPU release survives into every format, in order, word for word."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from pressrelease import Release, render_html, render_text

from helpers import assert_in_order, pdf_flow_text, seed_parts


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


def test_pdf(reference: Release, pdf_renderer) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(BytesIO(pdf_renderer.render(reference)))
    pages = [page.extract_text() for page in reader.pages]
    text = pdf_flow_text(pages, [reference.running_head, reference.organisation.name])
    assert "Page 1 of" not in text and "-more-" not in text
    assert_in_order(seed_parts(), text)


def test_assertion_can_fail() -> None:
    import pytest

    with pytest.raises(AssertionError):
        assert_in_order(["second", "first"], "first second")
