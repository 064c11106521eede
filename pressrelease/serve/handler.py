"""The requests ``serve`` answers: the site's files, live reload, and a release's PDF, email and text.

::

    /...                              a file of the served folder (static.locate), HTML with the additions
                                      of inject.py; 404 with the site's 404.html when it has one
    /_pressrelease/reload?epoch=N     held until the build epoch is not N (or 30 s): {"epoch", "server"}
    /_pressrelease/live.js, ui.css    the injected script and style sheet
    /_pressrelease/<slug>/pdf         the release's PDF
    /_pressrelease/<slug>/email       its email: the text and the HTML part side by side
    /_pressrelease/<slug>/text        its text version

Every answer is ``no-store`` (a preview changes under the browser),
``nosniff``, and same-origin only for embedding (``Cross-Origin-Resource-Policy``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import inject, views
from .epochs import POLL_SECONDS, Epochs
from .server import IDLE_TIMEOUT, TimedHandler
from .static import content_type, locate

__all__ = ["make_handler"]

_TOOLS = {"pdf": ("pdf", "application/pdf"), "text": ("txt", "text/plain; charset=utf-8")}
_OWN = {"live.js": (inject.LIVE_SCRIPT, "text/javascript; charset=utf-8"), "ui.css": (inject.STYLE, "text/css; charset=utf-8")}
_HTML = "text/html; charset=utf-8"


class ServeHandler(TimedHandler):
    epochs: Epochs
    home: Callable[[], str]
    poll_seconds = POLL_SECONDS

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.head_only = False
        self.respond()

    def do_HEAD(self) -> None:  # noqa: N802
        self.head_only = True
        self.respond()

    def respond(self) -> None:
        self.connection.settimeout(self.idle_timeout)  # the request is in: sending gets the whole timeout again
        port = self.server.port
        if not self.host_allowed():
            self.send(421, f"This preview answers only http://127.0.0.1:{port}/ or http://localhost:{port}/.".encode(),
                      "text/plain; charset=utf-8")
        elif not self.path.startswith("/") or self.path.startswith("//"):
            self.not_found(self.path)
        else:
            target = urlsplit(self.path)
            if target.path.startswith("/_pressrelease/"):
                self.tool(target.path.removeprefix("/_pressrelease/"), target.query)
            else:
                self.static(target.path)

    def send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(body)), "Cache-Control": "no-store",
                            "X-Content-Type-Options": "nosniff", "Cross-Origin-Resource-Policy": "same-origin",
                            **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", "text/plain; charset=utf-8", {"Location": location})

    def static(self, path: str) -> None:
        with self.epochs.reading() as snapshot:
            found = locate(snapshot.root, path)
            if found is not None and found.file is not None:
                body, file = found.file.read_bytes(), found.file
        if found is None:
            home = self.home()
            return self.redirect(302, home) if path == "/" and home not in ("", "/") else self.not_found(path)
        if found.redirect:
            return self.redirect(301, found.redirect)
        kind = content_type(file)
        if kind == _HTML:
            body = inject.inject(body, snapshot, self.epochs.server_id, snapshot.pages.get(file))
        self.send(200, body, kind)

    def not_found(self, path: str) -> None:
        with self.epochs.reading() as snapshot:
            found = locate(snapshot.root, "/404.html")
            body = found.file.read_bytes() if found is not None and found.file is not None else None
        if body is None:
            body = inject.page(*views.not_found_page(path))
        self.send(404, inject.inject(body, snapshot, self.epochs.server_id), _HTML)

    def tool(self, route: str, query: str) -> None:
        if route == "reload":
            return self.long_poll(query)
        if route in _OWN:
            text, kind = _OWN[route]
            return self.send(200, text.encode("utf-8"), kind)
        slug, _, what = unquote(route).rpartition("/")
        with self.epochs.reading() as snapshot:
            release = snapshot.releases.get(slug)
            fmt = "eml" if what == "email" else _TOOLS.get(what, ("", ""))[0]
            file: Path | None = release.outputs.get(fmt) if release is not None else None
            body = file.read_bytes() if file is not None and file.is_file() else None
        if body is None:
            return self.not_found("/_pressrelease/" + route)
        if what == "email":
            html = inject.page(*views.email_page(slug, body))
            return self.send(200, inject.inject(html, snapshot, self.epochs.server_id), _HTML)
        self.send(200, body, _TOOLS[what][1], {"Content-Disposition": f"inline; filename*=UTF-8''{quote(file.name)}"})

    def long_poll(self, query: str) -> None:
        asked = parse_qs(query).get("epoch", [""])[0]
        epoch = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 12 else -1
        now = self.epochs.wait(epoch, self.poll_seconds)
        body = json.dumps({"epoch": now, "server": self.epochs.server_id}).encode("utf-8")
        self.send(200, body, "application/json")


def make_handler(epochs: Epochs, home: Callable[[], str], *, idle_timeout: float = IDLE_TIMEOUT,
                 poll_seconds: float = POLL_SECONDS) -> type[ServeHandler]:
    """The handler class of one server: its epochs, its home page (where ``/`` goes when the site has no index)."""
    return type("Handler", (ServeHandler,), {"epochs": epochs, "home": staticmethod(home),
                                              "idle_timeout": idle_timeout, "poll_seconds": poll_seconds})
