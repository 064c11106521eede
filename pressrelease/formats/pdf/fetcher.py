"""The only way WeasyPrint may read anything while making a PDF.

WeasyPrint's own fetcher reads any local file and any URL, follows
redirects to internal hosts and only *logs* what fails. Ours answers
``data:`` URIs and ``file:`` URLs that resolve inside the allowed roots, a
file of the release's own folders only if it is an image or a font by its
content (see :mod:`.assets`), and refuses everything else: http(s), ftp, other files,
symbolic links leading out, device files. Every refusal is recorded so the
renderer can report all of them, located, after the render.

WeasyPrint keeps what it fetched in caches that outlive one document (see
:mod:`.caches`); :meth:`SafeFetcher.local_file` is the same check, so a
cached image or font is only reused where this fetcher would have served it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..assets import AssetRefused, content_type, read_asset, resolve_asset

__all__ = ["Refusal", "SafeFetcher"]


class Refusal(Exception):
    """Raised to WeasyPrint for a refused URL; it logs it and carries on."""


class _Response(URLFetcherResponse):
    """An answer that names no file: WeasyPrint then keeps the bytes we checked and read, rather than
    reading the file again by its URL when it writes the PDF (after our check, and past a link)."""

    path = None


class SafeFetcher(URLFetcher):
    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(timeout=1, allowed_protocols={"data", "file"}, allow_redirects=False)
        self.roots = roots if isinstance(roots, tuple) else tuple(roots)  # a Roots keeps which are the release's
        self.refused: list[tuple[str, str]] = []  # (url, why)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        try:
            path = _file_path(url)
            data = read_asset(path, self.roots)
        except AssetRefused as exc:
            return self._refuse(url, str(exc))
        return _Response(url, body=data, headers={"Content-Type": content_type(path, data)})

    def local_file(self, url: str) -> Path | None:
        """The real file a ``file:`` URL names, if this fetcher would serve it; else None."""
        try:
            return resolve_asset(_file_path(url), self.roots)
        except AssetRefused:
            return None

    def _refuse(self, url: str, reason: str) -> URLFetcherResponse:
        self.refused.append((url, reason))
        raise Refusal(reason)


def _file_path(url: str) -> Path:
    """The path of a ``file:`` URL on this machine; AssetRefused for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        raise AssetRefused("it is not a local file, and PDFs are made without network access")
    if parts.netloc not in ("", "localhost"):
        raise AssetRefused("it names another host")
    return Path(url2pathname(parts.path))  # url2pathname decodes %xx itself: decoding twice finds another file
