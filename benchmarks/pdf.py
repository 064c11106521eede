"""PDF: our per-release cost against WeasyPrint alone on the same document.

Usage: python benchmarks/pdf.py [N]

For each of N generated releases, in one warm process:

- ours: load and validate the source, make its view, render the template and
  WeasyPrint with our fetcher, the stylesheets parsed once per house style
  and the image cache (what a build worker does per release,
  ``RenderSession.render(load(path), "pdf")``);
- alone: WeasyPrint given the identical document, its stylesheets inline in
  ``<style>`` elements (as they were parsed before), its default fetcher, and
  the same reused ``FontConfiguration``.

Each is run twice per release in alternating order and the faster run kept,
so noise on a shared machine hits both alike; the ratio of the sums is the
figure reported.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine, table
from generate import generate

from pressrelease.formats import Job, RenderOptions
from pressrelease.formats.page import page_context
from pressrelease.formats.session import RenderSession
from pressrelease.source import Loader
from pressrelease.view import ReleaseView


def inline_document(session: RenderSession, source: Path) -> str:
    """The document the PDF is made from, its stylesheets inline in ``<style>`` elements."""
    view = ReleaseView(Loader().load(source))
    context = page_context(Job(view), target="pdf", theme=session.theme, file_url=lambda p: Path(p).absolute().as_uri())
    return session.theme.render("release.html", context)


def measure(count: int) -> tuple[list[float], list[float]]:
    from weasyprint import HTML

    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(count, Path(scratch) / "releases")
        session = RenderSession(RenderOptions(), lasting=False)
        documents = [inline_document(session, source) for source in sources]  # made beforehand, not timed
        renderer = session.renderer("pdf")
        base = session.theme.builtin.as_uri() + "/"
        font_config = renderer.font_config  # type: ignore[attr-defined]
        loader = Loader()

        def ours(source: Path) -> None:
            session.render(loader.load(source), "pdf")

        def alone(html: str) -> None:
            HTML(string=html, base_url=base, media_type="print").write_pdf(font_config=font_config)

        ours(sources[0]), alone(documents[0])  # warm-up for both
        mine: list[float] = []
        theirs: list[float] = []
        for index, (source, html) in enumerate(zip(sources, documents, strict=True)):
            best = [float("inf"), float("inf")]
            for attempt in range(2):
                order = ((0, ours, source), (1, alone, html))
                for slot, action, argument in (order if (index + attempt) % 2 == 0 else order[::-1]):
                    start = time.perf_counter()
                    action(argument)  # type: ignore[operator]
                    best[slot] = min(best[slot], time.perf_counter() - start)
            mine.append(best[0])
            theirs.append(best[1])
    return mine, theirs


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    mine, theirs = measure(count)
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    print(machine())
    print(table(["measure", "releases", "total s", "ms/release"], [
        ["WeasyPrint alone, inline stylesheet, shared FontConfiguration", count, f"{sum(theirs):.2f}",
         f"{sum(theirs) / count * 1000:.0f}"],
        ["ours: load, view, template, WeasyPrint with kept stylesheets", count, f"{sum(mine):.2f}",
         f"{sum(mine) / count * 1000:.0f}"],
    ]))
    print(f"ours / alone: {sum(mine) / sum(theirs):.3f} (per release: median {statistics.median(ratios):.3f}, "
          f"min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
