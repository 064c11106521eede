"""The standalone web page: one HTML file, styles and images inside it."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from ..errors import ResourceError
from ..theme import Theme
from .assets import AssetRefused, asset_roots, read_asset, refusal
from .page import page_context
from .registry import Job, RenderOptions

__all__ = ["HtmlRenderer", "data_uri"]


def data_uri(path: Path, data: bytes) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


class HtmlRenderer:
    """Renders ``release.html`` for screens, embedding images as data: URIs.

    Embedding keeps the page a single file that can be mailed, uploaded or
    opened from disk without losing its photo.
    """

    template = "release.html"

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options

    def render(self, job: Job) -> str:
        release = job.release
        roots = asset_roots(release, self.theme.dirs)

        def embed(path: Path) -> str:
            try:
                return data_uri(path, read_asset(path, roots))
            except AssetRefused as exc:
                raise ResourceError([refusal(release, self.theme.dirs, str(path), str(exc))]) from None

        context = page_context(job, target="web", theme=self.theme, file_url=embed, paper=self.options.paper)
        return self.theme.render(self.template, context)
