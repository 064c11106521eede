"""The per-release output formats, as an explicit registry with declared needs.

A :class:`Format` names its file suffix, the renderer that makes it (a
``"module:Class"`` imported only when the format is used, so ``pressrelease
check`` never imports WeasyPrint) and the formats whose output it needs: the
email with the PDF attached needs the PDF, and gets the one the build
rendered. A second format claiming a name or a suffix already taken is an
error when it is registered, not an overwritten file later.

A renderer gets a :class:`Job`: the release's one :class:`ReleaseView`, the
outputs of the formats rendered for it so far, and a list for warnings. It
returns ``str`` or ``bytes`` and never writes a file: that is the build's
writer's job.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, Protocol, Sequence, Union

from ..errors import Problem

if TYPE_CHECKING:
    from ..model import Release, Translation
    from ..theme import Theme
    from ..view import CollectedRelease, ReleaseView
    from ..view.press_kit import PressKitFiles

__all__ = ["PDF_VARIANTS", "Collection", "CollectionContext", "CollectionRenderer", "CopyFile", "Format", "Job", "Registry", "RenderOptions", "Renderer"]

#: PDF flavours we produce and test: archival (the release source embedded) and accessible (tagged).
PDF_VARIANTS = ("pdf/a-3b", "pdf/a-3u", "pdf/ua-1")


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """Choices that change an output but are not part of the release (template folders made absolute)."""

    templates: tuple[Path, ...] = ()
    paper: str | None = None
    pdf_variant: str | None = None
    attach_pdf: bool = False
    from_address: str | None = None
    #: The web page links "Add to calendar" to the release's .ics: only when that file is made beside it.
    calendar_link: bool = False
    #: The newsroom site's address (``--site-url``), over the organisation file's ``site.url``; ends in /.
    site_url: str | None = None
    #: The media kit's formats made beside a release's site page (pdf, txt, ics): it links and sizes them.
    media_kit: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Absolute, so that options sent to a worker elsewhere (a Dask cluster) name the same folders.
        object.__setattr__(self, "templates", tuple(Path(t).absolute() for t in self.templates))
        if self.paper not in (None, "a4", "letter"):
            raise ValueError(f"paper is 'a4' or 'letter', not {self.paper!r}")
        if self.site_url is not None:
            from ..model import Site  # its rules: absolute http(s); a ValueError otherwise

            object.__setattr__(self, "site_url", Site(url=self.site_url).url)
        if self.pdf_variant not in (None, *PDF_VARIANTS):
            raise ValueError(f"pdf_variant is one of {', '.join(PDF_VARIANTS)}, not {self.pdf_variant!r}")


@dataclass(slots=True)
class Job:
    """One release being rendered: its view, what has been rendered of it so far, and the warnings."""

    view: ReleaseView
    outputs: dict[str, str | bytes] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    #: Formats that made nothing for this release (:class:`~pressrelease.errors.FormatSkipped`), with their
    #: problems: none when there was nothing to say (the calendar file of a release without an event).
    skipped: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    #: The caller hands text outputs out as ``str`` (the one-call API), rather than writing UTF-8 (a build).
    wants_str: bool = False
    #: The other languages' releases of this one (same ``translation_key``), which the web page links to.
    translations: tuple[Translation, ...] = ()

    @property
    def release(self) -> Release:
        return self.view.release

    def output(self, name: str) -> str | bytes:
        """The output of a format this one declared it needs."""
        try:
            return self.outputs[name]
        except KeyError:
            raise LookupError(f"format {name!r} was not rendered for this job: declare it in the format's needs") from None

    def optional(self, name: str) -> str | bytes | None:
        """The output of a format this one needs that may have been skipped for this release (None then)."""
        return self.outputs.get(name)

    def warn(self, problem: Problem) -> None:
        if problem not in self.warnings:  # a format may be asked for its output more than once (send)
            self.warnings.append(problem)


class Renderer(Protocol):
    def render(self, job: Job) -> str | bytes: ...


RendererFactory = Callable[["Theme", RenderOptions], Renderer]
Needs = Union[tuple[str, ...], Callable[[RenderOptions], tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class Format:
    """A per-release output: ``name`` (as in ``--format``), ``suffix`` of its file, its renderer and needs.

    ``renderer`` is ``"package.module:Class"`` (imported on first use) or a
    callable taking ``(theme, options)``. ``needs`` lists the formats whose
    output this one reads, or is a function of the options returning them.
    ``text`` says the output is text: its renderer may return it as ``str`` or
    as UTF-8 bytes, and :func:`pressrelease.render` hands it out as ``str``.
    ``translations`` says it links to the release's other languages
    (:attr:`Job.translations`): the build then finds them before rendering,
    and renders the release again when they change.
    """

    name: str
    suffix: str
    description: str
    renderer: str | RendererFactory
    needs: Needs = ()
    text: bool = False
    translations: bool = False
    #: A public page: the collection stage publishes it only once the release's embargo has lifted.
    public: bool = False

    def needs_for(self, options: RenderOptions) -> tuple[str, ...]:
        return self.needs(options) if callable(self.needs) else tuple(self.needs)

    def make_renderer(self, theme: Theme, options: RenderOptions) -> Renderer:
        factory = self.renderer
        if isinstance(factory, str):
            module_name, _, class_name = factory.partition(":")
            factory = getattr(importlib.import_module(module_name), class_name)
        return factory(theme, options)


@dataclass(frozen=True, slots=True)
class CopyFile:
    """A collection output that is an existing file's bytes: ``source`` (absolute), which must still have the
    SHA-256 ``sha256`` it was recorded with (a photo as it was read, a release's PDF as it was written)."""

    source: str
    sha256: str
    size: int = -1
    #: The modification time recorded with ``sha256`` (0: unknown): a file of the output folder itself whose
    #: size and time are still the recorded ones is linked in, not read and copied.
    mtime_ns: int = 0


@dataclass(slots=True)
class CollectionContext:
    """What a collection is made with besides the releases: the render options (templates, site address),
    the moment embargoes are judged at, which releases are held back (source -> when they lift), a
    list for its problems, the site's press kit as the build stage read it (None: the site has none) and
    its owner's labels."""

    options: RenderOptions = field(default_factory=RenderOptions)
    now: dt.datetime | None = None
    held: Mapping[str, dt.datetime] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    press_kit: PressKitFiles | None = None
    #: The site owner's ``labels:`` (language -> key -> text), which the site's own pages take as its releases do.
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


class CollectionRenderer(Protocol):
    def render(self, releases: Sequence[CollectedRelease]) -> Mapping[str, bytes | CopyFile]: ...


@dataclass(frozen=True, slots=True)
class Collection:
    """An output made from every release of a build (``releases.json``; later indexes and feeds).

    ``renderer`` is ``"package.module:Class"`` or a callable returning an
    object whose ``render(releases)`` gives file names (inside the output
    folder) and their bytes.
    """

    name: str
    description: str
    renderer: str | Callable[..., CollectionRenderer]
    #: The renderer is made with a :class:`CollectionContext` (the site's); the catalogue needs none.
    contextual: bool = False

    def make_renderer(self, context: CollectionContext | None = None) -> CollectionRenderer:
        factory = self.renderer
        if isinstance(factory, str):
            module_name, _, class_name = factory.partition(":")
            factory = getattr(importlib.import_module(module_name), class_name)
        return factory(context or CollectionContext()) if self.contextual else factory()


class Registry(Mapping[str, Format]):
    """Formats by name, in registration order, each with a suffix no other format has."""

    def __init__(self) -> None:
        self._formats: dict[str, Format] = {}

    def register(self, fmt: Format) -> Format:
        if fmt.name in self._formats:
            raise ValueError(f"a format named {fmt.name!r} is already registered")
        taken = next((other for other in self._formats.values() if other.suffix == fmt.suffix), None)
        if taken is not None:
            raise ValueError(f"format {fmt.name!r} claims the suffix {fmt.suffix!r}, which {taken.name!r} writes")
        self._formats[fmt.name] = fmt
        return fmt

    def unregister(self, name: str) -> None:
        del self._formats[name]

    def __getitem__(self, name: str) -> Format:
        try:
            return self._formats[name]
        except KeyError:
            raise KeyError(f"unknown format '{name}' (choose from {', '.join(self._formats)})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._formats)

    def __len__(self) -> int:
        return len(self._formats)

    def order(self, names: tuple[str, ...] | list[str], options: RenderOptions) -> list[str]:
        """``names`` and everything they need, each after the formats it needs (needs first)."""
        ordered: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in path:
                raise ValueError(f"formats need each other in a circle: {' -> '.join((*path, name))}")
            if name in ordered:
                return
            for needed in self[name].needs_for(options):
                visit(needed, (*path, name))
            ordered.append(name)

        for name in names:
            visit(name, ())
        return ordered
