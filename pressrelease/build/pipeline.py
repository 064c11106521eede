"""A whole build: plan, the per-release stage on an executor, writing, the collection stage.

::

    discover sources ─▶ plan (manifest: fresh or not) ─▶ executor: per-release stage
        ─▶ write each release's files (all or none) ─▶ remove outputs of deleted sources
        ─▶ collection stage (releases.json) ─▶ save the manifest

Answers come back in source order, so files, messages and their order are
the same whatever the executor. A release's formats are written only if all
of them rendered, through :class:`~.writer.OutputFolder`; a failed or
interrupted build never leaves a half-written file or a mismatched set
behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Generator, Iterable, Iterator, Mapping

from ..errors import BuildError
from ..rules import is_inside
from ..source.discover import discover
from ..view.site_paths import SITE_FOLDER
from .collect import collect
from .manifest import MANIFEST_NAME, Manifest
from .options import BuildOptions, BuildReport, Outcome
from .plan import Plan, build_context, plan
from .record import ReleaseWriter
from .scratch import remove_scratch_leftovers
from .writer import OutputFolder

if TYPE_CHECKING:
    from ..model import Translation
    from .stage import Rendered

__all__ = ["build", "keep_previews_apart"]


def build(
    sources: Iterable[Path | str],
    options: BuildOptions | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> BuildReport:
    """Build every release found under ``sources`` into ``options.out_dir``.

    ``progress`` is called once per release, in source order, as each is
    done; if it has a ``begin(total)`` method, that is called first.
    """
    started = time.perf_counter()
    options = options or BuildOptions()
    if options.now is None:  # one moment for the whole build: its plan (translations) and its site agree
        options = dataclasses.replace(options, now=dt.datetime.now(dt.timezone.utc))
    roots = [Path(s) for s in sources]
    files, problems = discover(roots)
    folder = OutputFolder(options.out_dir)
    keep_previews_apart(folder, options.publish_held)
    if options.clean:
        folder.check_clean_is_safe(roots, MANIFEST_NAME)
    report = BuildReport(problems=problems)
    with _no_garbage_collection():  # tens of thousands of records, none of them garbage: scanning them is waste
        manifest = Manifest.from_bytes(folder.read(MANIFEST_NAME))
        manifest.keep_only(lambda entry: all(folder.lists(path) for path in entry.outputs.values()))
        context = build_context(options, manifest)
        the_plan = plan(files, options, manifest, context)
    try:
        _run(options, folder, manifest, context, the_plan, roots, report, progress)
    finally:
        gc.unfreeze()
    report.seconds = time.perf_counter() - started
    return report


def _run(options: BuildOptions, folder: OutputFolder, manifest: Manifest, context: str, the_plan: Plan,
         roots: list[Path], report: BuildReport, progress: Callable[[Outcome], None] | None) -> None:
    """Everything after the plan: render and write each stale release, then remove, collect, clean, save."""
    if hasattr(progress, "begin"):
        progress.begin(len(the_plan.sources))  # type: ignore[union-attr]
    writer = ReleaseWriter(options, folder, manifest, context, the_plan)
    folder.remove_temporaries(linkless=(SITE_FOLDER,))  # what a killed build left, a link a restored cache put in site/
    remove_scratch_leftovers(folder.real)  # and the search index's working folder, if it was in memory
    answers = _render(options, the_plan.stale, the_plan.translations.siblings)
    try:
        for fresh in the_plan.fresh:
            outcome = fresh or writer.write(next(answers))
            report.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    finally:
        answers.close()  # the executor stops its workers now, even when a write failed
    report.removed = _remove_deleted(roots, the_plan, manifest, folder, options.clean)
    if options.clean:
        _forget_unclaimed(manifest, set(the_plan.claimed))
    collected = collect(manifest, folder, options=options.render, now=options.now, publish_held=options.publish_held)
    report.collected = collected.written
    report.problems.extend(collected.problems)
    report.held = sorted(((Path(key), str(manifest.entries[key].summary.get("slug", "")), until)  # type: ignore[union-attr]
                          for key, until in collected.held.items()), key=lambda item: str(item[0]))
    if options.clean:
        report.removed += folder.clean(set(the_plan.claimed) | set(manifest.collected) | {str(folder.file(MANIFEST_NAME)), str(folder.file(PREVIEW_MARK))})
    if manifest.changed or not folder.file(MANIFEST_NAME).exists():
        folder.write({folder.file(MANIFEST_NAME): manifest.to_bytes()})


#: Marks an output folder a private preview built (``serve``): it shows releases still under embargo.
PREVIEW_MARK = ".pressrelease-preview"


def keep_previews_apart(folder: OutputFolder, preview: bool) -> None:
    """A preview (held releases published) never builds into a deploy's folder, nor a deploy into a preview's:
    either would leave a release under embargo in ``site/``."""
    marked = folder.read(PREVIEW_MARK) is not None
    if preview and not marked and folder.read(MANIFEST_NAME) is not None:
        raise BuildError(f"{folder.path} holds a build to deploy: a preview (pressrelease serve) shows releases "
                         "still under embargo, so it builds into a folder of its own (leave out --out, or name a new one)")
    if not preview and marked:
        raise BuildError(f"{folder.path} holds a preview (pressrelease serve), which shows releases still under "
                         "embargo: build into another folder, or delete this one first")
    if preview and not marked:
        folder.write({folder.file(PREVIEW_MARK): b"pressrelease serve: this folder shows releases under embargo\n"})


@contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Pause the cycle collector while the manifest is read (it would scan every record again and again).

    The records are then moved out of the collector's sight (``gc.freeze``)
    until the build is over: none of them is part of a cycle, so reference
    counting frees them, and the collector has nothing to find among them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _render(options: BuildOptions, stale: list[Path],
            translations: Mapping[Path, tuple[Translation, ...]]) -> Generator[Rendered, None, None]:
    """The per-release stage's answers for ``stale``, in order (nothing to import when nothing changed);
    ``translations``: each source's siblings, which its web page links to."""
    if not stale:
        return
    from .executors import make_executor

    yield from make_executor(options, os.urandom(16).hex(), len(stale)).map(stale, translations)


def _remove_deleted(roots: list[Path], the_plan: Plan, manifest: Manifest, folder: OutputFolder,
                    clean: bool) -> list[Path]:
    """Delete the outputs of releases whose source is gone (only under the paths being built, or all with clean).

    An output this build wrote or kept (a moved source writes the same names) is never deleted.
    """
    covered = [r.resolve() for r in roots]
    present = set(the_plan.keys.values())
    removed: list[Path] = []
    for key in [k for k in manifest.entries if k not in present]:
        path = Path(key)
        if clean or is_inside(path, covered):
            outputs = manifest.drop(key).outputs.values()
            removed += folder.remove(output for output in outputs if output not in the_plan.claimed)
    return removed


def _forget_unclaimed(manifest: Manifest, claimed: set[str]) -> None:
    """``--clean``: outputs of formats not built now stop being tracked (the files are then deleted)."""
    for entry in manifest.entries.values():
        kept = {fmt: path for fmt, path in entry.outputs.items() if path in claimed}
        if kept != entry.outputs:
            entry.outputs = kept
            entry.carried = tuple(fmt for fmt in entry.carried if fmt in kept)
            manifest.describe_changed()
