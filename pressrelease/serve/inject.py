"""What ``serve`` adds to the pages it sends (never to the files on disk): live reload, problems, a toolbar.

Every HTML page gets, right after its ``<body>`` tag, a style sheet link, a
panel listing the build's problems (when there are any), a toolbar on a
release's page (its PDF, email and text), and the live-reload script. The
script and the style sheet are files served from ``/_pressrelease/``, not
inline code, so a page whose Content-Security-Policy allows ``'self'``
still runs them. Every text shown comes from a source or a path and is
escaped.
"""

from __future__ import annotations

import html
import re

from ..errors import Problem
from .epochs import Snapshot

__all__ = ["LIVE_SCRIPT", "STYLE", "inject", "page", "problems_panel", "toolbar"]

#: Served as /_pressrelease/live.js: long-polls for a newer build and reloads the page when there is one.
LIVE_SCRIPT = """\
(function () {
  "use strict";
  var me = document.currentScript;
  var epoch = me ? me.getAttribute("data-epoch") : "0";
  var server = me ? me.getAttribute("data-server") : "";
  function poll() {
    fetch("/_pressrelease/reload?epoch=" + encodeURIComponent(epoch), {cache: "no-store"})
      .then(function (answer) { if (!answer.ok) { throw new Error(String(answer.status)); } return answer.json(); })
      .then(function (now) {
        if (String(now.epoch) !== epoch || now.server !== server) { window.location.reload(); } else { poll(); }
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
"""

#: Served as /_pressrelease/ui.css: the panel, the toolbar and the email page.
STYLE = """\
#pressrelease-problems, #pressrelease-toolbar { all: initial; display: block; box-sizing: border-box;
  font: 15px/1.45 system-ui, sans-serif; color: #1a1a1a; padding: .6rem 1rem; }
#pressrelease-problems { background: #fff1f0; border-bottom: 3px solid #b42318; }
#pressrelease-problems h2 { font: bold 16px system-ui, sans-serif; margin: 0 0 .4rem; color: #b42318; }
#pressrelease-problems ul { margin: 0; padding-left: 1.2rem; }
#pressrelease-problems li { margin: .2rem 0; }
#pressrelease-problems code { font: 13px ui-monospace, monospace; }
#pressrelease-problems .warning code { color: #7a4b00; }
#pressrelease-problems .hint { color: #444; }
#pressrelease-toolbar { background: #eef2f7; border-bottom: 1px solid #c9d2de; }
#pressrelease-toolbar a { color: #0b4f9c; margin-right: 1rem; }
.pressrelease-page { font: 15px/1.45 system-ui, sans-serif; margin: 1rem; }
.pressrelease-headers { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.pressrelease-headers dt { font-weight: bold; } .pressrelease-headers dd { margin: 0; }
.pressrelease-email { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; padding: 1rem; }
.pressrelease-email pre { white-space: pre-wrap; font: 13px/1.5 ui-monospace, monospace; margin: 0; }
.pressrelease-email iframe { width: 100%; height: 85vh; border: 1px solid #c9d2de; background: #fff; }
@media (max-width: 800px) { .pressrelease-email { grid-template-columns: 1fr; } }
@media print { #pressrelease-problems, #pressrelease-toolbar { display: none; } }
"""

_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def _problem_item(problem: Problem) -> str:
    where = f"{problem.path if problem.path is not None else '<string>'}:{problem.line}:{problem.col}"
    hint = f' <span class="hint">({html.escape(problem.hint)})</span>' if problem.hint else ""
    return (f'<li class="{html.escape(problem.severity)}"><code>{html.escape(where)}: {html.escape(problem.severity)}:'
            f" {html.escape(problem.message)}</code>{hint}</li>")


def problems_panel(problems: tuple[Problem, ...]) -> str:
    """The panel listing ``problems`` ("" when there are none)."""
    if not problems:
        return ""
    errors = sum(p.severity == "error" for p in problems)
    title = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" + (f" ({errors} error{'s' if errors != 1 else ''})" if errors else "")
    items = "\n".join(_problem_item(p) for p in problems)
    return (f'<aside id="pressrelease-problems" role="alert" aria-label="Build problems"><h2>{title} in the last '
            f"build: this page may be out of date</h2><ul>\n{items}\n</ul></aside>")


def toolbar(slug: str) -> str:
    base = "/_pressrelease/" + html.escape(slug, quote=True)
    return (f'<nav id="pressrelease-toolbar" aria-label="Preview">Preview of <code>{html.escape(slug)}</code>: '
            f'<a href="{base}/pdf">PDF</a><a href="{base}/email">Email</a><a href="{base}/text">Text</a></nav>')


def _head(snapshot: Snapshot, server_id: str, slug: str | None) -> bytes:
    parts = ['<link rel="stylesheet" href="/_pressrelease/ui.css">', problems_panel(snapshot.problems),
             toolbar(slug) if slug else "",
             f'<script src="/_pressrelease/live.js" data-epoch="{snapshot.epoch}" '
             f'data-server="{html.escape(server_id)}" defer></script>']
    return "".join(parts).encode("utf-8")


def inject(document: bytes, snapshot: Snapshot, server_id: str, slug: str | None = None) -> bytes:
    """``document`` with the preview's additions after its ``<body>`` tag (at its start if it has none)."""
    added = _head(snapshot, server_id, slug)
    found = _BODY.search(document)
    if found is None:
        return added + document
    return document[: found.end()] + added + document[found.end():]


def page(title: str, body: str, lang: str = "en") -> bytes:
    """A page of the preview's own (``body`` already escaped), to be sent through :func:`inject`."""
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head><body>{body}</body></html>").encode()
