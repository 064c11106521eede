"""Live reload's clock: one epoch a finished build, the snapshot it made, and the lock pages are read under.

Every build that changed something (a file written or removed, a problem
found or gone) publishes a new :class:`Snapshot` under a new epoch. A page
carries the epoch it was served at; its script long-polls
``/_pressrelease/reload?epoch=N``, which :meth:`Epochs.wait` holds until the
epoch is no longer N (or the poll times out), and then reloads.

Files are read from the output folder only under :meth:`Epochs.reading`,
and a build runs under :meth:`Epochs.writing`, which waits for the readers
and keeps new ones out until the build is over: a page is never read from a
half-written build, and its snapshot (problems, releases) is the one made
with it.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from ..errors import Problem

__all__ = ["Epochs", "ReleaseFiles", "Snapshot"]

#: Seconds a long-poll is held when nothing changes (the page then polls again).
POLL_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class ReleaseFiles:
    """One release as served: its slug, source, the URL of its page, and its files by format (pdf, txt, eml)."""

    slug: str
    source: Path
    page: str
    outputs: dict[str, Path] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one finished build left: the folder served, its problems, its releases, the files it read."""

    root: Path
    epoch: int = 0
    problems: tuple[Problem, ...] = ()
    releases: dict[str, ReleaseFiles] = field(default_factory=dict)
    pages: dict[Path, str] = field(default_factory=dict)  # a release page's resolved file -> its slug
    inputs: frozenset[Path] = frozenset()
    site: bool = False  # the root is the newsroom site (<out>/site), not the bare output folder


class Epochs:
    """The current snapshot and its epoch; long-polls wait here, and builds shut readers out."""

    def __init__(self, first: Snapshot) -> None:
        self.server_id = os.urandom(6).hex()  # a page from an earlier server reloads at once
        self._changed = threading.Condition()
        self._snapshot = first
        self._closed = False
        self._lock = threading.Condition()
        self._readers = 0
        self._writing = False

    @property
    def current(self) -> Snapshot:
        with self._changed:
            return self._snapshot

    def publish(self, snapshot: Snapshot) -> Snapshot:
        """Make ``snapshot`` current under the next epoch and wake every long-poll."""
        with self._changed:
            self._snapshot = replace(snapshot, epoch=self._snapshot.epoch + 1)
            self._changed.notify_all()
            return self._snapshot

    def replace(self, snapshot: Snapshot) -> None:
        """Make ``snapshot`` current under the same epoch (nothing a page shows has changed)."""
        with self._changed:
            self._snapshot = replace(snapshot, epoch=self._snapshot.epoch)

    def wait(self, epoch: int, timeout: float = POLL_SECONDS) -> int:
        """The current epoch, once it is not ``epoch`` or ``timeout`` seconds have passed (or the server stops)."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._snapshot.epoch != epoch, timeout)
            return self._snapshot.epoch

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @contextmanager
    def reading(self) -> Iterator[Snapshot]:
        """Read files of the current build: no build starts until the reading is over."""
        with self._lock:
            self._lock.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield self.current
        finally:
            with self._lock:
                self._readers -= 1
                self._lock.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Run a build: wait for the readers to finish, and keep new ones waiting until it is over."""
        with self._lock:
            self._lock.wait_for(lambda: not self._writing)
            self._writing = True
            self._lock.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._lock:
                self._writing = False
                self._lock.notify_all()
