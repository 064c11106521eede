"""Where everything lives in the newsroom site: the one place that knows its URL layout.

Every path here is relative to the site's root (the deployable folder,
``dist/site/`` by default) and uses ``/``. A page's own address ends in
``/`` (its file is ``index.html`` there), so the site serves from any web
server and from a subfolder. Pages link to each other relatively
(:func:`relative`); canonical links, feed ids and sitemaps use absolute
addresses (:func:`absolute`).

::

    index.html, page/2/ ...            newest first, per_page a page
    tags/ (every tag), tags/<tag>/     a tag's releases (page/2/ ...; feed.atom, feed.json)
    years/<yyyy>/                      a year's releases
    languages/<lang>/                  a language's releases (feed.atom, feed.json), when there are several
    releases/<slug>/                   a release's page; its media kit beside it:
    releases/<slug>/<slug>.pdf .txt .ics, releases/<slug>/media/<photo file>
    feed.atom, feed.json, sitemap.xml, news-sitemap.xml, robots.txt, 404.html
    search/                            the search page (Pagefind's index in pagefind/)
    assets/                            the theme's style sheet, script and the logo
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from urllib.parse import quote

__all__ = ["SITE_FOLDER", "absolute", "file_of", "listing_path", "media_name", "relative", "release_path",
           "tag_slug"]

#: The deployable folder inside the build's output folder.
SITE_FOLDER = "site"

_NOT_SLUG = re.compile(r"[^\w]+")


def tag_slug(tag: str) -> str:
    """A tag's folder name: NFKC, lower case, letters and digits of any script, others as one ``-``."""
    text = unicodedata.normalize("NFKC", tag).casefold()
    slug = _NOT_SLUG.sub("-", text).strip("-_")
    return slug[:80].strip("-") or "tag"


def release_path(slug: str) -> str:
    return f"releases/{slug}/"


def listing_path(kind: str = "", key: str = "", page: int = 1) -> str:
    """The folder of an index page: kind "" (the site), "tags", "years" or "languages", then its key."""
    base = "" if not kind else (f"{kind}/" if not key else f"{kind}/{key}/")
    return base if page <= 1 else f"{base}page/{page}/"


def media_name(position: int, filename: str, taken: set[str]) -> str:
    """A photo's file name in its release's ``media/`` folder: its own, or ``N-name`` (``N-M-name`` ...) if a
    name equal to it but for case is taken (a web server may not tell case apart)."""
    name, prefix = filename, f"{position}-"
    while name.casefold() in taken:
        name, prefix = prefix + filename, prefix + f"{position}-"
    taken.add(name.casefold())
    return name


def file_of(path: str) -> str:
    """The file a site path is written to: a folder's ``index.html``, else the path itself."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative(from_path: str, to_path: str) -> str:
    """The link from the page at ``from_path`` (a folder ending in /, or a file) to ``to_path``, encoded."""
    base = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    start = base.rstrip("/") or "."
    target = to_path.rstrip("/") or "."
    link = _relpath(target, start)
    if to_path.endswith("/") or to_path == "":
        link = "./" if link == "." else link + "/"
    return quote(link, safe="/.-_~")


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` without its ``os.getcwd()`` (a system call a link; a site has
    thousands), for paths that stay under the current folder; any other pair is left to ``relpath``."""
    start_parts, target_parts = _parts(start), _parts(target)
    if start_parts is None or target_parts is None:
        return posixpath.relpath(target, start)
    common = 0
    for mine, theirs in zip(start_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [posixpath.pardir] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else posixpath.curdir


def _parts(path: str) -> list[str] | None:
    """The components of a relative path, normalised; None if it is absolute or climbs above its start."""
    normal = posixpath.normpath(path)
    if normal.startswith("/") or normal == ".." or normal.startswith("../"):
        return None
    return [part for part in normal.split("/") if part and part != "."]


def absolute(site_url: str, path: str) -> str:
    """The absolute address of a site path (``site_url`` ends in /)."""
    return site_url + quote(path, safe="/.-_~")
