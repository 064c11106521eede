"""Find release sources, render every requested format, write the files.

This is the only module that writes outputs. A release's formats are all
rendered in memory first and written only if every one succeeded, each
through a temporary file renamed into place, so a failed or interrupted
build never leaves a half-written or mismatched set of files behind.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .errors import BuildError, PressReleaseError, Problem, SourceError, TemplateError
from .loader import Loader
from .models import Release
from .renderers import FORMATS, Renderer, RenderOptions
from .templating import Theme

__all__ = ["BuildOptions", "BuildReport", "Builder", "Outcome", "build", "discover", "write_atomic"]

DEFAULT_FORMATS = ("html", "pdf", "txt", "eml")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    render: RenderOptions = field(default_factory=RenderOptions)


@dataclass(slots=True)
class Outcome:
    """What happened to one source file."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass(slots=True)
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one source (discovery)

    @property
    def all_problems(self) -> list[Problem]:
        seen: dict[Problem, None] = dict.fromkeys(self.problems)
        for outcome in self.outcomes:
            seen.update(dict.fromkeys(outcome.problems))
        return list(seen)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(p.severity == "error" for p in self.problems)


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Release files named directly or found (recursively, sorted) in folders.

    In a folder, ``*.md`` files are releases except README.md and anything
    whose name starts with "_" or "." (drafts, templates, hidden files).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.md")):
                relative = candidate.relative_to(path).parts
                if any(part.startswith(("_", ".")) for part in relative) or candidate.name.lower() == "readme.md":
                    continue
                found.append(candidate)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder", code="missing"))
    return list(dict.fromkeys(found)), problems


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class Builder:
    """Renders and writes releases with one theme and one set of renderers.

    Renderers are created once and reused for every release (the PDF
    renderer keeps its font configuration between documents).
    """

    def __init__(self, options: BuildOptions, loader: Loader | None = None) -> None:
        self.options = options
        self.loader = loader or Loader()
        self.theme = Theme(options.render.templates)
        ordered = [name for name in FORMATS if name in options.formats]  # the PDF before the email
        self.renderers: dict[str, Renderer] = {name: FORMATS[name].renderer(self.theme, options.render) for name in ordered}

    def render(self, release: Release) -> tuple[dict[str, bytes], list[Problem]]:
        """Every requested format of one release, in memory, and the renderers' warnings.

        The email reuses the PDF rendered for the same build instead of making it twice.
        """
        rendered: dict[str, bytes] = {}
        warnings: list[Problem] = []
        for name, renderer in self.renderers.items():
            if name == "eml" and "pdf" in rendered and self.options.render.attach_pdf:
                result: str | bytes = renderer.render(release, pdf=rendered["pdf"])  # type: ignore[call-arg]
            else:
                result = renderer.render(release)
            rendered[name] = result.encode("utf-8") if isinstance(result, str) else result
            warnings.extend(getattr(renderer, "warnings", ()))
        return rendered, warnings

    def build_one(self, source: Path, claimed: dict[str, Path] | None = None) -> Outcome:
        """Load, render and write one release; ``claimed`` maps output names already taken."""
        outcome = Outcome(source)
        claimed = {} if claimed is None else claimed
        try:
            release = self.loader.load(source)
            name = release.name
            owner = claimed.setdefault(name, source)
            if owner != source:
                raise SourceError([Problem(source, 1, 1, f"output name '{name}' is already used by {owner}",
                                           "give one of them a different 'slug:'", code="duplicate-output")])
            rendered, warnings = self.render(release)
            outcome.problems.extend(warnings)
        except TemplateError as exc:
            outcome.problems.append(exc.as_problem())
            return outcome
        except PressReleaseError as exc:
            outcome.problems.extend(getattr(exc, "problems", ()) or [Problem(source, 0, 0, str(exc))])
            return outcome
        for fmt, data in rendered.items():
            target = self.options.out_dir / f"{name}{FORMATS[fmt].suffix}"
            try:
                write_atomic(target, data)
            except OSError as exc:
                raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from exc
            outcome.outputs.append(target)
        return outcome


def build(sources: Iterable[Path | str], options: BuildOptions | None = None) -> BuildReport:
    """Build every release found under ``sources`` into ``options.out_dir``."""
    options = options or BuildOptions()
    files, problems = discover([Path(s) for s in sources])
    report = BuildReport(problems=problems)
    builder = Builder(options)
    claimed: dict[str, Path] = {}
    for source in files:
        report.outcomes.append(builder.build_one(source, claimed))
    return report
