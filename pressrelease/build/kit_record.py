"""What the last collection read of the press kit, so the next one redoes only what changed.

The kit's files are no release's input by content (no release output shows
them). The collection stage records, in the manifest (``kit``), the state of
each file it read (size, modification time, SHA-256 of the bytes read), the
smaller copies it made of each original (by the original's SHA-256, under
the copy settings and Pillow's version) and the ZIP's members (names and
SHA-256). Before it skips, :func:`kit_unchanged` compares each file's
``stat`` with its record (hashing only a file whose size or time differs).
When it runs, a copy whose original has the same SHA-256 and whose
recorded file in ``site/press-kit/files/`` is intact is kept (published by
the collection's :class:`~pressrelease.formats.CopyFile`, which leaves an
intact file alone), and so is the ZIP when no member changed: the bytes are
those a clean build makes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from ..view.press_kit import KitCopy
from .manifest import ABSENT, FileState, Manifest, combine, file_state

__all__ = ["KitRecord", "kit_unchanged"]


def kit_unchanged(manifest: Manifest) -> bool:
    """Whether every kit file the last collection read still has the content it had (one ``stat`` each when
    none changed); a file that was missing must still be. A file touched but unchanged gets its new time
    recorded (``manifest.changed``), so the next build does not hash it again."""
    try:
        recorded = {str(path): FileState._make(value) for path, value in dict(manifest.kit.get("files", {})).items()}
    except (TypeError, ValueError, AttributeError):  # a record edited by hand: collect again
        return False
    current = manifest.current_states(recorded)
    if current is None:
        return False
    touched = {path: list(state) for path, state in current.items() if state != recorded[path]}
    if touched:
        manifest.kit["files"] = {**manifest.kit["files"], **touched}
        manifest.changed = True
    return True


class KitRecord:
    """The last record (``saved``, valid under ``settings``) and this collection's, made as the kit is read.

    ``collected`` is the manifest's record of the collection's files; ``kit_dir`` the absolute folder of
    ``press-kit/`` in the output folder. ``failed``: the kit's organisation file could not be read.
    """

    def __init__(self, saved: Mapping[str, Any], collected: Mapping[str, FileState], kit_dir: Path,
                 settings: str) -> None:
        same = isinstance(saved, Mapping) and saved.get("settings") == settings
        copies, archive = (saved.get("copies"), saved.get("archive")) if same else ({}, [])
        self._copies: Mapping[str, Any] = copies if isinstance(copies, Mapping) else {}
        self._archive = archive if isinstance(archive, list) else []
        self._collected, self._dir, self.settings = collected, kit_dir, settings
        self.files: dict[str, list[object]] = {}
        self.copies: dict[str, list[list[object]]] = {}
        self.archive: list[str] = []
        self.failed = False

    def to_json(self) -> dict[str, Any]:
        return {"settings": self.settings, "files": dict(sorted(self.files.items())),
                "copies": dict(sorted(self.copies.items())), "archive": self.archive}

    def read(self, path: Path, state: FileState | None) -> None:
        """Record the state a kit file was read in (ABSENT: it was not there)."""
        self.files[str(path)] = list(state or ABSENT)

    def _kept(self, name: str) -> KitCopy | None:
        """The recorded file ``press-kit/<name>`` as a kept copy, if it is intact."""
        path = str(self._dir / name)
        known = self._collected.get(path)
        state = file_state(path, known, follow=False) if known is not None else None  # an output: no link
        if state is None or state.sha256 != known.sha256:  # type: ignore[union-attr]
            return None
        return KitCopy(name.rpartition("/")[2], 0, 0, b"", state.sha256, state.size, path)

    def kept_copies(self, key: str, taken: set[str],
                    name_of: Callable[[int, set[str]], str]) -> tuple[KitCopy, ...] | None:
        """The copies recorded for an original (``key``: its SHA-256 and name), if each would get the same name
        now (``name_of``: width, names taken -> name) and is intact in the output folder (names then added to
        ``taken``)."""
        recorded = self._copies.get(key)
        if not isinstance(recorded, list) or not all(isinstance(item, list) and len(item) == 3 and
                                                     isinstance(item[0], str) and isinstance(item[1], int) and
                                                     isinstance(item[2], int) for item in recorded):
            return None
        trial, copies = set(taken), []
        for name, width, height in recorded:
            kept = self._kept("files/" + name) if name_of(width, trial) == name else None
            if kept is None:
                return None
            copies.append(KitCopy(kept.name, width, height, b"", kept.sha256, kept.size, kept.kept))
        taken.update(trial)
        return tuple(copies)

    def made_copies(self, key: str, copies: Sequence[KitCopy]) -> None:
        self.copies[key] = [[copy.name, copy.width, copy.height] for copy in copies]

    def kept_archive(self, name: str, members: Mapping[str, str]) -> KitCopy | None:
        """The recorded ZIP ``name``, if its members (name -> SHA-256) are the same and it is intact."""
        self.archive = [name, combine(*(f"{member}\0{sha}" for member, sha in sorted(members.items())))]
        return self._kept(name) if self._archive == self.archive else None
