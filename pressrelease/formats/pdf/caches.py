"""What one PDF renderer keeps between documents: parsed stylesheets and decoded images.

Parsing the stylesheets (and loading the fonts their ``@font-face`` rules
name into the shared ``FontConfiguration``) costs more per document than
anything but the layout itself, and it is the same for every release of one
house style. :class:`StylesheetCache` keeps each ``weasyprint.CSS`` by its
text and the folders its release may read; :class:`ImageCache` is the
dictionary WeasyPrint keeps decoded images in, made safe to keep across
documents: an entry is used only while its file is unchanged and only for a
document whose fetcher would serve that file.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from .fetcher import SafeFetcher

__all__ = ["ImageCache", "StylesheetCache"]


class StylesheetCache:
    """``weasyprint.CSS`` objects by (CSS text, allowed folders), the least recently used dropped past ``size``."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._sheets: OrderedDict[tuple[str, tuple[Path, ...]], object] = OrderedDict()

    def get(self, text: str, roots: tuple[Path, ...], make: Callable[[], object], *, keep: Callable[[], bool]) -> object:
        """The parsed sheet for ``text``; ``make()`` parses it, ``keep()`` says if it may be kept."""
        key = (text, roots)
        sheet = self._sheets.get(key)
        if sheet is not None:
            self._sheets.move_to_end(key)
            return sheet
        sheet = make()
        if keep():
            self._sheets[key] = sheet
            while len(self._sheets) > self.size:
                self._sheets.popitem(last=False)
        return sheet


class ImageCache(dict):  # type: ignore[type-arg]
    """WeasyPrint's image cache (``write_pdf(cache=...)``), checked before each use, and bounded.

    WeasyPrint asks ``url in cache`` before fetching; here that is true only
    if the image was decoded from the same file, unchanged since (size and
    modification time), and the current document's fetcher allows that file.
    What WeasyPrint could not load is not kept (it is tried, and refused or
    reported, again), nor is an SVG (it fetches what it draws when it is
    drawn, with the fetcher of the document that first loaded it). Past
    ``kept_images`` images, the cache starts again empty. Other keys (the
    image data WeasyPrint stores under names derived from the URL) behave as
    in a plain dict.
    """

    kept_images = 64

    def __init__(self) -> None:
        super().__init__()
        self._stamps: dict[str, tuple[Path, int, int]] = {}
        self.fetcher: SafeFetcher | None = None

    def using(self, fetcher: SafeFetcher) -> ImageCache:
        """This cache, answering for the document ``fetcher`` fetches for."""
        self.fetcher = fetcher
        return self

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or key not in self._stamps:
            return super().__contains__(key)
        path, size, mtime = self._stamps[key]
        current = self.fetcher.local_file(key) if self.fetcher is not None else None
        try:
            info = path.stat()
        except OSError:
            info = None
        if current == path and info is not None and (info.st_size, info.st_mtime_ns) == (size, mtime):
            return super().__contains__(key)
        self._forget(key)
        return False

    def __setitem__(self, key: object, value: object) -> None:
        if isinstance(key, str) and key.startswith(("file:", "data:")):
            if value is None or type(value).__name__ == "SVGImage":
                return
            if len(self._stamps) >= self.kept_images:
                self.clear()
                self._stamps.clear()
        super().__setitem__(key, value)
        if isinstance(key, str) and key.startswith("file:") and self.fetcher is not None:
            path = self.fetcher.local_file(key)
            if path is not None:
                info = path.stat()
                self._stamps[key] = (path, info.st_size, info.st_mtime_ns)

    def _forget(self, url: str) -> None:
        """Drop an image and the data WeasyPrint stored under names derived from its URL."""
        self._stamps.pop(url, None)
        super().pop(url, None)
        prefix = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest() + "-"
        for derived in [k for k in self if isinstance(k, str) and k.startswith(prefix)]:
            super().pop(derived, None)
