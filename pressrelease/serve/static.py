"""Which file a URL path names in the served folder, and what type it is: refusing anything outside.

A URL path is decoded once (UTF-8, strictly) and then refused if any part
of it is empty, ``.`` or ``..``, hidden (starts with ``.``), or holds a
backslash, a NUL or another control character. What is left is resolved
with every symbolic link followed, and must still be inside the served
folder (a link pointing out of it, or into a hidden part of it, is refused)
and be a regular file; a folder stands for its ``index.html``.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..rules import UNPRINTABLE

__all__ = ["Found", "content_type", "locate"]

#: Types by suffix, before the platform's table is asked (which differs between machines).
TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".atom": "application/atom+xml", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".ics": "text/calendar; charset=utf-8", ".eml": "message/rfc822",
    ".pdf": "application/pdf", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf", ".wasm": "application/wasm",
}


@dataclass(frozen=True, slots=True)
class Found:
    """The answer for a URL path: a file to send, or a redirect (a folder named without its final ``/``)."""

    file: Path | None = None
    redirect: str = ""


def content_type(path: Path) -> str:
    known = TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name, strict=True)
    return guessed or "application/octet-stream"


def _parts(url_path: str) -> list[str] | None:
    """The decoded parts of ``url_path`` (which starts with /), or None if any of them is refused."""
    try:
        decoded = unquote(url_path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    parts = decoded[1:].split("/")
    if parts and parts[-1] == "":
        parts.pop()  # a folder's own address ends in /
    for part in parts:
        if not part or part.startswith(".") or "\\" in part or UNPRINTABLE.search(part):
            return None
    return parts


def locate(root: Path, url_path: str) -> Found | None:
    """The file ``url_path`` names inside ``root`` (a resolved folder), a redirect, or None (not found)."""
    if not url_path.startswith("/"):
        return None
    parts = _parts(url_path)
    if parts is None:
        return None
    try:
        target = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # missing, a loop of links, a name the OS refuses
        return None
    if target != root and root not in target.parents:
        return None  # a link that leads out of the folder
    if any(part.startswith(".") for part in target.relative_to(root).parts):
        return None  # ... or into a hidden part of it
    if target.is_dir():
        if not url_path.endswith("/"):
            return Found(redirect=url_path + "/") if (target / "index.html").is_file() else None
        return locate(root, url_path + "index.html") if (target / "index.html").exists() else None
    return Found(file=target) if target.is_file() else None
