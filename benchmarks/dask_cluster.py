"""Throughput of a Dask cluster against local worker processes, on one machine.

Usage: python benchmarks/dask_cluster.py [N] [ROUNDS]

A ``distributed.LocalCluster`` (two worker processes, one thread each, on
127.0.0.1) against ``-j 2`` (two local worker processes), each building the
PDFs of the same N generated releases with ``--force``, alternately, ROUNDS
times. The cluster is started before the first round and kept (as a real one
would be), so its workers have WeasyPrint imported after their first build;
that first build is reported apart. Times are of ``build()`` in this
process: planning, rendering, writing and the catalogue.
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine, table
from generate import generate

from pressrelease.build import BuildOptions, build


def timed_build(sources: Path, out: Path, **where: object) -> float:
    start = time.perf_counter()
    report = build([sources], BuildOptions(out_dir=out, formats=("pdf",), force=True, **where))  # type: ignore[arg-type]
    assert report.ok and len(report.built) > 0
    return time.perf_counter() - start


def main() -> None:
    from distributed import LocalCluster

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as scratch, \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        sources = Path(scratch) / "releases"
        generate(count, sources)
        dask = {"scheduler": cluster.scheduler_address}
        first = timed_build(sources, Path(scratch) / "dask", **dask)
        local, remote = [], []
        for number in range(rounds):
            pair = [(local, {"jobs": 2}, "j2"), (remote, dask, "dask")]
            for bucket, where, name in pair[:: 1 if number % 2 == 0 else -1]:
                bucket.append(timed_build(sources, Path(scratch) / name, **where))
    print(machine())
    print(table(["executor", "releases", "median s", "min s", "max s", "releases/s"], [
        ["-j 2 (local worker processes)", count, f"{statistics.median(local):.2f}", f"{min(local):.2f}",
         f"{max(local):.2f}", f"{count / statistics.median(local):.1f}"],
        ["Dask LocalCluster, 2 workers", count, f"{statistics.median(remote):.2f}", f"{min(remote):.2f}",
         f"{max(remote):.2f}", f"{count / statistics.median(remote):.1f}"],
        ["Dask LocalCluster, first build (workers cold)", count, f"{first:.2f}", "-", "-", f"{count / first:.1f}"],
    ]))
    print(f"Dask / -j 2 time: {statistics.median(remote) / statistics.median(local):.2f} (medians)")


if __name__ == "__main__":
    main()
