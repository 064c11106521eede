"""The HTTP server under ``pressrelease serve``: 127.0.0.1 only, named Hosts only, bounded, impatient.

It listens on 127.0.0.1 only and answers only requests that name it so:
the Host must be ``localhost``, ``127.0.0.1`` or ``[::1]`` with the port,
or a page elsewhere could read the preview through DNS rebinding (anything
else gets 421). A connection that has not sent its whole request
``idle_timeout`` seconds after it opened is closed (however slowly it
trickles bytes in), and at most ``max_connections`` are served at once:
more are closed at once, not queued.
"""

from __future__ import annotations

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["IDLE_TIMEOUT", "MAX_CONNECTIONS", "LocalServer", "TimedHandler"]

#: Seconds a connection has to send its whole request (line and headers) before it is closed.
IDLE_TIMEOUT = 10.0
#: Connections served at once (one thread each); a browser opens about six, and each open page holds one
#: more for its live-reload long-poll.
MAX_CONNECTIONS = 32


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


class TimedHandler(BaseHTTPRequestHandler):
    """A request handler whose request must arrive within ``idle_timeout`` seconds, one request a connection."""

    idle_timeout = IDLE_TIMEOUT
    server: LocalServer

    def setup(self) -> None:
        self.timeout = self.idle_timeout  # StreamRequestHandler sets it on the socket: a silent client is dropped
        super().setup()
        self.rfile = io.BufferedReader(_Deadline(self.connection, self.idle_timeout))  # a slow one too

    def host_allowed(self) -> bool:
        hosts = self.headers.get_all("Host") or []
        return len(hosts) == 1 and hosts[0].strip().lower() in self.server.allowed_hosts()

    def log_message(self, format: str, *args: object) -> None:
        return


class LocalServer(ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 with a bounded number of connections, each with an idle timeout."""

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

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A browser that went away (a reload drops its long-poll) is no error; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

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
