"""The one-call API against the build, and against a naive script that does the same by hand.

Usage: python benchmarks/api.py [N]

1. HTML and text: ``render_html(release)`` and ``render_text(release)`` in a
   loop (after ``load``), against a build worker rendering both formats of
   the same releases (``Builder.render``, loading included in both).
2. PDF: ``render_pdf(load(path))`` in a loop, against a naive script a
   programmer might write instead: read the file, ``yaml.safe_load`` the
   front matter, ``markdown.markdown`` the body, render a Jinja template,
   and ``weasyprint.HTML(...).write_pdf()`` on the page with our stylesheets
   inline (the page itself is ours, so both lay out the same document).

The contenders alternate release by release (A B, then B A), best of two
runs each, over the same N generated releases.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from _common import machine, table
from generate import generate

import pressrelease
from pressrelease.build import BuildOptions, Builder
from pressrelease.formats import RenderOptions
from pressrelease.formats.session import RenderSession

def alternate(items: list, first: Callable[[object], object], second: Callable[[object], object]) -> tuple[list[float], list[float]]:
    """Per item, the best of two timed runs of each contender, in alternating order."""
    one: list[float] = []
    two: list[float] = []
    for index, item in enumerate(items):
        best = [float("inf"), float("inf")]
        for attempt in range(2):
            order = ((0, first), (1, second))
            for slot, action in (order if (index + attempt) % 2 == 0 else order[::-1]):
                start = time.perf_counter()
                action(item)
                best[slot] = min(best[slot], time.perf_counter() - start)
        one.append(best[0])
        two.append(best[1])
    return one, two


def naive_pdf_script(sources: list[Path]) -> Callable[[object], object]:
    """What a programmer might write: YAML, Markdown and Jinja by hand, then WeasyPrint with its defaults.

    So that both lay out the same document, the script's page is our page
    (made beforehand, not timed) with our stylesheets inline; what it pays
    for is its own parsing and templating, and WeasyPrint's defaults: a new
    FontConfiguration, and the stylesheets and fonts parsed, for every PDF.
    """
    import jinja2
    import markdown
    import yaml
    from weasyprint import HTML

    from pdf import inline_document

    session = RenderSession(RenderOptions(), lasting=False)
    pages = {source: inline_document(session, source) for source in sources}
    template = jinja2.Environment(autoescape=True).from_string(
        "<h1>{{ meta.headline }}</h1><p>{{ meta.dateline.city }}</p>{{ body|safe }}")
    base = session.theme.builtin.as_uri() + "/"

    def run(path: object) -> object:
        assert isinstance(path, Path)
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        template.render(meta=yaml.safe_load(front), body=markdown.markdown(body))
        return HTML(string=pages[path], base_url=base, media_type="print").write_pdf()

    return run


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(max(count, 300), Path(scratch) / "releases")
        builder = Builder(BuildOptions(formats=("html", "txt")))

        def api_html_text(path: object) -> None:
            release = pressrelease.load(path)  # type: ignore[arg-type]
            pressrelease.render_html(release)
            pressrelease.render_text(release)

        def built_html_text(path: object) -> None:
            builder.render(builder.loader.load(path))  # type: ignore[arg-type]

        api_html_text(sources[0]), built_html_text(sources[0])
        api, built = alternate(sources[:300], api_html_text, built_html_text)
        naive = naive_pdf_script(sources[:count])

        def api_pdf(path: object) -> None:
            pressrelease.render_pdf(pressrelease.load(path))  # type: ignore[arg-type]

        api_pdf(sources[0]), naive(sources[0])
        ours_pdf, naive_pdf = alternate(sources[:count], api_pdf, naive)
    print(machine())
    print(table(["measure", "releases", "ms/release", "ratio"], [
        ["render_html + render_text (after load), one-call API", len(api), f"{statistics.mean(api) * 1000:.2f}",
         f"{sum(api) / sum(built):.2f}x the build"],
        ["the same two formats through a build worker (Builder.render)", len(built),
         f"{statistics.mean(built) * 1000:.2f}", "1.00x"],
        ["render_pdf(load(path)), one-call API", count, f"{statistics.mean(ours_pdf) * 1000:.0f}",
         f"{sum(ours_pdf) / sum(naive_pdf):.2f}x the naive script"],
        ["naive script: yaml, markdown, Jinja, weasyprint.HTML().write_pdf()", count,
         f"{statistics.mean(naive_pdf) * 1000:.0f}", "1.00x"],
    ]))


if __name__ == "__main__":
    main()
