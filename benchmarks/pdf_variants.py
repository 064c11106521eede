"""Page count, size and render time of a release's PDF in each variant.

Usage: python benchmarks/pdf_variants.py [RELEASE] [--runs N]

Renders in one warm process with one renderer per variant (as a build
does), after one untimed render that pays WeasyPrint's start-up, and prints
a table: variant, pages, bytes, median and min of N renders.
"""

from __future__ import annotations

import argparse
import statistics
import time
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

import pressrelease
from pressrelease.formats import RenderOptions
from pressrelease.formats.session import RenderSession

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", nargs="?", type=Path, default=ROOT / "releases" / "2016-02-19-ipu-cambodia-mission.md")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    release = pressrelease.load(args.release)
    print(f"{args.release.name}, {args.runs} renders each")
    print(f"{'variant':<10} {'pages':>5} {'bytes':>8} {'median ms':>10} {'min ms':>8}")
    for variant in (None, "pdf/a-3b", "pdf/ua-1"):
        session = RenderSession(RenderOptions(pdf_variant=variant), lasting=False)
        pdf = session.render(release, "pdf")  # warm-up: fonts, stylesheets, hyphenation dictionary
        assert isinstance(pdf, bytes)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf = session.render(release, "pdf")  # type: ignore[assignment]
            times.append((time.perf_counter() - start) * 1000)
        pages = len(PdfReader(BytesIO(pdf)).pages)
        print(f"{variant or 'plain':<10} {pages:>5} {len(pdf):>8} {statistics.median(times):>10.1f} {min(times):>8.1f}")


if __name__ == "__main__":
    main()
