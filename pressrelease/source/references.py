"""The images a release's Markdown shows: each must be a local file inside the allowed folders.

The loader calls :func:`image_problems` on the body, the notes and the
boilerplate; the images are found as :mod:`.markdown` finds them, in what
the author wrote and in the sanitised HTML every output is made from.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, position_of
from ..rules import is_inside

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Iterable

__all__ = ["image_path", "image_problems", "markdown_images"]


def _may_show_images(markdown_text: str) -> bool:
    """False when a text cannot hold an image, which spares converting it (and ``check`` the import)."""
    return "![" in markdown_text or "<im" in markdown_text.lower()


def markdown_images(markdown_text: str) -> list[str]:
    """The ``src`` of every image the Markdown text names, as written and once sanitised, without repeats.

    Both are inspected: the sanitiser can turn ``<image>`` into ``<img>``,
    and an image it drops (``file:``) is still a mistake to point out.
    """
    if not _may_show_images(markdown_text):
        return []
    from .markdown import image_references, markdown_html, render_markdown

    found = image_references(markdown_html(markdown_text)) + image_references(render_markdown(markdown_text))
    return list(dict.fromkeys(found))


def image_path(src: str, folder: Path) -> Path | None:
    """The local file an image's ``src`` names, relative to ``folder``; None for a URL."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    return folder / unquote(parts.path)


def image_problems(path: Path | None, text: str, from_line: int, markdown_texts: Iterable[str],
                   roots: tuple[Path, ...], base: Path) -> list[Problem]:
    """A located problem for each image in ``markdown_texts`` that no output may show.

    ``text`` is the file the Markdown came from and ``from_line`` where in it
    to start looking, so each problem points at the line that names the image.
    """
    problems = []
    for markdown_text in markdown_texts:
        for src in markdown_images(markdown_text):
            why = _image_problem(src, base, roots)
            if why:
                problems.append(Problem(path, *_where(text, src, from_line), *why, code="image"))
    return problems


def _where(text: str, src: str, from_line: int) -> tuple[int, int]:
    """Where in ``text`` an image names ``src`` (an empty one by its empty ``src=""`` or ``()``)."""
    for needle in [src] if src else ['src=""', "src=''", "]()"]:
        found = position_of(text, needle, from_line) or position_of(text, needle)
        if found:
            return found
    return (from_line, 1)


def _image_problem(src: str, base: Path, roots: tuple[Path, ...]) -> tuple[str, str] | None:
    name = image_path(src, Path())
    if name is None:
        return (f"image '{src}' is a URL; only files in the release's folder are used",
                "put the image in the release's folder and name it by its relative path")
    if name.is_absolute():
        return (f"image '{src}' is an absolute path", "name the image relative to the release")
    try:
        resolved = (base / name).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):  # ValueError: an embedded NUL ("a%00.png")
        return (f"image '{src}' does not exist", f"looked for {base / name}")
    if not is_inside(resolved, roots):
        return (f"image '{src}' is outside the release's folder", "copy the image next to the release")
    if not resolved.is_file():
        return (f"image '{src}' is not a regular file", "")
    return None
