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
from ..rules import file_name_problem, hidden_component, is_inside, read_regular
from ..source.files import FONT_TYPES
from ..source.images import image_header, image_refusal

__all__ = ["MAX_ASSET_BYTES", "AssetRefused", "Roots", "asset_roots", "content_type", "read_asset", "refusal", "resolve_asset"]

MAX_ASSET_BYTES = 25_000_000


class AssetRefused(Exception):
    """A file that may not be read; the message says why ("it does not exist")."""


class Roots(tuple):  # type: ignore[type-arg]
    """The folders one release's outputs may read (a tuple of paths), knowing which are the release's own.

    A file whose nearest folder here is the release's or its organisation's
    (not a template folder) is one a source named: it is read only if it is
    an image or a font by its content (see :func:`read_asset`).
    """

    release: tuple[Path, ...]

    def __new__(cls, release: Iterable[Path], templates: Iterable[Path] = ()) -> Roots:
        own = tuple(dict.fromkeys(release))
        roots = super().__new__(cls, tuple(dict.fromkeys([*own, *templates])))
        roots.release = own
        return roots


def asset_roots(release: Release, template_dirs: Iterable[Path]) -> Roots:
    """The folders this release's outputs may read from."""
    folders = [release.base_dir or Path.cwd(), *(org.base_dir for org in release.organisations)]
    # Loaded models and themes hold resolved paths already; only relative ones need resolving.
    resolve = lambda paths: [p if p.is_absolute() else p.resolve() for p in map(Path, filter(None, paths))]  # noqa: E731
    return Roots(resolve(folders), resolve(template_dirs))


def resolve_asset(path: Path, roots: Iterable[Path]) -> Path:
    """The real path of an allowed, regular, reasonably sized file, in no hidden folder."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise AssetRefused("it does not exist") from None
    roots = tuple(roots)
    if not is_inside(real, roots):
        raise AssetRefused("it is outside the release's folder and the template folders")
    hidden = hidden_component(real, roots)
    if hidden is not None:
        raise AssetRefused(f"it is inside '{hidden}', and files in hidden folders are never read")
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise AssetRefused("it is not a regular file")
    if info.st_size > MAX_ASSET_BYTES:
        raise AssetRefused(f"it is larger than {MAX_ASSET_BYTES // 1_000_000} MB")
    return real


def read_asset(path: Path, roots: Iterable[Path]) -> bytes:
    """The bytes of an allowed file; one of the release's own (see :class:`Roots`) must be an image or a font.

    The bytes checked are the bytes returned: a file replaced since the
    release was loaded is judged as it is now.
    """
    real = resolve_asset(path, roots)
    try:  # a regular file, opened without waiting: a named pipe put in its place since resolve_asset is refused
        data = read_regular(real, MAX_ASSET_BYTES)
    except OSError as exc:
        raise AssetRefused(f"it cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ASSET_BYTES:
        raise AssetRefused(f"it is larger than {MAX_ASSET_BYTES // 1_000_000} MB")
    if _named_by_a_source(real, roots):
        why = file_name_problem(real.name)
        if why:
            raise AssetRefused(f"its file name {why}")
        why = image_refusal(data, svg_ok=True)
        if why and not data.startswith(tuple(FONT_TYPES)):
            raise AssetRefused(f"it {why}")
    return data


def content_type(path: Path, data: bytes) -> str:
    """The media type of a file read: an image's by its content ("image/png"), anything else's by its name."""
    header = image_header(data)
    if header is not None:
        return f"image/{header[0].lower()}"
    if data[:512].lstrip().startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    import mimetypes

    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def _named_by_a_source(real: Path, roots: Iterable[Path]) -> bool:
    """Whether the nearest folder ``real`` is in is the release's or its organisation's (or roots says nothing)."""
    own = getattr(roots, "release", None)
    if own is None:
        return True
    holding = [root for root in roots if is_inside(real, (root,))]
    nearest = max(holding, key=lambda root: len(root.parts), default=None)
    return nearest is None or any(len(root.parts) == len(nearest.parts) and is_inside(real, (root,)) for root in own)


def refusal(release: Release, template_dirs: Iterable[Path], reference: str, why: str) -> Problem:
    """A refused file or URL, pointed at the line that asked for it: in the release, its organisation file,
    else in a template.

    ``reference`` is what was asked for (a path or a URL). A photo is found
    by its field; anything else by the whole reference, then its path from
    the release's folder, then its last segment, since templates and sources
    often name a file relatively. A refusal no line asked for is put at the
    release's first line.
    """
    shown = unquote(reference.removeprefix("file://")) if reference.startswith("file:") else reference
    message = f"refused to read {shown}: {why}"
    hint = "only images inside the release's folder can be used"
    origin = release.origin
    if origin is not None:
        position = _photo_position(release, Path(shown))
        if position is not None:
            return Problem(origin.path, *position, message, hint, code="resource")
    needles = _needles(release, reference, shown)
    sources = [(origin.path, origin.text, origin.body_line)] if origin is not None else []
    organisation_file = release.organisation.path
    if organisation_file is not None and organisation_file.is_file():
        sources.append((organisation_file, organisation_file.read_text(encoding="utf-8", errors="replace"), 1))
    for path, text, from_line in sources:
        for needle in needles:
            position = position_of(text, needle, from_line) or position_of(text, needle)
            if position:
                return Problem(path, *position, message, hint, code="resource")
    name = needles[-1]
    for folder in template_dirs:
        for candidate in sorted(Path(folder).rglob("*")):
            if candidate.suffix in (".html", ".css", ".txt") and candidate.is_file() and name:
                position = position_of(candidate.read_text(encoding="utf-8", errors="replace"), name)
                if position:
                    return Problem(candidate, *position, message,
                                   "templates may only use files from the template folders", code="resource")
    return Problem(origin.path if origin else None, 1 if origin else 0, 1 if origin else 0, message, code="resource")


def _needles(release: Release, reference: str, shown: str) -> list[str]:
    """What to look for in a source, most precise first: the reference, its path from the folders, its name."""
    needles = [reference, shown]
    for folder in (release.base_dir, release.organisation.base_dir):
        if folder is not None and Path(shown).is_absolute() and Path(shown).is_relative_to(folder):
            needles.append(Path(shown).relative_to(folder).as_posix())
    needles.append(shown.rstrip("/").rsplit("/", 1)[-1])
    return [needle for needle in dict.fromkeys(needles) if needle]


def _photo_position(release: Release, path: Path) -> tuple[int, int] | None:
    """Where the source names the photo ``path`` is (the path as the release holds it, or resolved)."""
    origin = release.origin
    for index, photo in enumerate(release.photos):
        if origin is not None and photo.file in (path, path.resolve()):
            return origin.locate(f"photos[{index}].file")
    return None
