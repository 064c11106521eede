"""The images a release's Markdown shows: each must be a local file inside the allowed folders.

The loader calls :func:`image_problems` on the body, the notes and the
boilerplate; the images are found as :mod:`.markdown` finds them, in what
the author wrote and in the sanitised HTML every output is made from.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, position_of
from .files import find_file

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Iterable

__all__ = ["MAX_MARKDOWN_IMAGES", "MAX_MARKDOWN_IMAGE_BYTES", "image_path", "image_problems", "markdown_images"]

#: The most images a release's body and notes (or a boilerplate) may show, each time one is shown counted.
MAX_MARKDOWN_IMAGES = 100
#: What the images a release's body and notes (or a boilerplate) show may weigh together, each time counted.
MAX_MARKDOWN_IMAGE_BYTES = 50_000_000


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


def image_problems(path: Path | None, text: str, from_line: int, markdown_texts: Iterable[str | tuple[int, str]],
                   roots: tuple[Path, ...], base: Path) -> list[Problem]:
    """A located problem for each image in ``markdown_texts`` that no output may show.

    ``text`` is the file the Markdown came from and ``from_line`` where in it
    to start looking, so each problem points at the line that names the image
    (a text given as ``(line, markdown)`` is looked for from its own line).
    The images of one call are counted each time they are shown, against
    :data:`MAX_MARKDOWN_IMAGES` and :data:`MAX_MARKDOWN_IMAGE_BYTES`.
    """
    problems, shown, total = [], 0, 0
    for item in markdown_texts:
        start, markdown_text = item if isinstance(item, tuple) else (from_line, item)
        counts = _shown(markdown_text)
        for src in markdown_images(markdown_text)[:MAX_MARKDOWN_IMAGES + 1]:
            where = _where(text, src, start)
            shown += counts.get(src, 1)
            if shown > MAX_MARKDOWN_IMAGES:
                return problems + [Problem(path, *where, f"more than {MAX_MARKDOWN_IMAGES} images are shown",
                                           "show fewer images; put the rest on the web", code="image-limit")]
            found = _image_file(src, base, roots)
            if isinstance(found, tuple):
                problems.append(Problem(path, *where, found[0], found[1], code=found[2]))
                continue
            total += found.stat().st_size * counts.get(src, 1)
            if total > MAX_MARKDOWN_IMAGE_BYTES:
                problems.append(Problem(path, *where, f"the images shown add up to more than "
                                        f"{MAX_MARKDOWN_IMAGE_BYTES // 1_000_000} MB (each time one is shown)",
                                        "show fewer or smaller images", code="image-limit"))
                return problems
    return problems


def _shown(markdown_text: str) -> dict[str, int]:
    """How many times each image ``src`` is shown in the sanitised HTML of a Markdown text."""
    if not _may_show_images(markdown_text):
        return {}
    from .markdown import image_references, render_markdown

    counts: dict[str, int] = {}
    for src in image_references(render_markdown(markdown_text)):
        counts[src] = counts.get(src, 0) + 1
    return counts


def _where(text: str, src: str, from_line: int) -> tuple[int, int]:
    """Where in ``text`` an image names ``src`` (an empty one by its empty ``src=""`` or ``()``)."""
    for needle in [src] if src else ['src=""', "src=''", "]()"]:
        found = position_of(text, needle, from_line) or position_of(text, needle)
        if found:
            return found
    return (from_line, 1)


def _image_file(src: str, base: Path, roots: tuple[Path, ...]) -> Path | tuple[str, str, str]:
    """The file an image's ``src`` names, if an output may show it; else (message, hint, code)."""
    name = image_path(src, Path())
    if name is None:
        return (f"image '{src}' is a URL; only files in the release's folder are used",
                "put the image in the release's folder and name it by its relative path", "image")
    return find_file("image", src, name, base, roots)
