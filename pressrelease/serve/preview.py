"""``pressrelease preview``: the web page on localhost, re-rendered on every reload.

Each request loads the source afresh, so an editor's save shows on the next
reload; problems are shown in the page instead of a stack trace. It
listens on 127.0.0.1 only.
"""

from __future__ import annotations

import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from ..errors import PressReleaseError, Problem, internal_problem, placed
from ..formats import RenderOptions
from ..formats.session import RenderSession
from ..source import Loader

__all__ = ["render_preview", "serve"]


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


def serve(path: Path, *, port: int = 8000, templates: tuple[Path, ...] = (), out: TextIO) -> int:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            status, page = render_preview(path, templates)
            body = page.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"previewing {path} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", file=out, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
