"""Files a source names (photos, a logo, fonts, press-kit assets): found, contained, and of the right kind.

A file is named relative to the file that names it. It must resolve, after
``..`` and symbolic links, inside the allowed folders, be a regular file of
reasonable size, and be what it claims by its first bytes (not its name).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..rules import file_name_problem, hidden_component, is_inside, lazy
from .images import MAX_IMAGE_BYTES, image_refusal
from .nodes import NodeReader

__all__ = ["FONT_TYPES", "MAX_IMAGE_BYTES", "MAX_PDF_BYTES", "check_file", "file_problem", "find_file"]

#: The largest PDF a source may name (a press kit's fact sheet), in bytes.
MAX_PDF_BYTES = 50_000_000

FONT_TYPES = {b"\x00\x01\x00\x00": "TrueType", b"OTTO": "OpenType", b"true": "TrueType", b"wOFF": "WOFF", b"wOF2": "WOFF2"}
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
    pdf_ok: bool = False,
) -> Path | None:
    """A file named relative to ``base_dir`` that exists, is an image (or a font), and lies under ``roots``.

    The containment check runs on the resolved path, so neither ``../`` nor a
    symbolic link can reach outside the release's folder, nor into a hidden
    folder (``.git``) inside it.
    """
    text = reader.text(node, field, required=True)
    if text is None:
        return None
    if _SCHEME.match(text) and not _DRIVE.match(text):
        reader.error(node, f"{field} '{text}' is a URL; only local files are read",
                     "download the image into the release's folder and name it here", "file")
        return None
    found = find_file(field, text, Path(text), base_dir, roots, font=font, svg_ok=svg_ok, pdf_ok=pdf_ok)
    if isinstance(found, tuple):
        reader.error(node, *found)
        return None
    return found


def find_file(field: str, text: str, name: Path, base_dir: Path, roots: tuple[Path, ...], *,
              font: bool = False, svg_ok: bool = False, pdf_ok: bool = False) -> Path | tuple[str, str, str]:
    """The resolved file ``name`` (written ``text``) names, if a release may use it; else (message, hint, code).

    It must resolve (``..`` and links followed) inside ``roots``, cross no
    hidden folder, be a regular file with a name a mail program takes, and be
    an image (or a font; or a PDF when ``pdf_ok``) by its content, within the size limits.
    """
    if name.is_absolute():
        return f"{field} '{text}' is an absolute path", "name the file relative to the release", "file"
    path = base_dir / name
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError, ValueError):  # ValueError: an embedded NUL ("a%00.png")
        return f"{field}: file '{text}' does not exist", f"looked for {path}; check the spelling and the folder", "file-missing"
    except OSError as exc:
        return f"{field}: cannot read '{text}': {exc.strerror}", "", "file"
    if not is_inside(resolved, roots):
        return (f"{field} '{text}' is outside the release's folder",
                "copy the file next to the release; files elsewhere are never read", "file-outside")
    hidden = hidden_component(resolved, roots) or next(
        (part for part in name.parts if part.startswith(".") and part not in (".", "..")), None)
    if hidden is not None:
        return (f"{field} '{text}' is inside '{hidden}'",
                "a file whose path has a part starting with '.' (.git, .env) is never read", "file-outside")
    if not resolved.is_file():
        return f"{field} '{text}' is not a regular file", "", "file"
    why = file_name_problem(name.name) or file_name_problem(resolved.name)
    if why:
        return f"{field} '{text}': the file name {why}", "rename the file: it becomes a file name in the email", "file"
    why = file_problem(resolved, font=font, svg_ok=svg_ok, pdf_ok=pdf_ok)
    if why:
        hint = "use a TrueType, OpenType or WOFF file" if font else "export the picture as PNG or JPEG, at most 50 megapixels"
        if pdf_ok:
            hint = "use a PNG, JPEG, GIF, WebP or SVG image, or a PDF (a file that starts with %PDF-)"
        return f"{field} '{text}' {why}", hint, "file-type"
    return resolved


def file_problem(resolved: Path, *, font: bool = False, svg_ok: bool = False, pdf_ok: bool = False) -> str:
    """Why a regular file may not be used as an image (or a font, or a PDF), or "": "is not a PNG, JPEG, GIF or WebP image"."""
    try:
        size = resolved.stat().st_size
        if pdf_ok:
            with resolved.open("rb") as handle:
                if handle.read(5) == b"%PDF-":
                    limit = MAX_PDF_BYTES // 1_000_000
                    return f"is {size / 1_000_000:.1f} MB; the limit for a PDF is {limit} MB" if size > MAX_PDF_BYTES else ""
        if size > MAX_IMAGE_BYTES:
            return f"is {size / 1_000_000:.1f} MB; the limit is {MAX_IMAGE_BYTES // 1_000_000} MB"
        with resolved.open("rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if font:
        return "" if any(data.startswith(magic) for magic in FONT_TYPES) else "is not a TrueType, OpenType or WOFF font"
    why = image_refusal(data, svg_ok=svg_ok)
    return why.replace(" image (judged", " image, nor a PDF (judged") if pdf_ok else why
