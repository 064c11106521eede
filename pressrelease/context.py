"""What every template sees: the release, plus everything derived from it once.

Dates, labels, the release line, the dateline and the Markdown parts are
computed here and nowhere else, so the web page, the PDF, the text and the
email cannot disagree about any of them. Only how images are addressed
differs per output (a data: URI, a file: URL, a cid:), so each renderer
passes its own ``image_url``.
"""

from __future__ import annotations

import html as html_module
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

from markupsafe import Markup, escape

from .assets import refusal
from .errors import ResourceError

from .i18n import Labels, format_embargo, format_release_date
from .markup import insert_lead, render_markdown
from .models import Photo, Release
from .plaintext import first_sentence
from .templating import Theme, css_string, page_counter_css
from .version import __version__

__all__ = ["ImageURL", "PhotoView", "body_images", "release_context"]

ImageURL = Callable[[Path], str]


@dataclass(frozen=True, slots=True)
class PhotoView:
    """A photo and the address this output uses for it."""

    photo: Photo
    src: str

    @property
    def alt(self) -> str:
        return self.photo.alt or self.photo.caption


_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def _markdown_parts(release: Release) -> list[tuple[str, str, Path]]:
    """(name, Markdown, folder its relative images are in) for each Markdown part of the release."""
    own = release.base_dir or Path.cwd()
    org_dir = release.organisation.base_dir or own
    return [("body", release.body, own), ("notes", release.notes_to_editors, own),
            ("boilerplate", release.organisation.boilerplate, org_dir)]


def _image_path(src: str, folder: Path) -> Path | None:
    parts = urlsplit(html_module.unescape(src))
    if parts.scheme or parts.netloc:
        return None
    return folder / unquote(parts.path)


def body_images(release: Release) -> list[Path]:
    """The local image files the Markdown parts show (for email parts and build inputs)."""
    found: list[Path] = []
    for _, text, folder in _markdown_parts(release):
        if "![" in text or "<im" in text.lower():
            for match in _IMG_SRC.finditer(render_markdown(text)):
                path = _image_path(match.group(2), folder)
                if path is not None:
                    found.append(path)
    return list(dict.fromkeys(found))


def _localise_images(release: Release, html: Markup, folder: Path, image_url: ImageURL) -> Markup:
    """Point every <img> at the address this output uses for the file (data:, file:, cid:)."""
    if "<img" not in html:
        return html

    def swap(match: re.Match[str]) -> str:
        path = _image_path(match.group(2), folder)
        if path is None:  # a remote image in a model built in code; sources are refused at load
            raise ResourceError([refusal(release, (), match.group(2), "only local files are used")])
        return f"{match.group(1)}{escape(image_url(path))}{match.group(3)}"

    return Markup(_IMG_SRC.sub(swap, html))


def release_context(
    release: Release,
    *,
    target: str,
    theme: Theme,
    image_url: ImageURL,
    paper: str | None = None,
    pdf_variant: str | None = None,
) -> dict[str, Any]:
    """The template context for one release and one kind of output."""
    style = release.house_style
    org = release.organisation
    labels = Labels(release.language, org.labels)
    date_text = format_release_date(release.date, release.language, style.date_format)
    parts = {name: _localise_images(release, render_markdown(text), folder, image_url)
             for name, text, folder in _markdown_parts(release)}
    body = plain_body = parts["body"]
    lead = f"{release.dateline.city.upper()}, {date_text} –"
    if style.dateline == "lead":
        body = insert_lead(body, lead)
    release_line = ""
    embargo_time = embargo_date = ""
    if release.embargo is not None:
        embargo_time, embargo_date = format_embargo(release.embargo.until, release.language, style.date_format)
        release_line = labels.format_caps("embargoed", time=embargo_time, date=embargo_date)
    elif style.release_line:
        release_line = labels.format_caps("immediate")
    return {
        "release": release,
        "organisation": org,
        "style": style,
        "labels": labels,
        "target": target,
        "generator": f"pressrelease {__version__}",
        "kind": release.kind or labels["kind"],
        "date_text": date_text,
        "dateline_text": f"{release.dateline.city}, {date_text}",
        "dateline_lead": style.dateline == "lead",
        "release_line": release_line,
        "embargo_time": embargo_time,
        "embargo_date": embargo_date,
        "body": body,
        "notes": parts["notes"],
        "boilerplate": parts["boilerplate"],
        "contacts": release.media_contacts,
        "photos": [PhotoView(photo, image_url(photo.file)) for photo in release.photos],
        "logo_src": image_url(org.logo) if org.logo is not None else "",
        "description": release.subheadline or first_sentence(plain_body),
        "paper": paper or style.paper,
        "pdf_variant": pdf_variant or "",
        "running_head": release.running_head,
        "fonts": [(font, image_url(font.file)) for font in style.fonts] if target == "pdf" else [],
        "page_counter": Markup(page_counter_css(labels["page"])),
        "more_label": css_string(labels["more"]),
        "asset_url": lambda name: image_url(theme.find(name)),
    }
