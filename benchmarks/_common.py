"""Helpers shared by the benchmark scripts (timing, tables, the generated corpus)."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

BIN = Path(sys.executable).parent
PRESSRELEASE = str(BIN / "pressrelease")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run(args: Sequence[str], **kwargs: object) -> float:
    """Wall time of a command; fails loudly if the command fails."""
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - start


def run_cpu(args: Sequence[str], **kwargs: object) -> tuple[float, float]:
    """Wall time and CPU time (user and system, of the command and every process it waited for: workers,
    Pagefind) of a command; fails loudly if the command fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run(args, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(repeats: int, action: Callable[[], float]) -> tuple[float, float]:
    values = [action() for _ in range(repeats)]
    return statistics.median(values), min(values)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
