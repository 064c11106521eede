"""The plain-text email body, wrapped at 72 columns."""

from __future__ import annotations

from ..context import release_context
from ..models import Release
from ..plaintext import WIDTH, LinkTable, html_to_text
from ..templating import Theme
from . import RenderOptions

__all__ = ["TextRenderer"]


class TextRenderer:
    """Renders ``release.txt`` with every Markdown part pre-wrapped.

    Links in the body, the notes and the boilerplate share one numbered
    list, printed once at the end.
    """

    template = "release.txt"

    def __init__(self, theme: Theme, options: RenderOptions, width: int = WIDTH) -> None:
        self.theme = theme
        self.options = options
        self.width = width

    def render(self, release: Release) -> str:
        context = release_context(release, target="text", theme=self.theme, image_url=lambda path: path.name)
        links = LinkTable()
        label = context["labels"]["image"]
        for part in ("body", "notes", "boilerplate"):
            html = context[part]
            context[f"{part}_text"] = html_to_text(html, links, width=self.width, image_label=label) if html else ""
        context["links"] = list(links)
        text = self.theme.render(self.template, context)
        return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n") + "\n"
