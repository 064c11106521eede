"""Which saves matter to the preview: watch the sources' folders and templates, and every file a build read.

The folders (the sources, the ``--templates`` folders) are watched with
``watchfiles`` (inotify, FSEvents, ReadDirectoryChangesW), recursively; the
files a build read outside them (an organisation file in a parent folder,
the places a nearer one would be found, photos elsewhere) are checked by
their state each time the watcher wakes (at least twice a second).
Changes are collected until none has come for ``step`` ms (at most
``debounce`` ms), so one save, or a ``git checkout``, is one batch. Editors'
swap and backup files, hidden files and the output folder are ignored. When
``watchfiles`` is missing or fails (no inotify watches left, say), every
file is polled by its state instead.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

__all__ = ["Watcher"]

#: The watcher's tuning: milliseconds of quiet that end a batch, the most a batch waits, and how often
#: the files outside the watched folders (or everything, when polling) are checked, in seconds.
STEP_MS, DEBOUNCE_MS, POLL_SECONDS = 50, 300, 0.5
_SKIPPED_DIRS = {"__pycache__", "node_modules"}

State = tuple[int, int] | None


def _state(path: Path) -> State:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


class Watcher:
    """Batches of changed paths under ``folders`` or among ``extra()``, until ``stop`` is set."""

    def __init__(self, folders: Iterable[Path], extra: Callable[[], Iterable[Path]], ignored: Iterable[Path],
                 stop: threading.Event, log: TextIO | None = None, *, force_polling: bool = False,
                 ready: threading.Event | None = None, on_ready: Callable[[], None] | None = None) -> None:
        self.folders = sorted({f.resolve() for f in folders if f.is_dir()})
        self.extra, self.stop, self.log, self.force_polling = extra, stop, log, force_polling
        self.ignored = [p.resolve() for p in ignored]
        self.known: dict[Path, State] = {}
        self.ready = ready or threading.Event()  # set once changes are being watched (none is missed after)
        self.on_ready = on_ready

    def relevant(self, path: Path) -> bool:
        """A change at ``path`` may change the build: not in the output folder, hidden, or an editor's file."""
        if any(path == i or i in path.parents for i in self.ignored):
            return False
        folder = next((f for f in self.folders if f in path.parents), None)
        if folder is None:
            return path in set(self.extra())
        parts = path.relative_to(folder).parts
        name = parts[-1] if parts else ""
        return not (any(p.startswith(".") or p in _SKIPPED_DIRS for p in parts)
                    or name.endswith(("~", ".swp", ".swx", ".tmp")) or name.startswith("#"))

    def batches(self) -> Iterator[set[Path]]:
        if not self.force_polling:
            try:
                yield from self._notified()
                return
            except Exception as exc:  # noqa: BLE001 (ImportError, or the OS refusing more watches)
                if self.log is not None:
                    print(f"pressrelease: watching by polling ({type(exc).__name__}: {exc})", file=self.log, flush=True)
        yield from self._polled()

    def _watching(self) -> None:
        if not self.ready.is_set():
            self.ready.set()
            if self.on_ready is not None:
                self.on_ready()

    def _outside(self) -> set[Path]:
        """The files read outside the folders whose state changed since last asked."""
        changed = set()
        for path in self.extra():
            if not any(f in path.parents for f in self.folders):
                state = _state(path)
                if path in self.known and self.known[path] != state:
                    changed.add(path)
                self.known[path] = state
        return changed

    def _notified(self) -> Iterator[set[Path]]:
        import watchfiles

        self._outside()
        accept = watchfiles.DefaultFilter()
        keep = lambda change, path: accept(change, path) and self.relevant(Path(path))  # noqa: E731
        for changes in watchfiles.watch(*self.folders, watch_filter=keep, debounce=DEBOUNCE_MS, step=STEP_MS,
                                        stop_event=self.stop, rust_timeout=int(POLL_SECONDS * 1000),
                                        yield_on_timeout=True, raise_interrupt=False):
            self._watching()  # the first wake-up (at most POLL_SECONDS after the watch began)
            batch = {Path(path) for _, path in changes} | self._outside()
            if batch:
                yield batch
            if self.stop.is_set():
                return

    def _everything(self) -> dict[Path, State]:
        states = {}
        for folder in self.folders:
            for top, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if self.relevant(Path(top, d, "x")))
                for name in files:
                    path = Path(top, name)
                    if self.relevant(path):
                        states[path] = _state(path)
        return states

    def _polled(self) -> Iterator[set[Path]]:
        self._outside()
        before = self._everything()
        self._watching()
        while not self.stop.wait(POLL_SECONDS):
            now = self._everything()
            batch = {p for p in before.keys() | now.keys() if before.get(p) != now.get(p)} | self._outside()
            before = now
            if batch:
                yield batch
