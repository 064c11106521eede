"""The print PDF, made by WeasyPrint from the same HTML as the web page.

One renderer object keeps, for all the PDFs it makes, one FontConfiguration
(WeasyPrint otherwise builds one per document, which costs time and grows
memory by about 0.25 MB a document in a long batch), the parsed stylesheets
and the decoded images (:mod:`.caches`). The PDF is made from the same
document as the web page, ``<style>`` elements and all; the renderer takes
each ``<style>`` out and gives it to WeasyPrint parsed, kept by its text for
the next document (``style.css`` with its ``@font-face`` rules is the same
for every release of a house style; ``print.css``, which holds the running
header, is parsed per document). WeasyPrint ranks stylesheets given this way
as the user's, below the document's own, so all of the document's styles go
this way, in document order: they keep the order and weight among themselves
that they have in the web page.

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
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from ...errors import Problem, RenderError, ResourceError
from ...model import Release
from ...theme import Theme
from ...view import PART_NAMES
from ..assets import asset_roots, refusal
from ..page import page_context
from ..registry import Job, RenderOptions
from .actualtext import replacement_text
from .caches import ImageCache, StylesheetCache
from .fetcher import SafeFetcher
from .hyphens import with_names_whole
from .segment import unbroken, with_word_breaks

__all__ = ["PdfRenderer"]

#: A <style> element of our own document: raw text up to the first "</style" (as an HTML parser reads it).
_STYLE = re.compile(r"<style\b([^>]*)>(.*?)</style\s*>", re.S | re.I)
_MEDIA = re.compile(r"""\bmedia\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


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


def _take_styles(html: str) -> tuple[str, list[str]]:
    """The document without its ``<style>`` elements, and the CSS of those a print medium uses, in order.

    A ``media`` attribute is read as WeasyPrint reads it in a document: a
    comma-separated list of media types, of which "all" or "print" applies.
    """
    styles = []
    for match in _STYLE.finditer(html):
        media = _MEDIA.search(match.group(1))
        listed = next((value for value in media.groups() if value is not None), "") if media else ""
        if {"all", "print"} & {kind.strip() for kind in (listed.strip() or "all").split(",")}:
            styles.append(match.group(2))
    return _STYLE.sub("", html), styles


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
        if job.view.style.hyphenate:
            with_names_whole(context, PART_NAMES)
        html, styles = _take_styles(self.theme.render(self.template, context))
        html = with_word_breaks(html)
        moment = release.date_utc
        variant = self.options.pdf_variant or ""
        every_glyph_mapped = variant.startswith("pdf/ua") or variant.endswith("u")  # pdf/a-2u, pdf/a-3u
        with _weasyprint_log() as log, _source_date_epoch(moment), replacement_text(fill_empty=every_glyph_mapped):
            sheets = [self._stylesheet(text, fetcher, roots) for text in styles]
            options = {"stylesheets": sheets, "pdf_variant": self.options.pdf_variant,
                       "attachments": self._attachments(release, fetcher, moment), "cache": self.images.using(fetcher)}
            # HTML.write_pdf in its two steps, as WeasyPrint's own shortcut does, to mend the bookmarks between
            document = HTML(string=html, base_url=self.base_url, url_fetcher=fetcher, media_type="print").render(
                font_config=self.font_config, **options)
            for page in document.pages:
                page.bookmarks = [(level, unbroken(label), *rest) for level, label, *rest in page.bookmarks]
            pdf = document.write_pdf(**options)
        if fetcher.refused:
            refused = dict.fromkeys(fetcher.refused)  # an image used twice is refused twice: said once
            raise ResourceError([refusal(release, self.theme.dirs, url, why) for url, why in refused])
        errors = [r for r in log.records if r.levelno >= logging.ERROR]
        if errors:
            raise RenderError([self._problem(release, record) for record in errors])
        return bytes(pdf)

    def _problem(self, release: Release, record: logging.LogRecord) -> Problem:
        """What WeasyPrint logged, located at what named the file it could not use, if it names one."""
        args = record.args if isinstance(record.args, tuple) else ()
        url = next((a for a in args if isinstance(a, str) and a.startswith("file:")), None)
        if url is not None:
            return refusal(release, self.theme.dirs, url, f"WeasyPrint cannot use it ({args[-1]})")
        path = release.origin.path if release.origin else None
        return Problem(path, 0, 0, f"WeasyPrint: {record.getMessage()}", code="pdf")

    def _stylesheet(self, text: str, fetcher: SafeFetcher, roots: tuple[Path, ...]) -> object:
        """A parsed stylesheet: from the cache, or parsed now (and kept if it made no refused request)."""
        refused_before = len(fetcher.refused)
        return self.stylesheets.get(text, roots, lambda: self._parse(text, fetcher),
                                    keep=lambda: len(fetcher.refused) == refused_before)

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
