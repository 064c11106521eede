"""Hardening of `pressrelease preview` (the alias of `serve`), against the real server in a subprocess on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

import pressrelease

from helpers import REFERENCE

#: The subprocesses run outside the checkout: ``python -m`` would import the package from the current folder first.
ELSEWHERE = tempfile.gettempdir()
#: ... so they import the package this test imported, wherever it is.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(pressrelease.__file__).parents[1]),
                                                    os.environ.get("PYTHONPATH", "")])}


@contextlib.contextmanager
def running(*extra: str) -> Iterator[tuple[int, int]]:
    """(pid, port) of `pressrelease preview REFERENCE --port 0 -j 1 [extra]`, running (its first build done)."""
    process = subprocess.Popen([sys.executable, "-m", "pressrelease", "preview", str(REFERENCE), "--port", "0", "-j", "1",
                                *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ELSEWHERE, env=ENV)
    try:
        line = ""
        while not line.startswith("serving"):
            line = process.stdout.readline()  # type: ignore[union-attr]
            assert line, process.stderr.read()  # type: ignore[union-attr]
        address = line.split("http://127.0.0.1:")[1].split()[0]
        port, _, page = address.partition("/")
        PAGE[int(port)] = "/" + page  # the release's page: where `preview FILE` starts
        yield process.pid, int(port)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def preview() -> Iterator[tuple[int, int]]:
    with running() as server:
        yield server


#: Each running server's start page, by port.
PAGE: dict[int, str] = {}


def get(port: int, path: str = "", host: str | None = None) -> tuple[int, bytes]:
    path = path or PAGE[port]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    status, body = response.status, response.read()
    connection.close()
    return status, body


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def test_the_page_is_served_on_its_own_names(preview: tuple[int, int]) -> None:
    _, port = preview
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, body = get(port, "", host)
        assert status == 200 and b"IPU Cambodia mission" in body, host
    assert get(port, PAGE[port] + "?reload=1")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "localhost",
                                  "127.0.0.1:1", "localhost.evil.example:{port}", ""])
def test_a_foreign_host_is_refused(preview: tuple[int, int], host: str) -> None:
    _, port = preview
    status, body = get(port, "", host.format(port=port))
    assert status == 421
    assert b"IPU" not in body


@pytest.mark.parametrize("path", ["/favicon.ico", "/../../etc/passwd", "//x", "/%2e%2e/%2e%2e/etc/passwd",
                                  "http://evil.example/", "/.pressrelease-manifest.json"])
def test_other_paths_are_not_found(preview: tuple[int, int], path: str) -> None:
    _, port = preview
    status, body = get(port, path)
    assert status == 404
    assert b"Cambodia" not in body and b"root:" not in body  # the site's 404 page: no release, no file


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_idle_connections_are_closed_and_threads_bounded() -> None:
    with running("--idle-timeout", "1") as (pid, port):
        idle_connections(pid, port)


def idle_connections(pid: int, port: int) -> None:
    before = threads(pid)
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(150)]
    try:
        time.sleep(0.3)
        assert threads(pid) <= before + 32  # at most MAX_CONNECTIONS handler threads, not one per connection
        deadline = time.monotonic() + 8
        while threads(pid) > before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert threads(pid) == before
        for connection in idle:
            try:
                assert connection.recv(1) == b""  # the server has closed it
            except ConnectionResetError:
                pass
        assert get(port)[0] == 200  # and it still serves
    finally:
        for connection in idle:
            connection.close()


def test_bad_port_is_a_usage_error() -> None:
    for port in ("70000", "-1", "²", "x"):
        result = subprocess.run([sys.executable, "-m", "pressrelease", "preview", str(REFERENCE), "--port", port],
                                capture_output=True, text=True, timeout=30, cwd=ELSEWHERE, env=ENV)
        assert result.returncode == 2 and "Traceback" not in result.stderr, port
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = subprocess.run([sys.executable, "-m", "pressrelease", "preview", str(REFERENCE),
                                 "--port", str(taken.getsockname()[1])], capture_output=True, text=True, timeout=30, cwd=ELSEWHERE, env=ENV)
    assert result.returncode == 2 and "cannot listen on 127.0.0.1" in result.stderr and "Traceback" not in result.stderr


def test_a_request_trickled_in_is_cut_off() -> None:
    with running("--idle-timeout", "1") as (_, port):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            started = time.monotonic()
            with pytest.raises((BrokenPipeError, ConnectionResetError)):
                for byte in b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n" * 100:
                    slow.sendall(bytes([byte]))
                    time.sleep(0.2)  # always sending, never idle for the timeout
                    if time.monotonic() - started > 6:
                        break
            assert time.monotonic() - started < 4
