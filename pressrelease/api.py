"""One-call rendering for programs: ``render_html(release)`` and friends.

Each call builds a fresh theme and renderer. A program rendering many
releases should keep a :class:`~pressrelease.build.Builder` (or a renderer
from :data:`~pressrelease.renderers.FORMATS`) instead, so WeasyPrint's font
set-up is paid once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .models import Release
from .renderers import FORMATS, RenderOptions
from .templating import Theme

if TYPE_CHECKING:
    from email.message import EmailMessage

__all__ = ["render", "render_email", "render_html", "render_pdf", "render_text"]


def render(release: Release, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    """Render ``release`` in the format named ``fmt`` ("html", "pdf", "txt", "eml")."""
    options = options or RenderOptions()
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    return FORMATS[fmt].renderer(Theme(options.templates), options).render(release)


def render_html(release: Release, *, templates: Sequence[Path | str] = ()) -> str:
    """The standalone web page (images embedded)."""
    result = render(release, "html", RenderOptions(templates=tuple(Path(t) for t in templates)))
    assert isinstance(result, str)
    return result


def render_text(release: Release, *, templates: Sequence[Path | str] = ()) -> str:
    """The plain-text email body, wrapped at 72 columns."""
    result = render(release, "txt", RenderOptions(templates=tuple(Path(t) for t in templates)))
    assert isinstance(result, str)
    return result


def render_pdf(
    release: Release,
    *,
    paper: str | None = None,
    variant: str | None = None,
    templates: Sequence[Path | str] = (),
) -> bytes:
    """The print PDF; ``paper`` is "a4" or "letter" (default: the house style's)."""
    options = RenderOptions(templates=tuple(Path(t) for t in templates), paper=paper, pdf_variant=variant)
    result = render(release, "pdf", options)
    assert isinstance(result, bytes)
    return result


def render_email(
    release: Release,
    *,
    attach_pdf: bool = False,
    sender: str | None = None,
    templates: Sequence[Path | str] = (),
) -> EmailMessage:
    """The complete email as an ``email.message.EmailMessage`` (``bytes(msg)`` or ``msg.as_bytes()`` to write it).

    ``sender`` ("Name <addr>") replaces the first media contact as From; replies still go to the contact.
    """
    from .renderers.email import EmailRenderer
    from .renderers.pdf import PdfRenderer

    options = RenderOptions(templates=tuple(Path(t) for t in templates), attach_pdf=attach_pdf, from_address=sender)
    theme = Theme(options.templates)
    pdf = PdfRenderer(theme, options).render(release) if attach_pdf else None
    return EmailRenderer(theme, options).message(release, pdf=pdf)
