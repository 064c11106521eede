"""The collection stage: outputs made from every release of the output folder at once.

After the per-release stage, every registered collection (see
:data:`~pressrelease.formats.COLLECTIONS`: the ``releases.json`` catalogue and
the newsroom site in ``site/``) sees a :class:`~pressrelease.view.CollectedRelease`
for each release recorded in the manifest: the summary the per-release stage
made (kept in the manifest, so an unchanged release is never parsed again),
the files written for it and its recorded inputs. When no release changed,
the releases held back by an embargo and the news sitemap's releases are
the same as last time, the collection's files are as they were written, and
the press kit's files are as the last collection read them
(:mod:`.kit_record`), the stage does nothing; a file whose bytes would be the same is not
rewritten, and a file copied in (:class:`~pressrelease.formats.CopyFile`) is
copied only when its recorded copy differs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import Problem
from ..formats import COLLECTIONS, FORMATS, Collection, CollectionContext, CopyFile, RenderOptions
from ..view.press_kit import KIT_PATH
from ..view.site_meta import language_has
from ..view.site_paths import SITE_FOLDER
from .indexing import RELEASE_PAGE, IndexJob, index_folder
from .kit_record import KitRecord, kit_unchanged
from ..rules import read_regular
from .press_kit import copy_settings, press_kit_of, site_organisation
from .manifest import FileState, Manifest, combine, file_state
from .writer import OutputFolder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..model import Organisation
    from ..view import CollectedRelease

__all__ = ["Collected", "collect", "collected_releases", "held_releases"]

#: The Google News sitemap lists releases published this long before the build's moment.
NEWS_WINDOW = dt.timedelta(days=2)


@dataclass(slots=True)
class Collected:
    """What the collection stage did: files written, releases held back (source -> lift), problems."""

    written: list[Path] = field(default_factory=list)
    held: dict[str, dt.datetime] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Files that could not be copied into the site (each said as a warning): the next build tries again.
    failed_copies: int = 0


def collected_releases(manifest: Manifest, folder: OutputFolder) -> list[CollectedRelease]:
    """Every release the manifest records with a summary, with its files (names inside ``folder``)."""
    from ..view.summary import CollectedRelease, OutputFile, ReleaseSummary

    releases = []
    for key, entry in sorted(manifest.entries.items()):  # in source order, whatever order they were built in
        if entry.summary is None or not set(entry.outputs) - set(entry.carried):
            continue
        outputs = {}
        for fmt, path in sorted(entry.outputs.items()):
            if fmt in entry.carried:  # made from an earlier version of the release
                continue
            state = entry.output_states[path]
            outputs[fmt] = OutputFile(Path(os.path.relpath(path, folder.real)).as_posix(), state.size, state.sha256,
                                      path, state.mtime_ns)
        inputs = {path: state.sha256 for path, state in entry.inputs.items()}
        sizes = {path: state.size for path, state in entry.inputs.items() if state.size >= 0}
        releases.append(CollectedRelease(ReleaseSummary.from_json(entry.summary), outputs, inputs, key, sizes))
    return releases


def held_releases(manifest: Manifest, now: dt.datetime) -> dict[str, dt.datetime]:
    """The releases with a public page (the site's; manifest key -> when the embargo lifts) still under
    embargo at ``now``."""
    held = {}
    for key, entry in manifest.entries.items():
        public = any(FORMATS[fmt].public for fmt in entry.outputs if fmt in FORMATS)
        embargo = entry.summary.get("embargo") if entry.summary and public else None
        if embargo:
            until = dt.datetime.fromisoformat(str(embargo))
            if until > now:
                held[key] = until
    return held


def _collection_key(manifest: Manifest, held: dict[str, dt.datetime], now: dt.datetime) -> str:
    """What the site's files depend on besides the summaries: the held releases, the news sitemap's."""
    recent = sorted(key for key, entry in manifest.entries.items() if entry.summary and key not in held
                    and _published(entry.summary) is not None and now - NEWS_WINDOW <= _published(entry.summary) <= now)
    return combine(*sorted(held), "\0recent", *recent, "\0theme", manifest.theme_digest())


def _published(summary: dict) -> dt.datetime | None:  # type: ignore[type-arg]
    text = summary.get("published")
    return dt.datetime.fromisoformat(str(text)) if text else None


def collect(manifest: Manifest, folder: OutputFolder, collections: list[Collection] | None = None, *,
            options: RenderOptions | None = None, now: dt.datetime | None = None,
            publish_held: bool = False) -> Collected:
    """Run the collection stage at ``now`` (default: the current time)."""
    collections = COLLECTIONS if collections is None else collections
    now = now or dt.datetime.now(dt.timezone.utc)
    result = Collected(held={} if publish_held else held_releases(manifest, now))
    key = _collection_key(manifest, result.held, now)
    if not manifest.outputs_changed and manifest.collected and manifest.intact(manifest.collected) \
            and key == manifest.collection_key and kit_unchanged(manifest):
        return result
    releases = collected_releases(manifest, folder)
    record = KitRecord(manifest.kit, manifest.collected, folder.file(f"{SITE_FOLDER}/{KIT_PATH}"), copy_settings())
    organisation = site_organisation(releases, result.held, result.problems, record)
    press_kit = press_kit_of(organisation, result.problems, record)
    result.problems.extend(_unused_languages(organisation, releases, result.held))
    context = CollectionContext(options or RenderOptions(), now, result.held, result.problems, press_kit,
                                labels=organisation.labels if organisation is not None else {})
    states: dict[str, FileState] = {}
    job: IndexJob | None = None
    try:
        for collection in collections:
            outputs = collection.make_renderer(context).render(releases)
            job = job or _start_index(folder, manifest, outputs, states)
            _write(folder, manifest, outputs, states, result)
        if job is not None:
            result.problems.extend(job.finish(states, result.written))
    except BaseException:
        if job is not None:
            job.abandon()
        raise
    folder.remove(path for path in manifest.collected if path not in states)  # a page that left, an old index
    _sweep(folder.file(SITE_FOLDER), states)
    if (job is not None and job.failed) or record.failed or result.failed_copies:
        key = ""  # no search index, no kit, a file not copied: the next build collects again and tries once more
    kit = record.to_json() if press_kit is not None else {}
    if states != manifest.collected or key != manifest.collection_key or kit != manifest.kit:
        manifest.collected, manifest.collection_key, manifest.kit = states, key, kit
        manifest.changed = True
    return result


def _unused_languages(organisation: Organisation | None, releases: list[CollectedRelease],
                      held: Mapping[str, dt.datetime]) -> list[Problem]:
    """A warning for each of the site's ``languages`` no published release is in (a typo, ``de`` for
    ``en``): its language page is empty, and the first of them is the language of the site's own pages."""
    if organisation is None or organisation.site is None or not organisation.site.languages \
            or organisation.path is None:
        return []
    site = organisation.site
    published = [r.summary.language for r in releases if r.source not in held
                 and any(FORMATS[fmt].public for fmt in r.outputs if fmt in FORMATS)]
    line, column = site.languages_at if site.languages_at != (0, 0) else (1, 1)
    return [Problem(organisation.path, line, column, f"site.languages names '{language}', but no published "
                    "release is in it", "list the languages your releases are in ('en' also takes 'en-GB'); the "
                    "first is the language of the site's own pages", severity="warning", code="site-languages")
            for language in site.languages if not any(language_has(language, tag) for tag in published)]


def _write(folder: OutputFolder, manifest: Manifest, outputs: Mapping[str, bytes | CopyFile],
           states: dict[str, FileState], result: Collected) -> None:
    """Write one collection's files (copies only where the recorded copy is not there) and record them."""
    for name, data in outputs.items():
        path = folder.file(name)
        if isinstance(data, CopyFile):
            said = len(result.problems)
            written, state = _copy(folder, path, data, manifest.collected.get(str(path)), result.problems)
            result.failed_copies += len(result.problems) > said
        else:
            written, state = folder.write_if_changed(path, data)
        if written:
            result.written.append(path)
        if state is not None:
            states[str(path)] = state


def _start_index(folder: OutputFolder, manifest: Manifest, outputs: Mapping[str, bytes | CopyFile],
                 states: dict[str, FileState]) -> IndexJob | None:
    """Start the search index on the release pages ``outputs`` publishes (if it names any and the recorded
    index cannot be kept: then its files are kept as recorded)."""
    pages = {name: data for name, data in outputs.items() if isinstance(data, CopyFile) and RELEASE_PAGE.match(name)}
    if not pages:
        return None
    if IndexJob.needed(folder, manifest, pages):
        return IndexJob(folder, pages).start()
    prefix = index_folder(folder)
    states.update({path: state for path, state in manifest.collected.items() if path.startswith(prefix)})
    return None


def _sweep(site: Path, states: dict[str, FileState]) -> None:
    """``site/`` holds only what this collection made: any other file (a killed build's, one put there by
    hand) is deleted, and the empty folders a release that left the site leaves (a folder's name is its
    slug)."""
    kept = {os.path.dirname(path) for path in states}  # a folder holding a file of the site stays: no rmdir asked
    for root, _dirs, names in sorted(os.walk(site, topdown=False), reverse=True):
        for name in names:
            path = os.path.join(root, name)
            if path not in states:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        if root != str(site) and root not in kept:
            try:
                os.rmdir(root)  # only when empty
            except OSError:
                pass


def _copy(folder: OutputFolder, path: Path, copy: CopyFile, known: FileState | None,
          problems: list[Problem]) -> tuple[bool, FileState | None]:
    """Copy ``copy.source`` to ``path`` unless the recorded copy is there; only bytes with the recorded hash.
    Whether it was written, and the state of ``path`` (None if there is none)."""
    current = file_state(path, known, follow=False)
    if current is not None and current.sha256 == copy.sha256:
        return False, current
    if copy.mtime_ns and folder.lists(copy.source):  # an output of this build's: linked, as it was recorded
        state = file_state(copy.source, FileState(copy.size, copy.mtime_ns, copy.sha256), follow=False)
        if state is not None and state.sha256 == copy.sha256:
            folder.link(path, Path(copy.source))
            return True, file_state(path, state, follow=False)  # the same file: a stat, not a read
    try:  # a regular file only (a named pipe would hold the build), no more bytes than it was recorded with
        data = read_regular(copy.source, copy.size if copy.size >= 0 else None)
    except OSError as exc:
        problems.append(Problem(Path(copy.source), 1, 1, f"cannot publish {path.name}: {exc.strerror or exc}",
                                "build again", code="publish", severity="warning"))
        return False, current
    if hashlib.sha256(data).hexdigest() != copy.sha256:
        problems.append(Problem(Path(copy.source), 1, 1, f"{Path(copy.source).name} changed after it was read: "
                                "not published", "build again", code="publish", severity="warning"))
        return False, current
    return True, folder.write({path: data})[path]
