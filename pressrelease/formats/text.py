"""The plain-text email body, wrapped at 72 columns."""

from __future__ import annotations

from ..theme import Theme
from ..view.plaintext import WIDTH, rtl_lines
from .page import page_context
from .registry import Job, RenderOptions

__all__ = ["TextRenderer"]


class TextRenderer:
    """Renders ``release.txt`` with every Markdown part pre-wrapped by the view.

    Links in every Markdown part (event details, body, notes, boilerplates,
    disclaimer, footer) share one numbered list, printed once at the end.
    """

    template = "release.txt"

    def __init__(self, theme: Theme, options: RenderOptions, width: int = WIDTH) -> None:
        self.theme = theme
        self.options = options
        self.width = width

    def render(self, job: Job) -> str:
        context = page_context(job, target="text", theme=self.theme, file_url=lambda path: path.name)
        context.update(job.view.text_context(self.width))
        rendered = self.theme.render(self.template, context)
        text = "\n".join(line.rstrip() for line in rendered.split("\n")).strip("\n") + "\n"
        return rtl_lines(text) if job.view.direction == "rtl" else text
