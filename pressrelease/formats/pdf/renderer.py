"""The print PDF, made by WeasyPrint from the same HTML as the web page.

One renderer object keeps, for all the PDFs it makes, one FontConfiguration
(WeasyPrint otherwise builds one per document, which costs time and grows
memory by about 0.25 MB a document in a long batch), the parsed stylesheets
and the decoded images (:mod:`.caches`). The web page carries its CSS in
``<style>`` elements; the PDF's HTML carries none, and the same stylesheets
(``style.css``, ``print.css``, rendered from the same templates) are given
to WeasyPrint as parsed sheets, with ``running-head.css``, the one rule that
changes from release to release, parsed per document.

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
from typing import Any, Iterator

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from ...errors import Problem, RenderError, ResourceError
from ...model import Release
from ...theme import Theme
from ..assets import asset_roots, refusal
from ..page import page_context
from ..registry import Job, RenderOptions
from .caches import ImageCache, StylesheetCache
from .fetcher import SafeFetcher

__all__ = ["PdfRenderer"]

#: The print stylesheets, in cascade order; the last is parsed per document, the others once.
SHARED_STYLESHEETS = ("style.css", "print.css")
PER_DOCUMENT_STYLESHEET = "running-head.css"


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


def _file_url(path: Path) -> str:
    return Path(path).absolute().as_uri()


class PdfRenderer:
    template = "release.html"

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options
        self.font_config = FontConfiguration()
        self.stylesheets = StylesheetCache()
        self.images = ImageCache()
        self.base_url = theme.builtin.as_uri() + "/"

    def render(self, job: Job) -> bytes:
        release = job.release
        roots = asset_roots(release, self.theme.dirs)
        fetcher = SafeFetcher(roots)
        context = page_context(job, target="pdf", theme=self.theme, file_url=_file_url,
                               paper=self.options.paper, pdf_variant=self.options.pdf_variant)
        html = self.theme.render(self.template, context)
        moment = release.date_utc
        with _weasyprint_log() as log, _source_date_epoch(moment):
            sheets = self._stylesheets(context, fetcher, roots)
            pdf = HTML(string=html, base_url=self.base_url, url_fetcher=fetcher, media_type="print").write_pdf(
                font_config=self.font_config,
                stylesheets=sheets,
                pdf_variant=self.options.pdf_variant,
                attachments=self._attachments(release, fetcher, moment),
                cache=self.images.using(fetcher),
            )
        if fetcher.refused:
            raise ResourceError([refusal(release, self.theme.dirs, url, why) for url, why in fetcher.refused])
        errors = [r for r in log.records if r.levelno >= logging.ERROR]
        if errors:
            path = release.origin.path if release.origin else None
            raise RenderError([Problem(path, 0, 0, f"WeasyPrint: {r.getMessage()}", code="pdf") for r in errors])
        return bytes(pdf)

    def _stylesheets(self, context: dict[str, Any], fetcher: SafeFetcher, roots: tuple[Path, ...]) -> list[object]:
        """The parsed print stylesheets: the shared ones from the cache, the per-document one fresh."""
        sheets = []
        for name in SHARED_STYLESHEETS:
            text = self.theme.render(name, context)
            refused_before = len(fetcher.refused)
            sheets.append(self.stylesheets.get(text, roots, lambda text=text: self._parse(text, fetcher),
                                               keep=lambda before=refused_before: len(fetcher.refused) == before))
        sheets.append(self._parse(self.theme.render(PER_DOCUMENT_STYLESHEET, context), fetcher))
        return sheets

    def _parse(self, text: str, fetcher: SafeFetcher) -> object:
        return CSS(string=text, base_url=self.base_url, url_fetcher=fetcher, media_type="print",
                   font_config=self.font_config)

    def _attachments(self, release: Release, fetcher: SafeFetcher, moment: dt.datetime) -> list[Attachment]:
        """The release's source file, embedded in the archival (PDF/A-3) variants."""
        variant = self.options.pdf_variant
        origin = release.origin
        if not (variant and variant.startswith("pdf/a-3")) or origin is None:
            return []
        return [Attachment(
            string=origin.data or origin.text.encode("utf-8"),
            name=origin.path.name,
            description="The release's source: Markdown with YAML front matter",
            created=moment,
            modified=moment,
            relationship="Source",
            url_fetcher=fetcher,
        )]
