"""Rebuilds of a large archive: nothing changed, one file touched, one release edited.

Usage: python benchmarks/incremental.py [N] [--formats html,txt]

Builds N generated releases once (not timed), then times, from the command
line (start-up included), the median of 5 runs of:
  - a no-op rebuild (nothing changed),
  - a rebuild after `touch` on one release (its mtime changes, not its content),
  - a rebuild after editing one release (one release really rebuilt).
The no-op cost does not depend on the formats; HTML, text and email keep
the first build short (PDFs of 10,000 releases take an hour on two cores).
The no-op rebuild runs 9 times; each figure is the wall time of the whole
command, interpreter start-up and imports included.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _common import PRESSRELEASE, machine, run, table
from generate import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10000)
    parser.add_argument("--formats", default="html,txt")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        releases = Path(scratch) / "releases"
        sources = generate(args.count, releases)
        out = Path(scratch) / "out"
        command = [PRESSRELEASE, "build", str(releases), "-o", str(out), "-f", args.formats, "-q"]
        first = run(command)
        noop = [run(command) for _ in range(9)]
        touched, edited = [], []
        for attempt in range(5):
            sources[attempt].touch()
            touched.append(run(command))
            text = sources[attempt + 10].read_text(encoding="utf-8")
            sources[attempt + 10].write_text(text + f"\nEdited {attempt}.\n", encoding="utf-8")
            edited.append(run(command))
    print(machine())
    print(table(["build of N releases", "N", "median s", "min s"], [
        [f"first build ({args.formats}, -j default)", args.count, f"{first:.2f}", "-"],
        ["no-op rebuild", args.count, f"{statistics.median(noop):.3f}", f"{min(noop):.3f} (max {max(noop):.3f})"],
        ["rebuild after touching one release", args.count, f"{statistics.median(touched):.3f}", f"{min(touched):.3f}"],
        ["rebuild after editing one release", args.count, f"{statistics.median(edited):.3f}", f"{min(edited):.3f}"],
    ]))


if __name__ == "__main__":
    main()
