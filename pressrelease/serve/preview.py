"""``pressrelease preview``: the web page on localhost, re-rendered on every reload.

Each request loads the source afresh, so an editor's save shows on the next
reload; problems are shown in the page instead of a stack trace. It
listens on 127.0.0.1 only, and answers only requests that name it so: the
Host must be ``localhost``, ``127.0.0.1`` or ``[::1]`` with the port, or a
page elsewhere could read the preview through DNS rebinding. Only ``/`` is
the page (its images are embedded in it); any other path is 404. A
connection that has not sent its whole request ``idle_timeout`` seconds
after it opened is closed (however slowly it trickles bytes in), and at
most ``max_connections`` are served at once: more are closed at once.
"""

from __future__ import annotations

import html
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from ..errors import PressReleaseError, Problem, internal_problem, placed
from ..formats import RenderOptions
from ..formats.session import RenderSession
from ..source import Loader

__all__ = ["IDLE_TIMEOUT", "MAX_CONNECTIONS", "PreviewServer", "render_preview", "serve"]

#: Seconds a connection has to send its whole request (line and headers) before it is closed.
IDLE_TIMEOUT = 10.0
#: Connections served at once (one thread each); a browser opens about six.
MAX_CONNECTIONS = 32


def render_preview(path: Path, templates: tuple[Path, ...] = ()) -> tuple[int, str]:
    """(HTTP status, page) for the release at ``path``."""
    try:
        release = Loader().load(path)
        page = RenderSession(RenderOptions(templates=templates)).render(release, "html")
        assert isinstance(page, str)
        return 200, page
    except PressReleaseError as exc:
        problems: list[Problem] = placed(exc.problems, path)
    except Exception as exc:  # a bug in pressrelease: shown in the page, and the server keeps serving
        problems = [internal_problem(path, exc)]
    items = "\n".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    page = (
        "<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Problems</title>"
        f"<h1>{len(problems)} problem(s) in {html.escape(str(path))}</h1><ul>{items}</ul>"
        "<p>Fix the source and reload this page.</p></html>"
    )
    return 422, page


class _Deadline(io.RawIOBase):
    """A socket's input that raises TimeoutError once ``seconds`` have passed since it was made."""

    def __init__(self, connection: socket.socket, seconds: float) -> None:
        self.connection, self.deadline = connection, time.monotonic() + seconds

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the request took too long to arrive")
        self.connection.settimeout(left)
        return self.connection.recv_into(buffer)


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server with a bounded number of connections, each with an idle timeout."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, port: int, handler: type[BaseHTTPRequestHandler], *,
                 max_connections: int = MAX_CONNECTIONS) -> None:
        super().__init__(("127.0.0.1", port), handler)
        self.slots = threading.BoundedSemaphore(max_connections)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def allowed_hosts(self) -> set[str]:
        return {f"{host}:{self.port}" for host in ("localhost", "127.0.0.1", "[::1]")}

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # every slot is taken: this connection is closed, not queued
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def make_server(path: Path, *, port: int = 8000, templates: tuple[Path, ...] = (),
                idle_timeout: float = IDLE_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> PreviewServer:
    """The preview server for the release at ``path``, bound to 127.0.0.1:``port`` (0: any free port)."""

    class Handler(BaseHTTPRequestHandler):
        timeout = idle_timeout  # StreamRequestHandler sets it on the socket: a silent client is dropped

        def setup(self) -> None:
            super().setup()
            self.rfile = io.BufferedReader(_Deadline(self.connection, idle_timeout))  # a slow one too

        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            hosts = self.headers.get_all("Host") or []
            if len(hosts) != 1 or hosts[0].strip().lower() not in server.allowed_hosts():
                self.answer(421, "This preview answers only http://127.0.0.1:"
                                 f"{server.port}/ or http://localhost:{server.port}/.")
            elif not self.path.startswith("/") or urlsplit(self.path).path != "/":
                self.answer(404, f"Not found. The preview is at http://127.0.0.1:{server.port}/.")
            else:
                self.answer(*render_preview(path, templates))

        def answer(self, status: int, page: str) -> None:
            body = page.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if status in (200, 422)
                             else "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = PreviewServer(port, Handler, max_connections=max_connections)
    return server


def serve(path: Path, *, port: int = 8000, templates: tuple[Path, ...] = (), out: TextIO,
          idle_timeout: float = IDLE_TIMEOUT) -> int:
    """Serve the preview until interrupted; OSError if the port cannot be listened on."""
    server = make_server(path, port=port, templates=templates, idle_timeout=idle_timeout)
    print(f"previewing {path} at http://127.0.0.1:{server.port}/ (Ctrl-C stops)", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
