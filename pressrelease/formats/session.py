"""Rendering releases in any registered formats, with one theme and one renderer per format.

A :class:`RenderSession` is what every caller renders through: the build's
per-release stage (one session per worker), the one-call API (one session
per set of options, kept between calls) and ``pressrelease send``. It makes
the release's one :class:`~pressrelease.view.ReleaseView`, renders the
formats asked for and everything they need, in order, each once, and keeps
each renderer (and what it caches: fonts, stylesheets, images) for the next
release.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Iterable

from ..errors import FormatSkipped
from ..model import Release, Translation
from ..theme import Theme
from ..view import ReleaseView
from .registry import Job, Registry, Renderer, RenderOptions

__all__ = ["RenderSession"]


class RenderSession:
    """Renders with one theme and reused renderers; not safe to share between threads."""

    kept_views = 8

    def __init__(self, options: RenderOptions | None = None, registry: Registry | None = None, *,
                 lasting: bool = True) -> None:
        """``lasting``: the session may outlive edits to its templates (the one-call API's); a build's does not."""
        from . import FORMATS

        self.options = options or RenderOptions()
        self.registry = registry if registry is not None else FORMATS
        self.theme = Theme(self.options.templates, auto_reload=lasting)
        self._renderers: dict[str, Renderer] = {}
        self._views: OrderedDict[int, tuple[Release, ReleaseView]] = OrderedDict()

    def renderer(self, name: str) -> Renderer:
        """The renderer of format ``name``, made on first use and kept."""
        renderer = self._renderers.get(name)
        if renderer is None:
            renderer = self._renderers[name] = self.registry[name].make_renderer(self.theme, self.options)
        return renderer

    def view(self, release: Release) -> ReleaseView:
        """The view of ``release``, kept for the last few releases (by identity), so that rendering one
        release in several formats, one call each, works each value out once."""
        kept = self._views.get(id(release))
        if kept is not None and kept[0] is release:
            self._views.move_to_end(id(release))
            return kept[1]
        view = ReleaseView(release)
        self._views[id(release)] = (release, view)  # holding the release keeps its id from being reused
        while len(self._views) > self.kept_views:
            self._views.popitem(last=False)
        return view

    def job(self, release: Release | ReleaseView, formats: Iterable[str], wants_str: bool = False,
            *, skip: bool = False, translations: Iterable[Translation] = ()) -> Job:
        """Render ``formats`` of one release, with what they need first; the job holds every output.

        ``skip``: a format that raises :class:`FormatSkipped` is left out of the outputs and its warnings
        become the job's (a build); otherwise the error reaches the caller (who asked for it).
        A format needed by one that is rendered is never skipped silently: what needs it reads
        :meth:`Job.optional` or gets the error. ``translations``: the other languages' releases of this
        one, which the web page links to.
        """
        job = Job(release if isinstance(release, ReleaseView) else self.view(release), wants_str=wants_str,
                  translations=tuple(translations))
        requested = set(formats)
        for name in self.registry.order(list(requested), self.options):
            try:
                job.outputs[name] = self.renderer(name).render(job)
            except FormatSkipped as exc:
                if not skip and name in requested:
                    raise
                job.skipped[name] = exc.warnings  # none: skipped quietly (a release without an event has no .ics)
                for problem in exc.warnings:
                    job.warn(problem)
        return job

    def render(self, release: Release | ReleaseView, fmt: str, translations: Iterable[Translation] = ()) -> str | bytes:
        """One format of one release; a text format's as ``str`` even when its renderer gives UTF-8 bytes."""
        output = self.job(release, [fmt], wants_str=True, translations=translations).outputs[fmt]
        if isinstance(output, bytes) and self.registry[fmt].text:
            return output.decode("utf-8")
        return output
