"""One-call rendering for programs: ``render_html(release)`` and friends.

Each call renders through a :class:`~pressrelease.formats.session.RenderSession`
kept for its options (templates, paper, variant, ...), so a program that
calls ``render_pdf`` in a loop pays for the theme, the fonts and the parsed
stylesheets once, as the build does. Sessions are kept per thread (a
renderer is not thread-safe), the sixteen most recently used per thread.
"""

from __future__ import annotations

import atexit
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from .formats import FORMATS, RenderOptions, email_needs
from .formats.session import RenderSession
from .model import Release, Translation

if TYPE_CHECKING:
    from email.message import EmailMessage

__all__ = ["render", "render_email", "render_html", "render_pdf", "render_text", "session"]

_KEPT_SESSIONS = 16
_local = threading.local()


@atexit.register
def _forget_sessions() -> None:
    """Let the kept sessions (and WeasyPrint's font set-up) go while the interpreter can still clean up."""
    _local.__dict__.pop("sessions", None)


def session(options: RenderOptions | None = None) -> RenderSession:
    """This thread's session for ``options``, made on first use and kept.

    Its templates are checked for edits as they are used; a template added
    to (or removed from) an override folder makes a new session.
    """
    options = options or RenderOptions()
    sessions: OrderedDict[RenderOptions, tuple[RenderSession, tuple[str, ...]]] | None = getattr(_local, "sessions", None)
    if sessions is None:
        sessions = _local.sessions = OrderedDict()
    kept = sessions.get(options)
    if kept is None or (options.templates and kept[1] != kept[0].theme.override_files()):
        made = RenderSession(options)
        kept = sessions[options] = (made, made.theme.override_files())
        while len(sessions) > _KEPT_SESSIONS:
            sessions.popitem(last=False)
    sessions.move_to_end(options)
    return kept[0]


def _templates(templates: Sequence[Path | str]) -> tuple[Path, ...]:
    return tuple(Path(t).resolve() for t in templates)


def render(release: Release, fmt: str, options: RenderOptions | None = None, *,
           translations: Iterable[Translation] = ()) -> str | bytes:
    """Render ``release`` in the format named ``fmt`` ("html", "pdf", "txt", "ics", "eml").

    ``translations``: the other languages' releases of this one, which the web page links to.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    return session(options).render(release, fmt, translations)


def render_html(release: Release, *, templates: Sequence[Path | str] = (),
                translations: Iterable[Translation] = ()) -> str:
    """The standalone web page (images embedded).

    ``translations`` are the other languages' releases of this one (``Translation.of(other)`` for each):
    the page then links to each (``NAME.html`` beside it) in a language switcher, and names them in its
    head (``<link rel="alternate" hreflang>``). Without them, it has no switcher.
    """
    result = render(release, "html", RenderOptions(templates=_templates(templates)), translations=translations)
    assert isinstance(result, str)
    return result


def render_text(release: Release, *, templates: Sequence[Path | str] = ()) -> str:
    """The plain-text email body, wrapped at 72 columns."""
    result = render(release, "txt", RenderOptions(templates=_templates(templates)))
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
    options = RenderOptions(templates=_templates(templates), paper=paper, pdf_variant=variant)
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
    from .formats.email.renderer import EmailRenderer

    options = RenderOptions(templates=_templates(templates), attach_pdf=attach_pdf, from_address=sender)
    kept = session(options)
    renderer = kept.renderer("eml")
    assert isinstance(renderer, EmailRenderer)
    return renderer.message(kept.job(release, email_needs(options), skip=True))  # no event: no .ics attached
