"""Peak memory of a large PDF build: every process of the build, summed.

Usage: python benchmarks/memory.py [N] [-j J ...]

Runs `pressrelease build -f pdf --force -j J` on N generated releases and
samples, every 50 ms, the resident memory (VmRSS) of the command and all its
worker processes from /proc; prints the peak of the sum, and the time.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from _common import PRESSRELEASE, machine, table
from generate import generate


def tree_rss_kb(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(command: list[str]) -> tuple[float, float]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kb(process.pid))
        time.sleep(0.05)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return peak / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=500)
    parser.add_argument("-j", dest="jobs", type=int, action="append")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        releases = Path(scratch) / "releases"
        generate(args.count, releases)
        for jobs in args.jobs or [1, 2]:
            peak, seconds = measure([PRESSRELEASE, "build", str(releases), "-o", str(Path(scratch) / "out"),
                                     "-f", "pdf", "--force", "-j", str(jobs), "-q"])
            rows.append([f"build -f pdf -j {jobs}", args.count, f"{peak:.0f}", f"{seconds:.1f}"])
    print(machine())
    print(table(["command", "releases", "peak RSS, all processes (MB)", "seconds"], rows))


if __name__ == "__main__":
    main()
