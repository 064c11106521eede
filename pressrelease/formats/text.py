"""The plain-text email body, wrapped at 72 columns."""

from __future__ import annotations

from ..theme import Theme
from ..view.plaintext import WIDTH
from .page import page_context
from .registry import Job, RenderOptions

__all__ = ["TextRenderer"]


class TextRenderer:
    """Renders ``release.txt`` with every Markdown part pre-wrapped by the view.

    Links in the body, the notes and the boilerplate share one numbered
    list, printed once at the end.
    """

    template = "release.txt"

    def __init__(self, theme: Theme, options: RenderOptions, width: int = WIDTH) -> None:
        self.theme = theme
        self.options = options
        self.width = width

    def render(self, job: Job) -> str:
        context = page_context(job, target="text", theme=self.theme, file_url=lambda path: path.name)
        text = job.view.text_parts(self.width)
        context.update(body_text=text.body, notes_text=text.notes, boilerplate_text=text.boilerplate,
                       links=list(text.links))
        rendered = self.theme.render(self.template, context)
        return "\n".join(line.rstrip() for line in rendered.split("\n")).strip("\n") + "\n"
