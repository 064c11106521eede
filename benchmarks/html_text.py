"""HTML + plain text throughput, one process, against pandoc making standalone HTML.

Usage: python benchmarks/html_text.py [N]

Ours: load (parse and validate) each of N generated releases and render its
web page and its text, in one warm process, as `pressrelease build -f
html,txt -j 1` does (file writing excluded). pandoc: `pandoc -s -f markdown
-t html5` on each release's Markdown body, one process per file, as people
run it. Both are timed over the same N releases.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from _common import machine, table
from generate import generate

from pressrelease.build import BuildOptions, Builder


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(count, Path(scratch) / "releases")
        builder = Builder(BuildOptions(formats=("html", "txt")))
        builder.render(builder.loader.load(sources[0]))  # warm-up: template compilation, locale data
        start = time.perf_counter()
        for source in sources:
            builder.render(builder.loader.load(source))
        ours = time.perf_counter() - start

        import subprocess

        bodies = []
        for source in sources:
            body = Path(scratch) / f"{source.stem}.body.md"
            body.write_text(source.read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
            bodies.append(body)
        start = time.perf_counter()
        for body in bodies:
            subprocess.run(["pandoc", "-s", "-f", "markdown", "-t", "html5", "--metadata", f"title={body.stem}",
                            str(body), "-o", str(body.with_suffix(".html"))], check=True)
        pandoc = time.perf_counter() - start
    print(machine())
    print(table(["pipeline", "releases", "seconds", "releases/s", "ms/release"], [
        ["pressrelease html+txt, 1 process", count, f"{ours:.2f}", f"{count / ours:.0f}", f"{ours / count * 1000:.2f}"],
        ["pandoc -s html5, process per file", count, f"{pandoc:.2f}", f"{count / pandoc:.0f}", f"{pandoc / count * 1000:.2f}"],
    ]))


if __name__ == "__main__":
    main()
