"""What the wire formats (IPTC ninjs, NewsML-G2) cost on top of a release's HTML and text.

Usage: python benchmarks/wire.py [ROUNDS]   (default 7)

Every release of the test corpus and ``releases/`` is loaded once and its
view made; then, in one process and alternating which goes first, each
round renders every release's ``html`` and ``txt`` alone, and ``html``,
``txt`` and the wire formats, with a site address (so every URI and
rendition is absolute). The cost per release is the difference of the two,
divided by the number of releases: the median over the rounds, and its
spread. Target (issue 13): at most 0.5 ms a release.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from _common import machine

from pressrelease.formats import FORMATS, RenderOptions
from pressrelease.formats.session import RenderSession
from pressrelease.source import Loader
from pressrelease.view import ReleaseView

ROOT = Path(__file__).resolve().parent.parent
WIRE = tuple(name for name in ("ninjs", "newsml") if name in FORMATS)


def views() -> list[ReleaseView]:
    loader = Loader()
    paths = sorted((ROOT / "tests" / "data" / "corpus").glob("*/release.md")) + sorted((ROOT / "releases").glob("*.md"))
    return [ReleaseView(loader.load(path)) for path in paths]


def seconds(session: RenderSession, all_views: list[ReleaseView], formats: tuple[str, ...]) -> float:
    start = time.perf_counter()
    for view in all_views:
        session.job(view, formats, skip=True)
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    all_views = views()
    session = RenderSession(RenderOptions(site_url="https://newsroom.example.org/"), lasting=False)
    base, wire = ("html", "txt"), ("html", "txt", *WIRE)
    seconds(session, all_views, wire)  # templates compiled, fonts and caches warm
    costs = []
    for number in range(rounds):
        order = (base, wire) if number % 2 == 0 else (wire, base)
        timings = {formats: seconds(session, all_views, formats) for formats in order}
        costs.append((timings[wire] - timings[base]) / len(all_views) * 1000)
    print(machine())
    print(f"{len(all_views)} releases, {rounds} rounds, wire formats: {', '.join(WIRE)}")
    print(f"cost on top of html+txt: median {statistics.median(costs):.3f} ms a release "
          f"(rounds: {', '.join(f'{c:.3f}' for c in costs)}); target at most 0.5 ms")


if __name__ == "__main__":
    main()
