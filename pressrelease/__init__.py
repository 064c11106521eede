"""pressrelease: write a press release once; publish it as a web page, a PDF and an email.

The pipeline, one subpackage per stage (docs/architecture.md)::

    source/ (files -> validated Release) -> model/ -> view/ (one ReleaseView per release)
        -> formats/ (html, pdf, txt, eml; releases.json) -> build/ (executors, writer) -> cli/

Typical use::

    import pressrelease
    release = pressrelease.load("releases/2016-02-19-ipu-cambodia-mission.md")
    html = pressrelease.render_html(release)
    pdf = pressrelease.render_pdf(release, paper="letter")

Names are imported on first use (PEP 562), so ``pressrelease check`` starts
without loading Jinja or WeasyPrint.
"""

from __future__ import annotations

from .exports import lazy_exports
from .version import __version__

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it

_EXPORTS = {
    "api": ("render", "render_email", "render_html", "render_pdf", "render_text"),
    "errors": ("BuildError", "PressReleaseError", "Problem", "RenderError", "ResourceError", "SendError",
               "SourceError", "TemplateError"),
    "source.loader": ("load", "load_organisation", "parse"),
    "model": ("Contact", "Dateline", "Embargo", "Event", "FontFile", "Organisation", "Phone", "Photo", "Release", "Style",
              "Translation"),
    "formats.registry": ("RenderOptions",),
}
__getattr__ = lazy_exports(__name__, {name: f".{module}" for module, names in _EXPORTS.items() for name in names})

__all__ = [  # noqa: RUF022 (kept in the order of _EXPORTS)
    "render", "render_email", "render_html", "render_pdf", "render_text",
    "BuildError", "PressReleaseError", "Problem", "RenderError", "ResourceError", "SendError", "SourceError",
    "TemplateError",
    "load", "load_organisation", "parse",
    "Contact", "Dateline", "Embargo", "Event", "FontFile", "Organisation", "Phone", "Photo", "Release", "Style",
    "Translation",
    "RenderOptions",
    "__version__",
]


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from .api import render, render_email, render_html, render_pdf, render_text
    from .errors import (
        BuildError,
        PressReleaseError,
        Problem,
        RenderError,
        ResourceError,
        SendError,
        SourceError,
        TemplateError,
    )
    from .formats.registry import RenderOptions
    from .model import (Contact, Dateline, Embargo, Event, FontFile, Organisation, Phone, Photo, Release, Style,
                        Translation)
    from .source.loader import load, load_organisation, parse
