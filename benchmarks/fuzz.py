"""Fuzz load and the renderers with mutated release sources; count what became of them.

Usage: python benchmarks/fuzz.py [N] [--seed S] [--pdf K] [--jobs J] [--timeout T] [--out DIR]
       python benchmarks/fuzz.py --replay DIR/NN-name

N (default 10,000) mutated sources (tests/mutations.py: byte flips, line
deletions and duplications, random YAML values, Unicode edge cases, deep
nesting, huge values, odd image paths, line endings), made deterministically
from the seed, go through load and the HTML, text and email renderers; K of
them (default 200, a deterministic sample) through the PDF renderer as well.
Each runs in a worker process, each stage with a time budget: a hang or a
crash is counted, not waited for. Prints the counts of successes, located
errors and anything else; anything else is grouped by kind (exception type
and the innermost pressrelease frame, or why a documented error is not a
located one), and one reproducer per kind, shrunk by deleting lines and then
bytes while the failure stays of that kind, is written under DIR. The target
is zero of anything else.
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import SEED_BY_NAME, Case, Outcome, rng_for, run_case, scratch_folder  # noqa: E402
from mutations import mutate  # noqa: E402

WALL_FACTOR = 6  # a stage is stopped after its CPU budget, or this many times it in wall time (a sleep, a lock)
TICKS = os.sysconf("SC_CLK_TCK")
MEMORY_LIMIT = 4 << 30  # address space per worker: a runaway allocation is a MemoryError, not the machine's swap


def _serve(conn: Connection, scratch_base: str) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    scratch = scratch_folder(Path(scratch_base), "w")
    seed = SEED_BY_NAME["ipu"]
    run_case(Case("ipu", *seed.texts()), scratch, pdf=True)  # warm up: imports, fonts, templates
    conn.send(("ready",))
    while True:
        task = conn.recv()
        if task is None:
            return
        case, pdf = task
        start = time.perf_counter()
        outcome = run_case(case, scratch, pdf=pdf, on_stage=lambda stage: conn.send(("stage", stage)))
        outcome.detail = outcome.detail or outcome.key
        outcome.seconds = time.perf_counter() - start
        conn.send(("done", outcome))


class Worker:
    """One worker process; killed and replaced when a stage overruns its budget or the process dies."""

    def __init__(self, scratch: str) -> None:
        self.scratch = scratch
        self.start()

    def start(self) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child, self.scratch), daemon=True)
        self.process.start()
        child.close()
        if self.conn.poll(120):
            self.conn.recv()
        self.task: tuple[int, Case, bool] | None = None
        self.stage, self.since = "", 0.0

    def submit(self, index: int, case: Case, pdf: bool) -> None:
        self.task = (index, case, pdf)
        self._enter("load")
        self.conn.send((case, pdf))

    def cpu(self) -> float:
        """CPU seconds the worker has used (the budget is CPU time: a noisy machine does not make a hang)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / TICKS

    def _enter(self, stage: str) -> None:
        self.stage, self.since, self.cpu_since = stage, time.monotonic(), self.cpu()

    def step(self, timeout: float) -> Outcome | None:
        """The outcome of the task, if it has one now (a hang or a crash is one)."""
        try:
            while self.conn.poll():
                message = self.conn.recv()
                if message[0] == "stage":
                    self._enter(message[1])
                else:
                    self.task = None
                    return message[1]  # type: ignore[no-any-return]
        except (EOFError, OSError):
            why = f"worker died (exit code {self.process.exitcode}) [{self.stage}]"
            return self._restart(Outcome("other", self.stage, why, why))
        if self.cpu() - self.cpu_since > timeout or time.monotonic() - self.since > timeout * WALL_FACTOR:
            self.process.kill()
            why = f"over the time budget of {timeout:g} s [{self.stage}]"
            return self._restart(Outcome("other", self.stage, why, why))
        return None

    def _restart(self, outcome: Outcome) -> Outcome:
        self.process.join(5)
        outcome.seconds = time.monotonic() - self.since
        self.start()
        return outcome

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()


def run_all(tasks: Iterator[tuple[int, Case, bool]], n: int, workers: list[Worker], timeout: float):  # type: ignore[no-untyped-def]
    """Each task's outcome, by index (the tasks made as they are needed: a few are 2 MB)."""
    results: dict[int, Outcome] = {}
    task = next(tasks, None)
    while task is not None or any(w.task for w in workers):
        for worker in workers:
            if worker.task is None and task is not None:
                worker.submit(*task)
                task = next(tasks, None)
        wait([w.conn for w in workers if w.task] + [w.process.sentinel for w in workers if w.task], 0.05)
        for worker in workers:
            if worker.task is not None:
                index = worker.task[0]
                outcome = worker.step(timeout)
                if outcome is not None:
                    results[index] = outcome
                    if len(results) % 500 == 0:
                        print(f"  {len(results)}/{n}", file=sys.stderr, flush=True)
    return results


def shrink(case: Case, pdf: bool, key: str, worker: Worker, timeout: float, budget: float) -> Case:
    """``case`` with lines, then bytes, deleted while its outcome keeps ``key`` (``budget`` seconds at most).

    The release file is shrunk, then the organisation file if a mutation touched it.
    """
    deadline = time.monotonic() + budget

    def same(trial: Case) -> bool:
        worker.submit(0, trial, pdf)
        while (outcome := worker.step(timeout)) is None:
            wait([worker.conn, worker.process.sentinel], 0.05)
        return outcome.key == key

    case = Case(case.seed, _shrunk(case.release, lambda d: same(replace(case, release=d)), deadline),
                case.organisation, case.mutations)
    if any("(organisation)" in m for m in case.mutations):
        case = replace(case, organisation=_shrunk(case.organisation, lambda d: same(replace(case, organisation=d)),
                                                  deadline))
    return case


def _shrunk(data: bytes, same: Callable[[bytes], bool], deadline: float) -> bytes:
    """``data`` with chunks of lines, then of bytes, deleted while ``same`` holds (until ``deadline``)."""
    for unit in ("lines", "bytes"):
        parts = data.splitlines(keepends=True) if unit == "lines" else [bytes([b]) for b in data]
        if unit == "bytes" and len(parts) > 20_000:
            continue
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            i, removed = 0, False
            while i < len(parts) and time.monotonic() < deadline:
                trial = parts[:i] + parts[i + chunk :]
                if trial and same(b"".join(trial)):
                    parts, removed = trial, True
                else:
                    i += chunk
            if not removed:
                chunk //= 2
        data = b"".join(parts)
    return data


def write_reproducer(folder: Path, case: Case, outcome: Outcome, count: int, pdf: bool) -> None:
    seed = SEED_BY_NAME[case.seed]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / seed.release).write_bytes(case.release)
    (folder / "organisation.yaml").write_bytes(case.organisation)
    (folder / "outcome.txt").write_text(
        f"kind: {outcome.key}\nseen: {count} times\nseed: {case.seed}\npdf: {'yes' if pdf else 'no'}\n"
        f"mutations: {', '.join(case.mutations)}\n"
        f"replay: python benchmarks/fuzz.py --replay {folder}\n\n{outcome.detail}\n", encoding="utf-8")


def _slug(key: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in key.lower())[:60].strip("-")


def report(results: dict[int, Outcome], pdf_set: set[int], args, workers) -> None:  # type: ignore[no-untyped-def]
    counts = collections.Counter(o.kind for o in results.values())
    at_render = sum(1 for o in results.values() if o.kind == "located" and o.stage != "load")
    print(f"  success        {counts['success']:6d}")
    print(f"  located error  {counts['located']:6d}   ({counts['located'] - at_render} at load, {at_render} at render)")
    print(f"  anything else  {counts['other']:6d}")
    groups: dict[str, list[int]] = collections.defaultdict(list)
    for index, outcome in sorted(results.items()):
        if outcome.kind == "other":
            groups[outcome.key].append(index)
    out = Path(args.out)
    for number, (key, indexes) in enumerate(sorted(groups.items(), key=lambda g: -len(g[1])), 1):
        first = min(indexes, key=lambda i: len(mutate(rng_for(args.seed, i)).release))
        small = shrink(mutate(rng_for(args.seed, first)), first in pdf_set, key, workers[0], args.timeout, args.shrink_seconds)
        folder = out / f"{number:02d}-{_slug(key)}"
        write_reproducer(folder, small, results[first], len(indexes), first in pdf_set)
        print(f"{len(indexes):6d}  {key}\n        {results[first].detail.splitlines()[0][:200]}\n"
              f"        reproducer: {folder} ({len(small.release)} bytes; first seen at #{first})")


def replay(folder: Path) -> None:
    info = dict(line.split(": ", 1) for line in (folder / "outcome.txt").read_text().splitlines()[:5] if ": " in line)
    seed = SEED_BY_NAME[info["seed"]]
    case = Case(seed.name, (folder / seed.release).read_bytes(), (folder / "organisation.yaml").read_bytes())
    with tempfile.TemporaryDirectory() as scratch:
        outcome = run_case(case, Path(scratch) / "replay", pdf=info.get("pdf") == "yes")
    print(f"{outcome.kind} [{outcome.stage}] {outcome.key}\n{outcome.detail}")
    for problem in outcome.problems:
        print(f"  {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pdf", type=int, default=200, help="how many of the sources also go through the PDF renderer")
    parser.add_argument("--jobs", "-j", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds one stage of one source may take")
    parser.add_argument("--shrink-seconds", type=float, default=60.0, help="time spent shrinking each reproducer")
    parser.add_argument("--out", default="fuzz-out", help="folder for the reproducers")
    parser.add_argument("--replay", type=Path, help="run one reproducer folder again and print its outcome")
    args = parser.parse_args()
    if args.replay:
        return replay(args.replay)
    start = time.perf_counter()
    pdf_set = set(random.Random(f"pdf:{args.seed}").sample(range(args.n), min(args.pdf, args.n)))
    with tempfile.TemporaryDirectory(prefix="pressrelease-fuzz-") as scratch:
        workers = [Worker(scratch) for _ in range(max(1, args.jobs))]
        tasks = ((i, mutate(rng_for(args.seed, i)), i in pdf_set) for i in range(args.n))
        results = run_all(tasks, args.n, workers, args.timeout)
        ran = time.perf_counter() - start
        print(f"fuzz: {args.n} sources (seed {args.seed}), {len(pdf_set)} through PDF too, {len(workers)} workers, "
              f"{ran:.0f} s")
        report(results, pdf_set, args, workers)
        for worker in workers:
            worker.close()
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
