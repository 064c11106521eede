"""Which files an output may read, and reading them.

Renderers never open a path they were handed without asking here first:
an asset must resolve (symbolic links followed) to a regular file inside
one of the allowed roots: the release's folder, its organisation's folder
and the template folders. The PDF's URL fetcher and the web page's image
embedding share this one rule.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from ..errors import Problem, position_of
from ..model import Release
from ..rules import is_inside

__all__ = ["MAX_ASSET_BYTES", "AssetRefused", "asset_roots", "read_asset", "refusal", "resolve_asset"]

MAX_ASSET_BYTES = 25_000_000


class AssetRefused(Exception):
    """A file that may not be read; the message says why ("it does not exist")."""


def asset_roots(release: Release, template_dirs: Iterable[Path]) -> tuple[Path, ...]:
    """The folders this release's outputs may read from."""
    folders = [release.base_dir or Path.cwd(), release.organisation.base_dir, *template_dirs]
    # Loaded models and themes hold resolved paths already; only relative ones need resolving.
    roots = [p if p.is_absolute() else p.resolve() for p in map(Path, filter(None, folders))]
    return tuple(dict.fromkeys(roots))


def resolve_asset(path: Path, roots: Iterable[Path]) -> Path:
    """The real path of an allowed, regular, reasonably sized file."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise AssetRefused("it does not exist") from None
    if not is_inside(real, roots):
        raise AssetRefused("it is outside the release's folder and the template folders")
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise AssetRefused("it is not a regular file")
    if info.st_size > MAX_ASSET_BYTES:
        raise AssetRefused(f"it is larger than {MAX_ASSET_BYTES // 1_000_000} MB")
    return real


def read_asset(path: Path, roots: Iterable[Path]) -> bytes:
    return resolve_asset(path, roots).read_bytes()


def refusal(release: Release, template_dirs: Iterable[Path], reference: str, why: str) -> Problem:
    """A refused file or URL, pointed at the line that asked for it: in the release, else in a template.

    ``reference`` is what was asked for (a path or a URL); the search uses the
    whole of it, then its last segment, since templates and sources often
    name a file relatively.
    """
    shown = unquote(reference.removeprefix("file://")) if reference.startswith("file:") else reference
    message = f"refused to read {shown}: {why}"
    name = reference.rstrip("/").rsplit("/", 1)[-1]
    origin = release.origin
    if origin is not None:
        for needle in (reference, shown, name):
            position = origin.find(needle) if needle else None
            if position:
                return Problem(origin.path, *position, message,
                               "only files inside the release's folder can be used", code="resource")
    for folder in template_dirs:
        for candidate in sorted(Path(folder).rglob("*")):
            if candidate.suffix in (".html", ".css", ".txt") and candidate.is_file() and name:
                position = position_of(candidate.read_text(encoding="utf-8", errors="replace"), name)
                if position:
                    return Problem(candidate, *position, message,
                                   "templates may only use files from the template folders", code="resource")
    return Problem(origin.path if origin else None, 0, 0, message, code="resource")
