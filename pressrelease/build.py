"""Find release sources, render what changed, write the files: the only module that writes outputs.

A build plans first: a release whose recorded fingerprint (see
:mod:`.manifest`) still matches is skipped without being parsed. The rest
are rendered, in worker processes when ``jobs > 1``, and come back in source
order, so files, messages and their order are the same whatever the number
of workers. A release's formats are written only if all of them rendered,
each through a temporary file renamed into place: a failed or interrupted
build never leaves a half-written file or a mismatched set behind. Outputs
of releases whose source was deleted are removed.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from .discovery import discover
from .errors import BuildError, PressReleaseError, Problem, TemplateError
from .manifest import ABSENT, MANIFEST_NAME, Entry, FileState, Manifest, combine, file_state, fingerprint
from .models import Release
from .renderers import FORMATS, Renderer, RenderOptions
from .templating import Theme
from .version import __version__

if TYPE_CHECKING:
    from .loader import Loader

__all__ = ["BuildOptions", "BuildReport", "Builder", "Outcome", "build", "release_inputs", "write_atomic"]

DEFAULT_FORMATS = ("html", "pdf", "txt", "eml")
#: Worker processes are replaced after this many releases, so any memory WeasyPrint keeps is returned.
RECYCLE_AFTER = 200


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    render: RenderOptions = field(default_factory=RenderOptions)
    jobs: int = 1
    force: bool = False
    clean: bool = False


@dataclass(slots=True)
class Outcome:
    """What happened to one source file."""

    source: Path
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass(slots=True)
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one source (discovery)
    removed: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_problems(self) -> list[Problem]:
        seen: dict[Problem, None] = dict.fromkeys(self.problems)
        for outcome in self.outcomes:
            seen.update(dict.fromkeys(outcome.problems))
        return list(seen)

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and not o.unchanged]

    @property
    def unchanged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.unchanged]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(p.severity == "error" for p in self.problems)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    The rename makes the new file appear whole or not at all; outputs are
    regenerable, so no fsync is spent on surviving a power cut.
    """
    write_all_atomic({path: data})


def write_all_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every temporary file is written first; only then are they renamed into
    place, so a full disk halfway leaves the previous set untouched.
    """
    temporaries: dict[Path, str] = {}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                                 delete=False)
            temporaries[path] = handle.name
            with handle:
                handle.write(data)
            os.chmod(handle.name, 0o644)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    except BaseException:
        for temporary in temporaries.values():
            Path(temporary).unlink(missing_ok=True)
        raise


def organisation_candidates(release: Release) -> list[Path]:
    """Organisation files that do not exist but would be found first if someone added one.

    Recorded as absent inputs, so adding a nearer organisation.yaml rebuilds the release.
    """
    from .loader import ORGANISATION_FILE_NAMES

    found = release.organisation.path
    base = release.base_dir
    if base is None or (found is not None and not base.is_relative_to(found.parent)):
        return []  # built in code, or a file the release names: no search happened
    candidates: list[Path] = []
    for folder in (base, *base.parents):
        for name in ORGANISATION_FILE_NAMES:
            if folder / name == found:
                return candidates
            candidates.append(folder / name)
    return candidates


def release_inputs(release: Release) -> list[Path]:
    """Every file a release's outputs are made from (besides the templates)."""
    paths: list[Path] = []
    if release.origin is not None and release.origin.path.is_file():
        paths.append(release.origin.path)
    org = release.organisation
    if org.path is not None:
        paths.append(org.path)
    if org.logo is not None:
        paths.append(org.logo)
    paths.extend(font.file for font in release.house_style.fonts)
    paths.extend(photo.file for photo in release.photos)
    from .context import body_images

    paths.extend(body_images(release))
    return list(dict.fromkeys(p.resolve() for p in paths))


@dataclass(slots=True)
class _Rendered:
    """A worker's answer for one source: the files to write, or the problems."""

    source: Path
    name: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    inputs: dict[str, FileState] = field(default_factory=dict)


class Builder:
    """Loads and renders releases with one theme and one set of renderers (one per process).

    Renderers are created once and reused (the PDF renderer keeps its font
    configuration between documents).
    """

    def __init__(self, options: BuildOptions, loader: Loader | None = None) -> None:
        from .loader import Loader

        self.options = options
        self.loader = loader or Loader()
        self.theme = Theme(options.render.templates)
        ordered = [name for name in FORMATS if name in options.formats]  # the PDF before the email
        self.renderers: dict[str, Renderer] = {
            name: FORMATS[name].renderer(self.theme, options.render) for name in ordered
        }

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

    def render_source(self, source: Path) -> _Rendered:
        result = _Rendered(source)
        try:
            release = self.loader.load(source)
            result.name = release.name
            for path in release_inputs(release):
                state = file_state(path)
                if state is not None:
                    result.inputs[str(path)] = state
            for path in organisation_candidates(release):
                if not path.exists():
                    result.inputs[str(path)] = ABSENT
            result.files, warnings = self.render(release)
            result.problems.extend(warnings)
        except TemplateError as exc:
            result.problems.append(exc.as_problem())
        except PressReleaseError as exc:
            result.problems.extend(getattr(exc, "problems", ()) or [Problem(source, 0, 0, str(exc))])
        except Exception as exc:  # a bug: reported against this release; the others still build
            result.problems.append(Problem(
                source, 0, 0, f"internal error: {type(exc).__name__}: {exc}",
                "this is a bug in pressrelease; please report it with this release", code="internal"))
        # A problem the renderers could not place still belongs to this source.
        result.problems = [p if p.path else dataclasses.replace(p, path=source) for p in result.problems]
        if any(p.severity == "error" for p in result.problems):
            result.files = {}
        return result


# -- worker processes -----------------------------------------------------------

_worker_builder: Builder | None = None  # one per worker process, made by its initialiser


def _start_worker(options: BuildOptions) -> None:
    global _worker_builder
    _worker_builder = Builder(options)


def _work(source: Path) -> _Rendered:
    assert _worker_builder is not None
    return _worker_builder.render_source(source)


def _render_all(sources: Sequence[Path], options: BuildOptions) -> Iterator[_Rendered]:
    """Rendered sources, in the order given, from this process or a pool of workers."""
    if not sources:
        return
    if options.jobs <= 1 or len(sources) == 1:
        builder = Builder(options)
        for source in sources:
            yield builder.render_source(source)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(min(options.jobs, len(sources)), _start_worker, (options,), RECYCLE_AFTER) as pool:
        yield from pool.imap(_work, sources, chunksize=1)


# -- the build ------------------------------------------------------------------


def build(
    sources: Iterable[Path | str],
    options: BuildOptions | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> BuildReport:
    """Build every release found under ``sources`` into ``options.out_dir``.

    ``progress`` is called once per release, in source order, as each is done.
    """
    started = time.perf_counter()
    options = options or BuildOptions()
    roots = [Path(s) for s in sources]
    files, problems = discover(roots)
    if options.clean:
        _check_clean_is_safe(options.out_dir, roots)
    report = BuildReport(problems=problems)
    manifest = Manifest.load(options.out_dir)
    context = _build_context(options, manifest)
    formats = [name for name in FORMATS if name in options.formats]

    stale: list[Path] = []
    claimed: dict[str, Path] = {}  # output file (absolute) -> the source that owns it
    keys = {source: os.path.realpath(source) for source in files}
    plan: list[Outcome | None] = []
    if hasattr(progress, "begin"):
        progress.begin(len(files))  # type: ignore[union-attr]
    for source in files:
        key = keys[source]
        if not options.force and manifest.is_fresh(key, context, formats):
            entry = manifest.entries[key]
            outcome = Outcome(source, [Path(entry.outputs[f]) for f in formats], unchanged=True)
            for fmt in formats:
                claimed[entry.outputs[fmt]] = source
            plan.append(outcome)
        else:
            stale.append(source)
            plan.append(None)

    rendered = _render_all(stale, options)
    for planned in plan:
        outcome = planned or _write(next(rendered), options, formats, manifest, context, claimed)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    report.removed = _remove_deleted(roots, set(keys.values()), set(claimed), manifest, options)
    manifest.save()
    report.seconds = time.perf_counter() - started
    return report


def _check_clean_is_safe(out_dir: Path, roots: list[Path]) -> None:
    """Refuse ``--clean`` where it could delete sources or someone else's files."""
    out = Path(os.path.realpath(out_dir))
    for root in roots:
        real = Path(os.path.realpath(root))
        if real == out or real.is_relative_to(out):
            raise BuildError(f"refusing --clean: the output folder {out_dir} and the releases in {root} overlap")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_NAME).exists():
        raise BuildError(f"refusing --clean: {out_dir} has files but no {MANIFEST_NAME}, so pressrelease did not "
                         "make it; build into it once without --clean, or choose another folder")


def _build_context(options: BuildOptions, manifest: Manifest) -> str:
    """Everything besides a release's own files that its outputs depend on."""
    theme = Theme(options.render.templates)
    settings = dataclasses.asdict(options.render)
    settings["templates"] = [str(d) for d in theme.dirs]
    settings["formats"] = sorted(options.formats)
    return combine(__version__, json.dumps(settings, sort_keys=True, default=str), manifest.theme_fingerprint(theme.dirs))


def _write(
    result: _Rendered,
    options: BuildOptions,
    formats: list[str],
    manifest: Manifest,
    context: str,
    claimed: dict[str, Path],
) -> Outcome:
    outcome = Outcome(result.source, problems=list(result.problems))
    key = os.path.realpath(result.source)
    previous = manifest.entries.get(key)
    if not result.files:
        if previous is not None:
            previous.fingerprint = ""  # try again next time
        return outcome
    out_dir = Path(os.path.realpath(options.out_dir))
    targets = {fmt: out_dir / f"{result.name}{FORMATS[fmt].suffix}" for fmt in formats}
    for target in targets.values():
        owner = claimed.setdefault(str(target), result.source)
        if owner != result.source:
            outcome.problems.append(Problem(result.source, 1, 1, f"output name '{result.name}' is already used by {owner}",
                                            "give one of them a different 'slug:'", code="duplicate-output"))
            return outcome
    entry = Entry(fingerprint(context, result.inputs), dict(result.inputs))
    try:
        write_all_atomic({target: result.files[fmt] for fmt, target in targets.items()})
    except OSError as exc:
        raise BuildError(f"cannot write into {out_dir}: {exc.strerror or exc}") from exc
    for fmt, target in targets.items():
        outcome.outputs.append(target)
        entry.outputs[fmt] = str(target)
        state = file_state(target)
        assert state is not None
        entry.output_states[str(target)] = state
    if previous is not None:
        for fmt, old in previous.outputs.items():
            if fmt in entry.outputs and old != entry.outputs[fmt] and old not in claimed:
                Path(old).unlink(missing_ok=True)  # a renamed release (new slug) leaves no orphan
            elif fmt not in entry.outputs:
                entry.outputs[fmt] = old  # another format's output stays tracked, for deletion later
                if old in previous.output_states:
                    entry.output_states[old] = previous.output_states[old]
    manifest.entries[key] = entry
    return outcome


def _remove_deleted(
    roots: list[Path], present: set[str], claimed: set[str], manifest: Manifest, options: BuildOptions
) -> list[Path]:
    """Delete the outputs of releases whose source is gone (only under the paths being built).

    An output this build wrote or kept (a moved source writes the same
    names) is never deleted. With ``clean``, also every other file in the
    output folder that this build did not produce.
    """
    covered = [r.resolve() for r in roots]
    removed: list[Path] = []
    for key in list(manifest.entries):
        if key in present:
            continue
        path = Path(key)
        inside = any(path == root or path.is_relative_to(root) for root in covered)
        if not (inside or options.clean):
            continue
        for output in manifest.entries.pop(key).outputs.values():
            if output not in claimed and Path(output).exists():
                Path(output).unlink()
                removed.append(Path(output))
    if options.clean and options.out_dir.is_dir():
        keep = set(claimed)
        for entry in manifest.entries.values():  # outputs of formats not built now are cleaned away
            entry.outputs = {fmt: path for fmt, path in entry.outputs.items() if path in keep}
        keep.add(os.path.realpath(options.out_dir / MANIFEST_NAME))
        for candidate in sorted(options.out_dir.rglob("*")):
            if candidate.is_file() and os.path.realpath(candidate) not in keep:
                candidate.unlink()
                removed.append(candidate)
    return removed
