"""`pressrelease check`: cold start on one release, and a folder of N releases.

Usage: python benchmarks/check.py [N]

Each is a fresh `pressrelease check` process (interpreter start-up and
imports included), timed from the command line: the median and minimum of
21 runs on the reference release, and of 5 runs on N generated releases.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from _common import PRESSRELEASE, machine, run, table
from generate import generate

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    python = str(Path(sys.executable))
    one = [run([PRESSRELEASE, "check", str(ROOT / "releases" / "2016-02-19-ipu-cambodia-mission.md")])
           for _ in range(21)]
    bare = [run([python, "-c", "pass"]) for _ in range(21)]
    with tempfile.TemporaryDirectory() as scratch:
        generate(count, Path(scratch) / "releases")
        # the generated releases have lint warnings (past embargoes): check exits 0 with warnings
        many = [run([PRESSRELEASE, "check", str(Path(scratch) / "releases")]) for _ in range(5)]
    print(machine())
    print(table(["command", "median ms", "min ms"], [
        ["python -c pass (interpreter start-up, for scale)", f"{statistics.median(bare) * 1000:.0f}",
         f"{min(bare) * 1000:.0f}"],
        ["pressrelease check <reference release>", f"{statistics.median(one) * 1000:.0f}", f"{min(one) * 1000:.0f}"],
        [f"pressrelease check <{count} releases>", f"{statistics.median(many) * 1000:.0f}", f"{min(many) * 1000:.0f}"],
    ]))


if __name__ == "__main__":
    main()
