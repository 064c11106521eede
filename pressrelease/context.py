"""What every template sees: the release, plus everything derived from it once.

Dates, labels, the release line, the dateline and the Markdown parts are
computed here and nowhere else, so the web page, the PDF, the text and the
email cannot disagree about any of them. Only how images are addressed
differs per output (a data: URI, a file: URL, a cid:), so each renderer
passes its own ``image_url``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup

from .i18n import Labels, format_embargo, format_release_date
from .markup import insert_lead, render_markdown
from .models import Photo, Release
from .plaintext import first_sentence
from .templating import Theme, css_string, page_counter_css
from .version import __version__

__all__ = ["ImageURL", "release_context", "PhotoView"]

ImageURL = Callable[[Path], str]


@dataclass(frozen=True, slots=True)
class PhotoView:
    """A photo and the address this output uses for it."""

    photo: Photo
    src: str

    @property
    def alt(self) -> str:
        return self.photo.alt or self.photo.caption


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
    body = plain_body = render_markdown(release.body)
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
        "notes": render_markdown(release.notes_to_editors),
        "boilerplate": render_markdown(org.boilerplate),
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
