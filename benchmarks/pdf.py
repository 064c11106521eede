"""PDF: our whole pipeline against WeasyPrint alone on the identical HTML, and -j 1 against -j 2.

Usage: python benchmarks/pdf.py [N]

1. In one warm process, for each of N generated releases: ours = load, template,
   WeasyPrint with our URL fetcher and log capture (PdfRenderer.render);
   alone = WeasyPrint given the HTML our template produced for that release,
   with its default fetcher and the same reused FontConfiguration. Each is
   run twice per release, in alternating order, and the faster run kept, so
   machine noise hits both alike. The ratio is our overhead.
2. `pressrelease build -f pdf --force -j 1` and `-j 2` over the same N
   releases, wall time from the command line (start-up included).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _common import PRESSRELEASE, machine, run, table
from generate import generate

from pressrelease.context import release_context
from pressrelease.loader import Loader
from pressrelease.renderers import RenderOptions
from pressrelease.renderers.pdf import PdfRenderer
from pressrelease.templating import Theme


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    from weasyprint import HTML

    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(count, Path(scratch) / "releases")
        theme = Theme()
        renderer = PdfRenderer(theme, RenderOptions())
        loader = Loader()
        htmls = []
        for source in sources:  # the identical HTML, made beforehand (not timed)
            release = loader.load(source)
            context = release_context(release, target="pdf", theme=theme,
                                      image_url=lambda p: Path(p).absolute().as_uri())
            htmls.append(theme.render("release.html", context))
        base = theme.builtin.as_uri() + "/"
        renderer.render(loader.load(sources[0]))  # warm-up for both
        HTML(string=htmls[0], base_url=base).write_pdf(font_config=renderer.font_config)
        ours: list[float] = []
        alone: list[float] = []
        for index, (source, html) in enumerate(zip(sources, htmls)):
            def run_ours() -> None:
                renderer.render(Loader().load(source))

            def run_alone() -> None:
                HTML(string=html, base_url=base, media_type="print").write_pdf(font_config=renderer.font_config)

            # Each twice, in alternating order, keeping the faster: noise on a shared VM only ever adds time.
            pair = [(run_ours, ours), (run_alone, alone)]
            best = {id(ours): float("inf"), id(alone): float("inf")}
            for attempt in range(2):
                for action, bucket in (pair if (index + attempt) % 2 == 0 else pair[::-1]):
                    start = time.perf_counter()
                    action()
                    best[id(bucket)] = min(best[id(bucket)], time.perf_counter() - start)
            ours.append(best[id(ours)])
            alone.append(best[id(alone)])
        out = Path(scratch) / "out"
        serial = run([PRESSRELEASE, "build", str(Path(scratch) / "releases"), "-o", str(out), "-f", "pdf",
                      "--force", "-j", "1", "-q"])
        parallel = run([PRESSRELEASE, "build", str(Path(scratch) / "releases"), "-o", str(out), "-f", "pdf",
                        "--force", "-j", "2", "-q"])
    print(machine())
    ours_total, alone_total = sum(ours), sum(alone)
    print(table(["measure", "releases", "seconds", "ms/release", "releases/s"], [
        ["WeasyPrint alone on our HTML (1 process)", count, f"{alone_total:.2f}", f"{alone_total / count * 1000:.0f}",
         f"{count / alone_total:.1f}"],
        ["pressrelease PdfRenderer (1 process)", count, f"{ours_total:.2f}", f"{ours_total / count * 1000:.0f}",
         f"{count / ours_total:.1f}"],
        ["pressrelease build -f pdf -j 1", count, f"{serial:.2f}", f"{serial / count * 1000:.0f}", f"{count / serial:.1f}"],
        ["pressrelease build -f pdf -j 2", count, f"{parallel:.2f}", f"{parallel / count * 1000:.0f}", f"{count / parallel:.1f}"],
    ]))
    print(f"overhead over WeasyPrint alone: {(ours_total / alone_total - 1) * 100:+.1f}% "
          f"(best of 2 per release, alternating order); -j 2 speed-up: {serial / parallel:.2f}x")


if __name__ == "__main__":
    main()
