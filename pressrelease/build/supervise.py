"""Each release's time limit, and local worker processes that may be stopped, die and be replaced.

- :func:`render_in_time`: the per-release stage in this process, stopped by
  ``SIGALRM`` when it runs past the limit (``-j 1``). The signal interrupts
  Python code, which is where rendering spends its time (WeasyPrint's layout
  is Python); a C call (decoding one image) finishes first. Only the main
  thread receives signals: elsewhere (the API called from a thread) there is
  no limit.
- :class:`WorkerPool`: ``-j N`` worker processes, each given one release at a
  time, so the one that runs past the limit is known and killed (a C call
  cannot be interrupted from inside) and replaced, and the others go on. A
  worker that dies (killed, out of memory) is replaced and the releases it
  had are tried once more; one that kills its worker twice is reported
  against itself. Workers are replaced every :data:`RECYCLE_AFTER` releases.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Mapping, Sequence

from ..errors import Problem
from .options import BuildOptions
from .stage import Rendered, forget_worker_builder, render_source

if TYPE_CHECKING:
    from ..model import Translation

__all__ = ["RECYCLE_AFTER", "WorkerPool", "overran", "render_in_time"]

#: Worker processes are replaced after this many releases, so any memory WeasyPrint keeps is returned.
RECYCLE_AFTER = 200

#: How many times a release may lose its worker before it is reported instead of tried again.
ATTEMPTS = 2


def overran(source: Path, seconds: float) -> Rendered:
    """The answer for a release stopped at the time limit."""
    return Rendered(source, problems=[Problem(
        source, 1, 1, f"rendering this release took longer than {seconds:g} s and was stopped",
        "make it smaller (fewer or smaller images), or allow more time with --timeout SECONDS", code="timeout")])


def _lost(source: Path, why: str) -> Rendered:
    return Rendered(source, problems=[Problem(
        source, 1, 1, f"the worker process rendering this release died twice ({why})",
        "render it alone with -j 1 to see what goes wrong; a worker killed for memory shows in the system log",
        code="worker")])


class _Overran(BaseException):
    """Raised by the alarm; a BaseException, so that the stage's ``except Exception`` does not take it."""


def _ring(signum: int, frame: object) -> None:
    raise _Overran


def render_in_time(options: BuildOptions, build_id: str, source: Path,
                   translations: tuple[Translation, ...] = ()) -> Rendered:
    """The per-release stage in this process, stopped after ``options.timeout`` seconds."""
    seconds = options.timeout
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return render_source(options, build_id, source, translations)
    previous = signal.signal(signal.SIGALRM, _ring)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return render_source(options, build_id, source, translations)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overran:
        forget_worker_builder()  # stopped anywhere: the next release starts with fresh renderers
        return overran(source, seconds)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _serve(connection, options: BuildOptions, build_id: str) -> None:  # type: ignore[no-untyped-def]
    """A worker process: render each source it is sent until told to stop (None) or the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    for name in ("SIGTERM", "SIGHUP"):  # as the system does it (not a handler a parent set, serve's, say)
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    try:
        while (task := connection.recv()) is not None:
            connection.send(render_source(options, build_id, *task))
    except (EOFError, OSError):
        pass
    finally:
        forget_worker_builder()


class _Worker:
    """One worker process, its pipe, and the release it is rendering (index, source, when it started)."""

    def __init__(self, context, options: BuildOptions, build_id: str) -> None:  # type: ignore[no-untyped-def]
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, options, build_id), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[int, Path, float] | None = None
        self.done = 0

    def give(self, index: int, source: Path, translations: tuple[Translation, ...]) -> None:
        self.connection.send((source, translations))
        self.task = (index, source, time.monotonic())

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.connection.send(None)
            except OSError:
                kill = True
        self.process.join(None if not kill and self.task is None else 0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


class WorkerPool:
    """``jobs`` local worker processes for one build, fed one release each at a time."""

    def __init__(self, options: BuildOptions, build_id: str, jobs: int) -> None:
        import multiprocessing

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        self.options, self.build_id, self.jobs = options, build_id, jobs

    def map(self, sources: Sequence[Path], translations: Mapping[Path, tuple[Translation, ...]] | None = None,
            ) -> Iterator[Rendered]:
        """Render every source; answers in the order of ``sources``, at most a window of them held back
        (``translations``: each source's siblings, which its web page links to)."""
        siblings = translations or {}
        waiting = deque(enumerate(sources))
        deaths: dict[int, int] = {}
        answers: dict[int, Rendered] = {}
        workers = [self._start() for _ in range(min(self.jobs, len(sources)))]
        window = 4 * len(workers)
        following = 0
        try:
            while following < len(sources):
                self._feed(workers, waiting, following + window, siblings)
                self._wait(workers)
                for place, worker in enumerate(workers):
                    finished = self._check(worker, answers, deaths, waiting)
                    if finished is not None:
                        worker.stop(kill=finished)
                        workers[place] = self._start()
                # The next releases go out before these answers are written: no worker waits for the writer.
                self._feed(workers, waiting, following + window, siblings)
                while following in answers:
                    yield answers.pop(following)
                    following += 1
        finally:
            for worker in workers:
                worker.stop(kill=worker.task is not None)

    def _feed(self, workers: list[_Worker], waiting: deque, end: int,
              siblings: Mapping[Path, tuple[Translation, ...]]) -> None:
        """Give each idle worker the next waiting release, if it comes before ``end`` (the window's end)."""
        for place, worker in enumerate(workers):
            if worker.task is None and waiting and waiting[0][0] < end:
                if not worker.process.is_alive():  # died between two releases
                    worker.stop(kill=True)
                    worker = workers[place] = self._start()
                index, source = waiting.popleft()
                worker.give(index, source, siblings.get(source, ()))

    def _start(self) -> _Worker:
        return _Worker(self.context, self.options, self.build_id)

    def _wait(self, workers: list[_Worker]) -> None:
        """Until a busy worker answers or dies, or the first time limit comes."""
        busy = [worker for worker in workers if worker.task is not None]
        limit = self.options.timeout
        timeout = None
        if limit:
            timeout = max(0.0, min(worker.task[2] for worker in busy) + limit - time.monotonic())  # type: ignore[index]
        wait([worker.connection for worker in busy] + [worker.process.sentinel for worker in busy], timeout)

    def _check(self, worker: _Worker, answers: dict[int, Rendered], deaths: dict[int, int],
               waiting: deque) -> bool | None:
        """Take the worker's answer, if any; None if it may go on, else whether it must be killed."""
        if worker.task is None:
            return None
        index, source, started = worker.task
        try:
            if worker.connection.poll():
                answers[index] = worker.connection.recv()
                worker.task = None
                worker.done += 1
                return False if worker.done >= RECYCLE_AFTER else None
        except (EOFError, OSError):
            pass  # it died while answering
        else:
            if worker.process.is_alive():
                limit = self.options.timeout
                if not limit or time.monotonic() - started < limit:
                    return None
                answers[index] = overran(source, limit)
                return True
        worker.task = None
        deaths[index] = deaths.get(index, 0) + 1
        if deaths[index] >= ATTEMPTS:
            answers[index] = _lost(source, _exit_reason(worker.process.exitcode))
        else:
            waiting.appendleft((index, source))
        return True


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}" if code is not None else "no answer"
