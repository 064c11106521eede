"""A real browser and real validators for the pages we publish (fixtures live in conftest.py).

- **Chromium**: Debian's ``/usr/bin/chromium`` (or ``chromium`` on PATH), driven by Playwright for
  Python through ``executable_path``: Playwright never downloads a browser here.
- **axe-core** (npm ``axe-core``): its ``axe.min.js`` is injected into the open page and run there.
- **The Nu HTML Checker** (npm ``vnu-jar``): ``vnu.jar`` run with the system Java (Debian's OpenJDK),
  on every file of a test module in one run (the JVM takes about 1.5 s to start).

The npm packages are looked up in the folders of ``NODE_PATH`` (``.ci/run`` installs them and sets it),
then in ``PRESSRELEASE_NODE_MODULES``, then in the global ``node_modules`` folders. A missing tool
skips the test, or fails it when ``PRESSRELEASE_REQUIRE_TOOLS=1`` (as ``helpers.need_tool`` does).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, NoReturn
from urllib.parse import unquote, urlparse

import pytest

from helpers import need_tool

#: Where npm packages are looked for after NODE_PATH and PRESSRELEASE_NODE_MODULES.
GLOBAL_NODE_MODULES = ("/usr/local/lib/node_modules", "/usr/lib/node_modules", "/usr/share/nodejs")
#: Chromium as the machine notes say it must start here: no background networking, no sandbox (containers).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The JVM for one short run: C1 compilation only (about twice as fast here for a dozen pages), and the
#: thread stack the checker's schema needs with C1's larger frames (1 MB overflows).
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss8m"]


def _missing(message: str) -> NoReturn:
    if os.environ.get("PRESSRELEASE_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{message}, and .ci/run should have installed it")
    pytest.skip(message)


def node_folders() -> list[Path]:
    """The folders npm packages are looked for in, in order."""
    listed = os.environ.get("NODE_PATH", "").split(os.pathsep)
    listed.append(os.environ.get("PRESSRELEASE_NODE_MODULES", ""))
    return [Path(folder) for folder in [*listed, *GLOBAL_NODE_MODULES] if folder]


def node_file(package: str, inside: str) -> Path:
    """A file of an installed npm package (``node_file("axe-core", "axe.min.js")``), or skip (fail in CI)."""
    for folder in node_folders():
        path = folder / package / inside
        if path.is_file():
            return path
    _missing(f"the npm package {package} is not installed (looked for {package}/{inside} on NODE_PATH, "
             f"PRESSRELEASE_NODE_MODULES and {', '.join(GLOBAL_NODE_MODULES)})")


def chromium_path() -> str:
    """Debian's Chromium (the browser Playwright drives; it downloads none)."""
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else need_tool("chromium")


@contextmanager
def launched() -> Iterator[Any]:
    """A headless Chromium under Playwright, closed afterwards."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install '.[test]')")
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def offline_page(browser: Any, width: int = 1280, height: int = 900) -> Any:
    """A new page in a fresh context that may load nothing but 127.0.0.1, file: and data: URLs."""
    context = browser.new_context(viewport={"width": width, "height": height})

    def only_local(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        route.continue_() if host in ("127.0.0.1", "localhost") else route.abort()

    context.route("http*://**/*", only_local)
    return context.new_page()


@functools.cache
def _axe_source() -> str:
    return node_file("axe-core", "axe.min.js").read_text(encoding="utf-8")


def with_axe(context: Any) -> Any:
    """Have axe-core loaded in every page the context opens, before the page's own scripts (a page of many
    checked this way costs about 0.2 s, against 0.6 s when the 500 kB script is injected into each)."""
    context.add_init_script(_axe_source())
    return context


def axe_violations(page: Any, impacts: Iterable[str] = ("serious", "critical")) -> list[dict[str, Any]]:
    """What axe-core finds in the open page, of these impacts: each rule's id, impact, help and elements.

    axe is injected into the page unless it is there already (see :func:`with_axe`)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=_axe_source())
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    wanted = set(impacts)
    return [{"id": found["id"], "impact": found["impact"], "help": found["help"],
             "nodes": [" ".join(node["target"]) if isinstance(node["target"], list) else node["target"]
                       for node in found["nodes"]]}
            for found in violations if found["impact"] in wanted]


def vnu_messages(paths: Iterable[Path], *, errors_only: bool = True) -> list[dict[str, Any]]:
    """The Nu HTML Checker's messages on these files, in one run of the JVM."""
    files = [str(Path(path).absolute()) for path in paths]
    if not files:
        return []
    jar = node_file("vnu-jar", "build/dist/vnu.jar")
    java = need_tool("java")
    command = [java, *JAVA_OPTIONS, "-jar", str(jar), "--format", "json", "--exit-zero-always"]
    result = subprocess.run([*command, *(["--errors-only"] if errors_only else []), *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    return json.loads(result.stderr or result.stdout)["messages"]  # vnu writes its report on stderr


def vnu_errors(paths: Iterable[Path]) -> list[str]:
    """The Nu HTML Checker's errors on these files, each located: ``path:line:col: message``."""
    located = []
    for message in vnu_messages(paths):
        where = unquote(urlparse(message.get("url", "")).path) or "?"
        line, column = message.get("lastLine", 0), message.get("firstColumn", message.get("lastColumn", 0))
        located.append(f"{where}:{line}:{column}: {message.get('type')}: {message['message']}")
    return located


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 on a free port; yields the base URL (ending in ``/``)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"static {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
