"""pressrelease: write a press release once; publish it as a web page, a PDF and an email.

The pipeline, one module per stage::

    source file --source/fields/schema--> loader --> Release (models)
        --context + templating--> renderers (html, pdf, txt, eml) --> build (files) --> cli

Typical use::

    import pressrelease
    release = pressrelease.load("releases/2016-02-19-ipu-cambodia-mission.md")
    html = pressrelease.render_html(release)
    pdf = pressrelease.render_pdf(release, paper="letter")
"""

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
from .loader import load, load_organisation, parse
from .models import Contact, Dateline, Embargo, Organisation, Photo, Release, Style
from .version import __version__

__all__ = [
    "BuildError",
    "Contact",
    "Dateline",
    "Embargo",
    "Organisation",
    "Photo",
    "PressReleaseError",
    "Problem",
    "Release",
    "RenderError",
    "ResourceError",
    "SendError",
    "SourceError",
    "Style",
    "TemplateError",
    "__version__",
    "load",
    "load_organisation",
    "parse",
    "render",
    "render_email",
    "render_html",
    "render_pdf",
    "render_text",
]
