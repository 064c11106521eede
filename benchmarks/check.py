"""`pressrelease check`: cold start on one release against `python -c "import yaml, markdown"`, and N releases.

Usage: python benchmarks/check.py [N] [--instructions]

Each command is a fresh process (interpreter start-up and imports
included). The reference release's check and the import of PyYAML and
Python-Markdown alone run alternately, 31 times each; the medians and
their ratio are reported, then the median of 5 checks of N generated
releases. With ``--instructions``, valgrind's callgrind also counts what
each of the two cold starts executes, a figure that does not move with the
machine's load.

Run it with the project installed (``pip install .`` compiles the modules);
with an editable install, PYTHONDONTWRITEBYTECODE is unset for these runs
and one run primes the bytecode caches, so that neither contender pays for
compiling.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import PRESSRELEASE, machine, table
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "releases" / "2016-02-19-ipu-cambodia-mission.md"
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    return time.perf_counter() - start


def instructions(command: list[str]) -> int:
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          capture_output=True, text=True, env=ENVIRONMENT, check=True)
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))  # type: ignore[union-attr]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    check = [PRESSRELEASE, "check", str(REFERENCE)]
    imports = [sys.executable, "-c", "import yaml, markdown"]
    wall(check), wall(imports)  # prime the bytecode caches
    ours, theirs = [], []
    for _ in range(31):
        ours.append(wall(check))
        theirs.append(wall(imports))
    with tempfile.TemporaryDirectory() as scratch:
        generate(count, Path(scratch) / "releases")
        # the generated releases have lint warnings (past embargoes): check exits 0 with warnings
        many = [wall([PRESSRELEASE, "check", str(Path(scratch) / "releases")]) for _ in range(5)]
    print(machine())
    print(table(["command", "median ms", "min ms"], [
        ['python -c "import yaml, markdown"', f"{statistics.median(theirs) * 1000:.0f}", f"{min(theirs) * 1000:.0f}"],
        ["pressrelease check <reference release>", f"{statistics.median(ours) * 1000:.0f}", f"{min(ours) * 1000:.0f}"],
        [f"pressrelease check <{count} releases>", f"{statistics.median(many) * 1000:.0f}", f"{min(many) * 1000:.0f}"],
    ]))
    print(f"check / import yaml, markdown: {statistics.median(ours) / statistics.median(theirs):.2f} (medians)")
    if "--instructions" in sys.argv:
        mine, base = instructions(check), instructions(imports)
        print(f"instructions: check {mine / 1e6:.0f} M, import yaml, markdown {base / 1e6:.0f} M, ratio {mine / base:.3f}")


if __name__ == "__main__":
    main()
