"""Files a source names (photos, a logo, fonts): found, contained, and of the right kind.

A file is named relative to the file that names it. It must resolve, after
``..`` and symbolic links, inside the allowed folders, be a regular file of
reasonable size, and be what it claims by its first bytes (not its name).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..rules import is_inside, lazy
from .nodes import NodeReader

__all__ = ["FONT_TYPES", "IMAGE_TYPES", "MAX_IMAGE_BYTES", "check_file", "image_kind"]

FONT_TYPES = {b"\x00\x01\x00\x00": "TrueType", b"OTTO": "OpenType", b"true": "TrueType", b"wOFF": "WOFF", b"wOF2": "WOFF2"}
IMAGE_TYPES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
}
MAX_IMAGE_BYTES = 20_000_000
_SCHEME = lazy(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_DRIVE = lazy(r"[a-zA-Z]:[\\/]")


def check_file(
    reader: NodeReader,
    node: yaml.Node,
    field: str,
    base_dir: Path,
    roots: tuple[Path, ...],
    *,
    svg_ok: bool = False,
    font: bool = False,
) -> Path | None:
    """A file named relative to ``base_dir`` that exists, is an image (or a font), and lies under ``roots``.

    The containment check runs on the resolved path, so neither ``../`` nor a
    symbolic link can reach outside the release's folder.
    """
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    resolved = _locate(reader, node, field, text, base_dir, roots)
    if resolved is None:
        return None
    size = resolved.stat().st_size
    if size > MAX_IMAGE_BYTES:
        reader.error(node, f"{field} '{text}' is {size // 1_000_000} MB; the limit is 20 MB",
                     "export a smaller version of the image", "file")
        return None
    with resolved.open("rb") as handle:
        head = handle.read(512)
    if font:
        if not any(head.startswith(magic) for magic in FONT_TYPES):
            reader.error(node, f"{field} '{text}' is not a TrueType, OpenType or WOFF font", code="file-type")
            return None
        return resolved
    if not image_kind(head, svg_ok=svg_ok):
        kinds = "PNG, JPEG, GIF" + (" or SVG" if svg_ok else "")
        reader.error(node, f"{field} '{text}' is not a {kinds} image", "export the picture as PNG or JPEG", "file-type")
        return None
    return resolved


def _locate(reader: NodeReader, node: yaml.Node, field: str, text: str, base_dir: Path,
            roots: tuple[Path, ...]) -> Path | None:
    """The resolved, contained, regular file ``text`` names, or None after reporting why not."""
    if _SCHEME.match(text) and not _DRIVE.match(text):
        reader.error(node, f"{field} '{text}' is a URL; only local files are read",
                     "download the image into the release's folder and name it here", "file")
        return None
    if Path(text).is_absolute():
        reader.error(node, f"{field} '{text}' is an absolute path", "name the file relative to the release", "file")
        return None
    path = base_dir / text
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        reader.error(node, f"{field}: file '{text}' does not exist",
                     f"looked for {path}; check the spelling and the folder", "file-missing")
        return None
    except OSError as exc:
        reader.error(node, f"{field}: cannot read '{text}': {exc.strerror}", code="file")
        return None
    if not is_inside(resolved, roots):
        reader.error(node, f"{field} '{text}' is outside the release's folder",
                     "copy the file next to the release; files elsewhere are never read", "file-outside")
        return None
    if not resolved.is_file():
        reader.error(node, f"{field} '{text}' is not a regular file", code="file")
        return None
    return resolved


def image_kind(head: bytes, *, svg_ok: bool) -> str | None:
    """"PNG", "JPEG", "GIF", "WebP" or "SVG" from a file's first bytes; None if it is none of them."""
    for magic, kind in IMAGE_TYPES.items():
        if head.startswith(magic):
            return kind
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if svg_ok and b"<svg" in head.lstrip()[:512]:
        return "SVG"
    return None
