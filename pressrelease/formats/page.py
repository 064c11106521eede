"""The template context of one format: the release's view, plus how this output addresses files.

Every format's templates see the same values from the view; what differs is
how an image, a photo, the logo or a font is addressed (a ``data:`` URI in
the web page, a ``file:`` URL in the PDF, a ``cid:`` in the email, a file
name in the text) and a few output settings (paper, PDF variant). This is
the one place that adds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from ..errors import ResourceError
from ..model import Organisation, Photo
from ..theme import Theme
from ..theme.filters import css_string, page_counter_css
from .assets import refusal
from .registry import Job

__all__ = ["FileURL", "LogoView", "PhotoView", "page_context"]

#: How an output addresses a local file it shows.
FileURL = Callable[[Path], str]


@dataclass(frozen=True, slots=True)
class PhotoView:
    """A photo and the address this output uses for it."""

    photo: Photo
    src: str

    @property
    def alt(self) -> str:
        return self.photo.alt or self.photo.caption


@dataclass(frozen=True, slots=True)
class LogoView:
    """An organisation's logo in the letterhead (the issuer's first) and the address this output uses for it."""

    organisation: Organisation
    src: str


def page_context(
    job: Job,
    *,
    target: str,
    theme: Theme,
    file_url: FileURL,
    paper: str | None = None,
    pdf_variant: str | None = None,
) -> dict[str, Any]:
    """The context for one format's templates (``target``: "web", "pdf", "text" or "email").

    ``logos`` are every organisation's logo that this output can show (an email leaves out SVG ones).
    """
    view = job.view
    release = view.release

    def address(src: str, path: Path | None) -> str:
        if path is None:  # a remote image in a model built in code; sources are refused at load
            raise ResourceError([refusal(release, (), src, "only local files are used")])
        return file_url(path)

    context = view.context()
    context.update(view.html_context(address))
    logos = [LogoView(org, file_url(org.logo)) for org in release.organisations if org.logo is not None]
    context.update(
        target=target,
        photos=[PhotoView(photo, file_url(photo.file)) for photo in release.photos],
        logo_src=file_url(view.organisation.logo) if view.organisation.logo is not None else "",
        logos=[logo for logo in logos if logo.src],
        paper=paper or view.style.paper,
        pdf_variant=pdf_variant or "",
        fonts=[(font, file_url(font.file)) for font in view.style.fonts] if target == "pdf" else [],
        page_counter=Markup(page_counter_css(view.labels["page"], view.counter_style)),
        more_label=css_string(view.labels["more"]),
        asset_url=lambda name: file_url(theme.find(name)),
        translations=(),  # the web page's language switcher (formats/html.py): no other output shows one
        site=None,  # the newsroom site, for its pages (formats/site/page.py)
    )
    return context
