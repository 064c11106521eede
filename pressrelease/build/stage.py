"""The per-release stage: one source file in, its outputs (or its problems) and its summary out.

This is the work an executor spreads over processes or machines, so its
answer, :class:`Rendered`, is plain picklable data and writes nothing: the
build's main process writes every file. Each process (or thread) keeps one
:class:`Builder` per build, so the theme, the renderers and what they cache
(fonts, parsed stylesheets, images, the boilerplate's HTML) are set up once
per worker and build, not once per release; a worker that outlives a build
(a Dask worker) starts the next build with a fresh one, so it never uses an
organisation file or a template as it was in an earlier build.
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PressReleaseError, Problem, internal_problem, placed
from ..formats.session import RenderSession
from ..model import Release, Translation
from ..source import Loader
from ..source.lint import embargo_passed, font_coverage
from ..view import ReleaseView
from .inputs import input_states
from .manifest import FileState
from .options import BuildOptions

__all__ = ["Builder", "Rendered", "render_source"]


@dataclass(slots=True)
class Rendered:
    """One source's answer: its output name, the bytes of each requested format, problems, inputs, summary.

    ``quiet`` names the requested formats that have nothing for this release and nothing to say about it
    (the calendar file of a release without an event): done, with no file.
    """

    source: Path
    name: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    quiet: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    inputs: dict[str, FileState] = field(default_factory=dict)
    summary: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


class Builder:
    """Loads and renders releases with one loader and one render session (one per process).

    Renderers are created once and reused (the PDF renderer keeps its font
    configuration, stylesheets and images between documents).
    """

    def __init__(self, options: BuildOptions, loader: Loader | None = None) -> None:
        self.options = options
        self.loader = loader or Loader()
        self.session = RenderSession(options.render, lasting=False)  # one build: its templates do not change

    def render(self, release: Release | ReleaseView, translations: tuple[Translation, ...] = (),
               ) -> tuple[dict[str, bytes], list[Problem], tuple[str, ...]]:
        """Every requested format of one release, in memory, the renderers' warnings, and the quiet skips.

        Formats a requested one needs (the PDF for an email that attaches it)
        are rendered once and reused, but only requested ones are returned. A
        format skipped for this release is missing from the files: the email
        of a release without a sender with its reason as a warning, the
        calendar file of a release without an event quietly (its name is in
        the third item: the release is done without it). ``translations``: the other languages' releases
        of this one, which its web page links to.
        """
        job = self.session.job(release, self.options.formats, skip=True, translations=translations)
        files = {name: _as_bytes(job.outputs[name]) for name in self.options.formats if name in job.outputs}
        quiet = tuple(name for name in self.options.formats if name in job.skipped and not job.skipped[name])
        return files, list(job.warnings), quiet

    def render_source(self, source: Path, translations: tuple[Translation, ...] = ()) -> Rendered:
        result = Rendered(source)
        try:
            view = ReleaseView(self.loader.load(source))
            result.problems.extend(embargo_passed(view.release, self.options.now))  # still built: the office may mean to send it late
            result.problems.extend(font_coverage(view.release))  # still built: the box shows where a font is missing
            result.name = view.release.name
            result.inputs = input_states(view)
            result.summary = view.summary().to_record()
            result.files, warnings, result.quiet = self.render(view, translations)
            result.problems.extend(warnings)
        except PressReleaseError as exc:
            result.problems.extend(exc.problems)
        except Exception as exc:  # a bug: reported against this release; the others still build
            result.problems.append(internal_problem(source, exc))
        # A problem the renderers could not place still belongs to this source.
        result.problems = placed(result.problems, source)
        if not result.ok:
            result.files, result.quiet = {}, ()
        return result


def _as_bytes(output: str | bytes) -> bytes:
    return output.encode("utf-8") if isinstance(output, str) else output


_local = threading.local()


@atexit.register
def forget_worker_builder() -> None:
    """Drop this thread's builder (the build is over; at exit, before WeasyPrint's modules are torn down)."""
    _local.__dict__.pop("builder", None)


def worker_builder(options: BuildOptions, build_id: str) -> Builder:
    """This thread's builder for one build: made for its first release, then kept for the others."""
    current: tuple[str, BuildOptions, Builder] | None = getattr(_local, "builder", None)
    if current is None or current[0] != build_id or current[1] != options:
        current = _local.builder = (build_id, options, Builder(options))
    return current[2]


def render_source(options: BuildOptions, build_id: str, source: Path,
                  translations: tuple[Translation, ...] = ()) -> Rendered:
    """The per-release stage as a plain function, for executors to send to workers."""
    return worker_builder(options, build_id).render_source(source, translations)
