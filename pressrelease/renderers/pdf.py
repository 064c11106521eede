"""The print PDF, made by WeasyPrint from the same HTML as the web page.

One renderer object keeps one FontConfiguration for all the PDFs it makes:
WeasyPrint otherwise builds a new one per document, which costs time and
grows memory by about 0.25 MB a document in a long batch.

Output is reproducible: every date in the file is the release's date
(``dcterms.created``/``modified`` in the HTML head, the attachment's dates,
and SOURCE_DATE_EPOCH for fontTools' subsetting fallback), the PDF/A
variants' document ID is a hash of the content (plain PDFs carry none), and
the fonts are the bundled ones.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from ..assets import asset_roots, refusal
from ..context import release_context
from ..errors import Problem, RenderError, ResourceError
from ..fetcher import SafeFetcher
from ..models import Release
from ..templating import Theme
from . import RenderOptions

__all__ = ["PdfRenderer"]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _weasyprint_log() -> Iterator[_Collect]:
    """Collect what WeasyPrint logs during one render (it raises nothing itself)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@contextmanager
def _source_date_epoch(moment: dt.datetime) -> Iterator[None]:
    """Pin fontTools' timestamps (used only when HarfBuzz subsetting is missing)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class PdfRenderer:
    template = "release.html"

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options
        self.font_config = FontConfiguration()

    def render(self, release: Release) -> bytes:
        roots = asset_roots(release, self.theme.dirs)
        fetcher = SafeFetcher(roots)
        variant = self.options.pdf_variant
        context = release_context(
            release,
            target="pdf",
            theme=self.theme,
            image_url=lambda path: Path(path).absolute().as_uri(),
            paper=self.options.paper,
            pdf_variant=variant,
        )
        html = self.theme.render(self.template, context)
        moment = release.date_utc
        attachments = []
        if variant and variant.startswith("pdf/a-3") and release.origin is not None:
            origin = release.origin
            attachments.append(
                Attachment(
                    string=origin.data or origin.text.encode("utf-8"),
                    name=origin.path.name,
                    description="The release's source: Markdown with YAML front matter",
                    created=moment,
                    modified=moment,
                    relationship="Source",
                    url_fetcher=fetcher,
                )
            )
        with _weasyprint_log() as log, _source_date_epoch(moment):
            document = HTML(
                string=html,
                base_url=self.theme.builtin.as_uri() + "/",
                url_fetcher=fetcher,
                media_type="print",
            )
            pdf = document.write_pdf(
                font_config=self.font_config,
                pdf_variant=variant,
                attachments=attachments,
            )
        if fetcher.refused:
            raise ResourceError([refusal(release, self.theme.dirs, url, why) for url, why in fetcher.refused])
        errors = [r for r in log.records if r.levelno >= logging.ERROR]
        if errors:
            origin = release.origin
            path = origin.path if origin else None
            raise RenderError([Problem(path, 0, 0, f"WeasyPrint: {r.getMessage()}", code="pdf") for r in errors])
        return bytes(pdf)
