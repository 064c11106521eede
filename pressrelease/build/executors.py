"""Where the per-release stage runs: in this process, in worker processes, or on a Dask cluster.

The build hands an executor the sources to render and gets :class:`Rendered`
answers back in the same order, whatever ran them, so files, messages and
their order are the same with ``-j 1``, ``-j 8`` or a cluster. The executor
is chosen at the edge (the CLI's ``-j`` and ``--scheduler``); nothing else in
the build knows which one it has.

- :class:`InlineExecutor`: this process, one release after the other (``-j 1``).
- :class:`ProcessExecutor`: a pool of local worker processes (``-j N``).
- :class:`DaskExecutor`: the workers of a Dask distributed scheduler
  (``--scheduler tcp://HOST:PORT``; ``pip install 'pressrelease[dask]'``).
  Workers must see the sources, organisation files, photos and templates at
  the same absolute paths (a shared file system) and run the same version of
  pressrelease; they only render, and every file is written here. A worker
  that dies mid-build has its releases rendered again by another.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import Iterator, Mapping, Protocol, Sequence

from ..errors import BuildError, Problem
from ..model import Translation
from ..version import __version__
from .options import BuildOptions
from .stage import Rendered, forget_worker_builder, render_source
from .supervise import WorkerPool, overran, render_in_time

__all__ = ["DaskExecutor", "Executor", "InlineExecutor", "ProcessExecutor", "Siblings", "make_executor"]


#: Each source's translations: the other languages' releases its web page links to (none if missing).
Siblings = Mapping[Path, tuple[Translation, ...]]


class Executor(Protocol):
    def map(self, sources: Sequence[Path], translations: Siblings | None = None) -> Iterator[Rendered]:
        """Render every source, yielding answers in the order of ``sources``."""
        ...


class InlineExecutor:
    """The per-release stage in this process, each release stopped at the time limit."""

    def __init__(self, options: BuildOptions, build_id: str) -> None:
        self.options, self.build_id = options, build_id

    def map(self, sources: Sequence[Path], translations: Siblings | None = None) -> Iterator[Rendered]:
        translations = translations or {}
        try:
            for source in sources:
                yield render_in_time(self.options, self.build_id, source, translations.get(source, ()))
        finally:
            forget_worker_builder()


class ProcessExecutor:
    """``jobs`` local worker processes (:class:`~.supervise.WorkerPool`): a release past the time limit is
    stopped, a worker that dies is replaced and its release tried again once."""

    def __init__(self, options: BuildOptions, build_id: str, jobs: int) -> None:
        self.options, self.build_id, self.jobs = options, build_id, jobs

    def map(self, sources: Sequence[Path], translations: Siblings | None = None) -> Iterator[Rendered]:
        if sources:
            yield from WorkerPool(self.options, self.build_id, self.jobs).map(sources, translations)


def worker_version() -> str:
    """Run on each Dask worker before a build: the pressrelease version it would render with."""
    return __version__


class DaskExecutor:
    """The workers of the Dask distributed scheduler at ``address``, fed a bounded window of releases."""

    #: Seconds to wait for the scheduler to answer before the build gives up.
    connect_timeout = 20

    def __init__(self, options: BuildOptions, build_id: str, address: str) -> None:
        self.options, self.build_id, self.address = options, build_id, address
        self.translations: Siblings = {}

    def _client(self):  # type: ignore[no-untyped-def]
        try:
            from distributed import Client
        except ImportError:
            raise BuildError("--scheduler needs Dask: pip install 'pressrelease[dask]'") from None
        try:
            client = Client(self.address, set_as_default=False, timeout=self.connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise BuildError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from None
        versions = set(client.run(worker_version).values())
        if versions - {__version__}:
            client.close()
            raise BuildError(f"the Dask workers at {self.address} run pressrelease {', '.join(sorted(versions))}, "
                             f"this is {__version__}: install the same version on every worker")
        return client

    def map(self, sources: Sequence[Path], translations: Siblings | None = None) -> Iterator[Rendered]:
        if not sources:
            return
        self.translations = translations or {}
        client = self._client()
        try:
            window = max(8, 2 * sum(client.nthreads().values()))
            pending: deque = deque()
            todo = iter(sources)
            for source in todo:
                pending.append((source, self._submit(client, source)))
                if len(pending) >= window:
                    break
            while pending:
                source, future = pending.popleft()
                yield self._answer(source, future)
                following = next(todo, None)
                if following is not None:
                    pending.append((following, self._submit(client, following)))
        finally:
            client.close()

    def _submit(self, client, source: Path):  # type: ignore[no-untyped-def]
        # Workers run elsewhere: they get the absolute path (the same on a shared file system).
        return client.submit(render_source, self.options, self.build_id, source.absolute(),
                             self.translations.get(source, ()), pure=False)

    def _answer(self, source: Path, future) -> Rendered:  # type: ignore[no-untyped-def]
        """The worker's answer with the source named as the user named it, or the failure as a problem."""
        try:
            result: Rendered = future.result(timeout=self.options.timeout)
        except TimeoutError:  # counted from when the build began waiting for it, the one before it answered
            future.cancel()
            return overran(source, self.options.timeout or 0)
        except Exception as exc:  # noqa: BLE001 - a lost worker or a broken task is this release's failure
            why = f"the Dask cluster could not render it: {type(exc).__name__}: {exc}"
            return Rendered(source, problems=[Problem(source, 0, 0, why, "check the workers' logs", code="cluster")])
        finally:
            future.release()
        absolute = source.absolute()
        problems = [replace(p, path=source) if p.path == absolute else p for p in result.problems]
        return replace(result, source=source, problems=problems)


def make_executor(options: BuildOptions, build_id: str, count: int) -> Executor:
    """The executor the options ask for: a scheduler's workers, a process pool, or this process."""
    if options.scheduler:
        return DaskExecutor(options, build_id, options.scheduler)
    if options.jobs > 1 and count > 1:
        return ProcessExecutor(options, build_id, options.jobs)
    return InlineExecutor(options, build_id)
