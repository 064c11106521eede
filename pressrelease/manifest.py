"""What each output was built from, so a rebuild redoes only what changed.

The manifest lives in the output folder (``.pressrelease-manifest.json``).
For every release it records a fingerprint of everything the outputs depend
on (the source, the organisation file, photos, logo and fonts, every file of
the templates in use, the build options and the library's version) and the
outputs it wrote. A file's content is identified by its SHA-256; its size and
modification time are kept too, so an unchanged file is recognised from one
``stat`` without being read again. A touched but unchanged file costs one
hash and rebuilds nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = ["ABSENT", "MANIFEST_NAME", "Entry", "FileState", "Manifest", "combine", "fingerprint"]

MANIFEST_NAME = ".pressrelease-manifest.json"
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class FileState:
    size: int
    mtime_ns: int
    sha256: str

    def to_json(self) -> list[object]:
        return [self.size, self.mtime_ns, self.sha256]

    @classmethod
    def from_json(cls, data: list[object]) -> FileState:
        size, mtime_ns, sha = data
        return cls(int(size), int(mtime_ns), str(sha))  # type: ignore[call-overload]


#: The state recorded for a file that must stay absent (a nearer organisation file, say).
ABSENT = FileState(-1, 0, "absent")


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_state(path: Path, known: FileState | None = None) -> FileState | None:
    """The file's state, re-hashing only when size or mtime differ from ``known``; None if it is gone."""
    try:
        info = path.stat()
    except OSError:
        return None
    if known is not None and (info.st_size, info.st_mtime_ns) == (known.size, known.mtime_ns):
        return known
    try:
        return FileState(info.st_size, info.st_mtime_ns, hash_file(path))
    except OSError:
        return None


def combine(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Entry:
    """One release: its fingerprint, its inputs' states and the outputs it wrote (format -> path)."""

    fingerprint: str
    inputs: dict[str, FileState] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    output_states: dict[str, FileState] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "fingerprint": self.fingerprint,
            "inputs": {path: state.to_json() for path, state in sorted(self.inputs.items())},
            "outputs": {fmt: [path, *self.output_states[path].to_json()] for fmt, path in sorted(self.outputs.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> Entry:  # type: ignore[type-arg]
        outputs = {fmt: str(value[0]) for fmt, value in data.get("outputs", {}).items()}
        states = {str(value[0]): FileState.from_json(value[1:]) for value in data.get("outputs", {}).values()}
        inputs = {path: FileState.from_json(value) for path, value in data.get("inputs", {}).items()}
        return cls(str(data.get("fingerprint", "")), inputs, outputs, states)


class Manifest:
    def __init__(self, path: Path, entries: dict[str, Entry] | None = None,
                 theme: dict[str, FileState] | None = None) -> None:
        self.path = path
        self.entries: dict[str, Entry] = entries or {}
        self.theme: dict[str, FileState] = theme or {}

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return cls(path)
            entries = {key: Entry.from_json(value) for key, value in data.get("entries", {}).items()}
            theme = {key: FileState.from_json(value) for key, value in data.get("theme", {}).items()}
            return cls(path, entries, theme)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return cls(path)  # no manifest, or one we cannot read: everything is rebuilt

    def save(self) -> None:
        from .build import write_atomic

        data = {
            "format": _FORMAT,
            "theme": {key: state.to_json() for key, state in sorted(self.theme.items())},
            "entries": {key: entry.to_json() for key, entry in sorted(self.entries.items())},
        }
        write_atomic(self.path, (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8"))

    def theme_fingerprint(self, folders: Iterable[Path]) -> str:
        """A hash of every file in the template folders, in search order."""
        states: dict[str, FileState] = {}
        parts = []
        for order, folder in enumerate(folders):
            for root, dirs, names in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(names):
                    path = Path(root) / name
                    key = str(path)
                    state = file_state(path, self.theme.get(key))
                    if state is not None:
                        states[key] = state
                        parts.append(f"{order}:{path.relative_to(folder).as_posix()}:{state.sha256}")
        self.theme = states
        return combine(*parts)

    def is_fresh(self, key: str, entry_fingerprint: str, formats: Iterable[str]) -> bool:
        """Whether the recorded build of ``key`` still stands: same inputs, same options, outputs intact."""
        entry = self.entries.get(key)
        if entry is None or not entry.fingerprint:
            return False
        current: dict[str, FileState] = {}
        for path, known in entry.inputs.items():
            if known == ABSENT:
                if os.path.lexists(path):
                    return False
                current[path] = known
                continue
            state = file_state(Path(path), known)
            if state is None or state.sha256 != known.sha256:
                return False
            current[path] = state
        if fingerprint(entry_fingerprint, current) != entry.fingerprint:
            return False
        for fmt in formats:
            path = entry.outputs.get(fmt)
            if path is None:
                return False
            known = entry.output_states.get(path)
            state = file_state(Path(path), known)
            if state is None or known is None or state.sha256 != known.sha256:
                return False
        entry.inputs = current  # remember new mtimes of touched but unchanged inputs
        return True


def fingerprint(context: str, inputs: dict[str, FileState]) -> str:
    """The fingerprint of one release's build: the build context plus its inputs' contents."""
    return combine(context, *(f"{path}={state.sha256}" for path, state in sorted(inputs.items())))
