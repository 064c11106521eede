"""The output formats, as an explicit registry.

Each :class:`Format` names the module and class that render it; the module
is imported only when the format is used, so ``pressrelease check`` (which
renders nothing) never pays for importing WeasyPrint. A renderer turns a
:class:`~pressrelease.models.Release` into ``str`` or ``bytes`` and never
writes files: that is the builder's job.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Protocol

if TYPE_CHECKING:
    from ..models import Release
    from ..templating import Theme

__all__ = ["FORMATS", "PDF_VARIANTS", "Format", "RenderOptions", "Renderer", "get_format"]

#: PDF flavours we produce and test: archival (the release source embedded) and accessible (tagged).
PDF_VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Choices that change an output but are not part of the release."""

    templates: tuple[Path, ...] = ()
    paper: str | None = None
    pdf_variant: str | None = None
    attach_pdf: bool = False
    from_address: str | None = None

    def __post_init__(self) -> None:
        if self.paper not in (None, "a4", "letter"):
            raise ValueError(f"paper is 'a4' or 'letter', not {self.paper!r}")
        if self.pdf_variant not in (None, *PDF_VARIANTS):
            raise ValueError(f"pdf_variant is one of {', '.join(PDF_VARIANTS)}, not {self.pdf_variant!r}")


class Renderer(Protocol):
    def render(self, release: Release) -> str | bytes: ...


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffix: str
    description: str
    target: str

    def renderer(self, theme: Theme, options: RenderOptions) -> Renderer:
        module_name, class_name = self.target.split(":")
        module = importlib.import_module(module_name, __name__)
        return getattr(module, class_name)(theme, options)  # type: ignore[no-any-return]


FORMATS: Mapping[str, Format] = {
    f.name: f
    for f in (
        Format("html", ".html", "standalone web page", ".html:HtmlRenderer"),
        Format("pdf", ".pdf", "print-ready PDF (WeasyPrint)", ".pdf:PdfRenderer"),
        Format("txt", ".txt", "plain-text email body", ".text:TextRenderer"),
        Format("eml", ".eml", "complete MIME email", ".email:EmailRenderer"),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})") from None
