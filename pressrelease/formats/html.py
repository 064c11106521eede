"""The standalone web page: one HTML file, styles and images inside it."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..errors import ResourceError
from ..theme import Theme
from ..view.site_meta import page_meta, site_url_of
from ..view.translations import translation_links
from .assets import AssetRefused, asset_roots, content_type, read_asset, refusal, resolve_asset
from .page import page_context
from .registry import Job, RenderOptions

__all__ = ["HtmlRenderer", "data_uri"]


def data_uri(path: Path, data: bytes) -> Markup:
    """``data:image/jpeg;base64,...``: safe in an attribute as it is (letters, digits, ``+/=;:,``), so
    the template does not scan tens of kilobytes of it for characters to escape."""
    return Markup(f"data:{content_type(path, data)};base64,{base64.b64encode(data).decode('ascii')}")


class HtmlRenderer:
    """Renders ``release.html`` for screens, embedding images as data: URIs.

    Embedding keeps the page a single file that can be mailed, uploaded or
    opened from disk without losing its photo. A file's URI is kept while the
    file is unchanged (the logo is in every release), but whether a release
    may read it is decided for each release.
    """

    template = "release.html"
    suffix = ".html"  # the other languages' pages are NAME.html beside this one
    kept_uris = 64

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options
        self._uris: dict[tuple[Path, int, int], str] = {}

    def render(self, job: Job) -> str | bytes:
        """The page; for a build, as UTF-8 made in pieces, so that an embedded photo is encoded apart."""
        release = job.release
        roots = asset_roots(release, self.theme.dirs)

        def embed(path: Path) -> str:
            try:
                real = resolve_asset(path, roots)
                info = real.stat()
                key = (real, info.st_size, info.st_mtime_ns)
                if key not in self._uris:
                    if len(self._uris) >= self.kept_uris:
                        self._uris.clear()
                    self._uris[key] = data_uri(path, read_asset(real, roots))  # judged by what is read
                return self._uris[key]
            except (AssetRefused, OSError) as exc:
                raise ResourceError([refusal(release, self.theme.dirs, str(path), str(exc))]) from None

        context = page_context(job, target="web", theme=self.theme, file_url=embed, paper=self.options.paper)
        if not self.options.calendar_link:
            context["calendar_href"] = ""  # no .ics beside this page: no link to one
        context["translations"] = translation_links(release, job.translations, self.suffix)
        context["meta"] = page_meta(release, site_url=site_url_of(release, self.options.site_url),
                                    description=context["description"], dateline=job.view.dateline_alone,
                                    translations=job.translations)
        self.extra_context(job, context)
        render = self.theme.render if job.wants_str else self.theme.render_utf8
        return render(self.template, context)

    def extra_context(self, job: Job, context: dict[str, Any]) -> None:
        """A page made from this one (the site's) adds its own entries here."""
