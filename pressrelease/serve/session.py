"""``pressrelease serve``: build, serve, watch, rebuild, until interrupted.

::

    bind 127.0.0.1:PORT ─▶ first build ─▶ serve (a thread) ─▶ watch ─▶ a batch of saves ─▶ rebuild ─▶ epoch + 1
                                                                 ▲                                    │
                                                                 └────────────────────────────────────┘

The build goes to a private output folder (a temporary one unless
``out_dir`` is given), so a preview never touches the deployable ``dist/``.
Builds run one at a time in the thread that calls :meth:`ServeSession.run`
(the main thread from the command line, so a release's time limit holds);
pages are served from the build's result only once it has finished
(:class:`~.epochs.Epochs`).
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import webbrowser
from dataclasses import replace
from pathlib import Path
from typing import Callable, TextIO

from ..build import BuildOptions
from ..build.pipeline import keep_previews_apart
from ..build.writer import OutputFolder
from .handler import ServeHandler, make_handler
from .server import IDLE_TIMEOUT, MAX_CONNECTIONS, LocalServer
from .epochs import Snapshot
from .site import LiveSite
from .watcher import Watcher

__all__ = ["ServeSession", "serve"]


class ServeSession:
    """One preview: the releases under ``path`` (a folder, or a release file: its folder, opened at its page)."""

    def __init__(self, path: Path, options: BuildOptions | None = None, *, out_dir: Path | None = None,
                 port: int = 8000, idle_timeout: float = IDLE_TIMEOUT, max_connections: int = MAX_CONNECTIONS,
                 log: TextIO | None = None, force_polling: bool = False, local_site: bool = False) -> None:
        """``local_site``: the site is built for the address served (``http://127.0.0.1:PORT/``, the port the
        server was given, a free one for 0). A BuildError if ``out_dir`` holds a build to deploy; OSError if
        the port cannot be listened on."""
        self.path, self.log, self.force_polling = Path(path), log, force_polling
        self.start_file = self.path if self.path.is_file() else None
        self.temporary = out_dir is None
        options = options or BuildOptions()
        out = Path(tempfile.mkdtemp(prefix="pressrelease-serve-")) if out_dir is None else Path(out_dir)
        self.stopping = threading.Event()
        self.watching = threading.Event()  # set once saves are being watched
        try:  # bound first, so the site is built for the port it is served on; nothing is served before start()
            self.server = LocalServer(port, ServeHandler, max_connections=max_connections)  # OSError: the port is taken
        except BaseException:
            self._remove(out)
            raise
        if out_dir is not None:  # refused before anything is served (a deploy's folder never shows a held release)
            try:
                keep_previews_apart(OutputFolder(out), options.publish_held)
            except BaseException:
                self.server.server_close()
                raise
        if local_site:
            options = replace(options, render=replace(options.render, site_url=f"http://127.0.0.1:{self.server.port}/"))
        folder = self.path.parent if self.start_file is not None else self.path
        self.site = LiveSite([folder], replace(options, out_dir=out))
        self.server.RequestHandlerClass = make_handler(self.site.epochs, self.home, idle_timeout=idle_timeout)
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.server.port

    def home(self) -> str:
        """The page to start at: the release named on the command line, else the site's index (or a release)."""
        snapshot = self.site.epochs.current
        if self.start_file is not None:
            return self.site.page_of(self.start_file) or "/"
        if snapshot.site:
            return "/"
        return next((r.page for r in snapshot.releases.values() if r.page), "/")

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.home()}"

    def start(self) -> None:
        """The first build, then serving in a thread of its own."""
        self.site.rebuild()
        self.thread = threading.Thread(target=self.server.serve_forever, name="pressrelease-serve", daemon=True)
        self.thread.start()

    def watch(self, on_ready: Callable[[], None] | None = None) -> None:
        """Rebuild after each batch of saves until :meth:`stop` (or Ctrl-C in the calling thread); ``on_ready``
        is called once saves are being watched."""
        options = self.site.options
        watcher = Watcher(self.site.sources + list(options.render.templates), lambda: self.site.epochs.current.inputs,
                          [options.out_dir], self.stopping, self.log, force_polling=self.force_polling, ready=self.watching,
                          on_ready=on_ready)
        for batch in watcher.batches():
            if self.stopping.is_set():
                break
            snapshot = self.site.rebuild()
            self.tell(batch, snapshot)

    def tell(self, batch: set[Path], snapshot: Snapshot) -> None:
        """One line on the log per rebuild, and the problems it found."""
        report = self.site.last_report
        if self.log is None or report is None:
            return
        print(f"{len(batch)} change{'s' if len(batch) != 1 else ''}: {len(report.built)} built, "
              f"{len(report.failed)} failed in {report.seconds:.2f} s (epoch {snapshot.epoch})", file=self.log, flush=True)
        for problem in snapshot.problems:
            print(f"  {problem}", file=self.log, flush=True)

    def stop(self) -> None:
        """Stop watching and serving (from any thread); the temporary output folder is deleted by :meth:`close`."""
        self.stopping.set()
        self.site.epochs.close()
        if self.thread is not None:
            self.server.shutdown()

    def close(self) -> None:
        self.stop()
        self.server.server_close()
        self.cleanup()

    def cleanup(self) -> None:
        site: LiveSite | None = getattr(self, "site", None)  # None when the port could not be listened on
        if site is not None:
            self._remove(site.options.out_dir)

    def _remove(self, out: Path) -> None:
        if self.temporary:
            shutil.rmtree(out, ignore_errors=True)


def serve(path: Path, options: BuildOptions | None = None, *, out_dir: Path | None = None, port: int = 8000,
          open_browser: bool = False, idle_timeout: float = IDLE_TIMEOUT, log: TextIO, local_site: bool = False) -> int:
    """Serve the preview until interrupted (Ctrl-C, or a SIGTERM or SIGHUP: the temporary folder, which shows
    releases under embargo, is deleted either way); OSError if the port cannot be listened on, BuildError if
    ``out_dir`` holds a build to deploy."""
    session = ServeSession(path, options, out_dir=out_dir, port=port, idle_timeout=idle_timeout, log=log,
                           local_site=local_site)
    previous = _stop_on_signals()
    try:
        print(f"building {path} ...", file=log, flush=True)
        session.start()
        report = session.site.last_report
        if report is not None:
            print(f"{len(report.built)} built, {len(report.unchanged)} unchanged, {len(report.failed)} failed",
                  file=log, flush=True)

        def ready() -> None:
            print(f"serving {path} at {session.url()} (Ctrl-C stops)", file=log, flush=True)
            if open_browser:
                webbrowser.open(session.url())

        session.watch(ready)
    except KeyboardInterrupt:
        pass
    finally:
        try:
            session.close()
        finally:
            for number, handler in previous.items():  # the process's own handlers again
                signal.signal(number, handler)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> dict[int, object]:
    """SIGTERM (``kill``, ``timeout``, a service manager, ``docker stop``) and SIGHUP (a closed terminal) stop
    the preview as Ctrl-C does, so its temporary folder is deleted (only in the main thread: elsewhere the
    caller owns the signals). The handlers they had, to be put back."""
    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            number = getattr(signal, name)
            previous[number] = signal.signal(number, _interrupt)
    return previous
