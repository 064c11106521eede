"""The collection stage: outputs made from every release of the output folder at once.

After the per-release stage, every registered collection (see
:data:`~pressrelease.formats.COLLECTIONS`; today the ``releases.json``
catalogue) sees a :class:`~pressrelease.view.CollectedRelease` for each
release recorded in the manifest: the summary the per-release stage made
(kept in the manifest, so an unchanged release is never parsed again) and
the files written for it. When no release changed and the collection's
files are as they were written, the stage does nothing; a file whose bytes
would be the same is not rewritten.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..formats import COLLECTIONS, Collection
from .manifest import FileState, Manifest, file_state
from .writer import OutputFolder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..view import CollectedRelease

__all__ = ["collect", "collected_releases"]


def collected_releases(manifest: Manifest, folder: OutputFolder) -> list[CollectedRelease]:
    """Every release the manifest records with a summary, with its files (names inside ``folder``)."""
    from ..view.summary import CollectedRelease, OutputFile, ReleaseSummary

    releases = []
    for entry in manifest.entries.values():
        if entry.summary is None or not set(entry.outputs) - set(entry.carried):
            continue
        outputs = {}
        for fmt, path in sorted(entry.outputs.items()):
            if fmt in entry.carried:  # made from an earlier version of the release
                continue
            state = entry.output_states[path]
            outputs[fmt] = OutputFile(Path(os.path.relpath(path, folder.real)).as_posix(), state.size, state.sha256)
        releases.append(CollectedRelease(ReleaseSummary.from_json(entry.summary), outputs))
    return releases


def collect(manifest: Manifest, folder: OutputFolder, collections: list[Collection] | None = None) -> list[Path]:
    """Run the collection stage; returns the files it wrote (none when nothing changed)."""
    collections = COLLECTIONS if collections is None else collections
    if not manifest.outputs_changed and manifest.collected and manifest.intact(manifest.collected):
        return []
    releases = collected_releases(manifest, folder)
    written: list[Path] = []
    states: dict[str, FileState] = {}
    for collection in collections:
        for name, data in collection.make_renderer().render(releases).items():
            path = folder.file(name)
            if folder.write_if_changed(path, data):
                written.append(path)
            state = file_state(path)
            if state is not None:
                states[str(path)] = state
    folder.remove(path for path in manifest.collected if path not in states)  # a collection that stopped
    if states != manifest.collected:
        manifest.collected = states
        manifest.changed = True
    return written
