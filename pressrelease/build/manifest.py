"""What each output was built from, so a rebuild redoes only what changed.

The manifest lives in the output folder (``.pressrelease-manifest.json``).
For every release it records everything the outputs depend on: the build
context (a digest of every file of the templates in use, the build options
and the library's version) and each of its own inputs (the source, the
organisation file, photos, logo and fonts) by content; then the outputs it
wrote, and the release's summary for the collection stage. A release is
fresh when the context is the same and no input's content changed. A file's
content is identified by its SHA-256; its size and modification time are
kept too, so an unchanged file is recognised from one ``stat`` without being
read again (and a file many releases share, from one ``stat`` per build). A
touched but unchanged file costs one hash and rebuilds nothing.

This module only reads files and keeps records; the manifest is written by
:class:`~.writer.OutputFolder`, like every other output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from ..rules import open_regular

__all__ = ["ABSENT", "MANIFEST_NAME", "PRESENT", "Entry", "FileState", "Manifest", "combine", "file_state"]

MANIFEST_NAME = ".pressrelease-manifest.json"
_FORMAT = 3  # 2: release summaries and collection outputs; 3: the site's fields in the summaries


class FileState(NamedTuple):
    size: int
    mtime_ns: int
    sha256: str


#: The state recorded for a file that must stay absent (a nearer organisation file, say).
ABSENT = FileState(-1, 0, "absent")
#: The state recorded for a file that must stay a readable regular file, whatever its content (a press-kit
#: file: the collection stage follows its content; a release is loaded again only when it goes).
PRESENT = FileState(-2, 0, "present")


def is_readable_file(path: str | Path) -> bool:
    """Whether ``path`` is a regular file this process may read (one ``stat``; nothing opened)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode) and os.access(path, os.R_OK)
    except (OSError, ValueError):
        return False


def hash_file(path: str | Path) -> str:
    """The SHA-256 of a regular file (a named pipe or a device put in a file's place is an OSError, at once:
    opened without waiting, refused before a byte is read)."""
    handle = open_regular(path)
    try:
        digest = hashlib.sha256()
        while block := os.read(handle, 1 << 20):
            digest.update(block)
        return digest.hexdigest()
    finally:
        os.close(handle)


def file_state(path: str | Path, known: FileState | None = None, *, follow: bool = True) -> FileState | None:
    """The file's state, re-hashing only when size or mtime differ from ``known``; None if it is gone or is not
    a regular file. ``follow=False`` for the build's own outputs: a link in an output's place (a restored cache
    an attacker prepared) is no output, whatever it points to."""
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if known is not None and info.st_size == known.size and info.st_mtime_ns == known.mtime_ns:
        return known
    try:
        return FileState(info.st_size, info.st_mtime_ns, hash_file(path))
    except OSError:
        return None


def combine(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Entry:
    """One release: its build context ("" to build again), inputs' states, outputs (format -> path), summary.

    ``carried`` names the formats whose files an earlier build made and this
    one did not: still tracked (deleted with the source), but not current.
    ``quiet`` names the formats built that have nothing for this release and
    nothing to say about it (no event, no ``.ics``): done, without a file.
    ``translation`` is the release's own translation key and what its
    siblings show of it (None without a key); ``translations`` a digest of
    the siblings its pages link to ("" for none).
    """

    context: str
    inputs: dict[str, FileState] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    output_states: dict[str, FileState] = field(default_factory=dict)
    summary: dict[str, Any] | None = None
    carried: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()
    translation: dict[str, Any] | None = None
    translations: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "context": self.context,
            "inputs": {path: list(state) for path, state in sorted(self.inputs.items())},
            "outputs": {fmt: [path, *self.output_states[path]] for fmt, path in sorted(self.outputs.items())},
            "summary": self.summary,
            "carried": list(self.carried),
            "quiet": list(self.quiet),
            "translation": self.translation,
            "translations": self.translations,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        outputs: dict[str, str] = {}
        states: dict[str, FileState] = {}
        for fmt, (path, size, mtime, sha) in data.get("outputs", {}).items():
            outputs[fmt] = path
            states[path] = _checked(FileState(size, mtime, sha), path)
        make = FileState._make
        inputs = {path: _checked(make(value), path) for path, value in data.get("inputs", {}).items()}
        return cls(str(data.get("context", "")), inputs, outputs, states, _summary(data.get("summary")),
                   tuple(str(fmt) for fmt in data.get("carried", ())), tuple(str(fmt) for fmt in data.get("quiet", ())),
                   data.get("translation"), str(data.get("translations", "")))


_TEXT_TEMPLATES = (".html", ".txt", ".css", ".js", ".xml", ".svg")


def _named(found: list[tuple[int, str, str, FileState]], names: frozenset[str]) -> set[str]:
    """Those of ``names`` that a text template outside ``names`` mentions (``{% include "site/card.html" %}``),
    directly or through others of ``names`` that are mentioned (``site/base.html`` naming ``site/site.css``)."""
    texts: dict[str, str] = {}
    for _, name, path, _ in found:
        if name.endswith(_TEXT_TEMPLATES):
            try:
                texts[name] = texts.get(name, "") + Path(path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
    named: set[str] = set()
    readers = [name for name in texts if name not in names]  # the templates a release's outputs may use
    while readers:
        text = texts[readers.pop()]
        for other in names - named:
            if other in text:
                named.add(other)
                if other in texts:
                    readers.append(other)
    return named


def _checked(state: FileState, path: object) -> FileState:
    """A recorded state as the build wrote it (a path, two integers, a digest), else a TypeError: a manifest
    edited to hold anything else is not read (everything is built again), never an internal error later."""
    if not (isinstance(path, str) and type(state.size) is int and type(state.mtime_ns) is int
            and isinstance(state.sha256, str)):
        raise TypeError("a recorded file state of the wrong type")
    return state


#: A summary's texts the collection stage reads without a default, and its times it parses.
_SUMMARY_TEXTS = ("slug", "headline", "date", "language", "kind")
_SUMMARY_TIMES = ("embargo", "published", "modified")


def _summary(value: Any) -> dict[str, Any] | None:
    """A recorded summary the collection stage can read (its texts, its times), else a TypeError or ValueError."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(isinstance(value.get(key), str) for key in _SUMMARY_TEXTS):
        raise TypeError("a recorded summary of the wrong shape")
    dt.date.fromisoformat(value["date"])
    for key in _SUMMARY_TIMES:
        if value.get(key):
            dt.datetime.fromisoformat(str(value[key]))
    return value


class Manifest:
    """The records of one output folder.

    ``changed``: it needs saving; ``outputs_changed``: a release's summary or
    files changed too, so the collection stage has something to do.
    """

    def __init__(self, entries: dict[str, Entry] | None = None, theme: dict[str, FileState] | None = None,
                 collected: dict[str, FileState] | None = None) -> None:
        self.entries: dict[str, Entry] = entries or {}
        self.theme: dict[str, FileState] = theme or {}
        self.collected: dict[str, FileState] = collected or {}  # collection outputs (releases.json) -> state
        #: What the collection stage last made its outputs for besides the summaries (which releases the
        #: site held back, which were new enough for the news sitemap): when it changes, collect again.
        self.collection_key = ""
        #: What the last collection read of the press kit (its files' states, the copies it made): see
        #: :mod:`.kit_record`, which alone reads it.
        self.kit: dict[str, Any] = {}
        self.changed = False
        self.outputs_changed = False
        self._current: dict[str, FileState | None] = {}  # this build's state of each input, worked out once

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Manifest:
        """A manifest from its saved form; an empty one (everything rebuilt) if it is missing or unreadable."""
        if data is None:
            return cls()
        try:
            saved = json.loads(data)
            if saved.get("format") != _FORMAT:
                return cls()
            entries = {key: Entry.from_json(value) for key, value in saved.get("entries", {}).items()}
            theme = {key: FileState(*value) for key, value in saved.get("theme", {}).items()}
            collected = {key: FileState(*value) for key, value in saved.get("collected", {}).items()}
            manifest = cls(entries, theme, collected)
            manifest.collection_key = str(saved.get("collection_key", ""))
            kit = saved.get("kit")
            if isinstance(kit, dict):
                manifest.kit = kit
            else:  # saved before the kit was recorded here: collect again, and record it
                manifest.collection_key = ""
            return manifest
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls()

    def to_bytes(self) -> bytes:
        data = {
            "format": _FORMAT,
            "theme": {key: list(state) for key, state in sorted(self.theme.items())},
            "collected": {key: list(state) for key, state in sorted(self.collected.items())},
            "collection_key": self.collection_key,
            "kit": self.kit,
            "entries": {key: entry.to_json() for key, entry in sorted(self.entries.items())},
        }
        return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")

    def keep_only(self, wanted: Callable[[Entry], bool]) -> None:
        """Forget the entries ``wanted`` refuses (records of files that are not in this output folder)."""
        for key in [key for key, entry in self.entries.items() if not wanted(entry)]:
            self.drop(key)

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.changed = self.outputs_changed = True

    def drop(self, key: str) -> Entry:
        self.changed = self.outputs_changed = True
        return self.entries.pop(key)

    def describe_changed(self) -> None:
        """A release's summary or files changed (outside :meth:`put` and :meth:`drop`)."""
        self.changed = self.outputs_changed = True

    def theme_fingerprint(self, folders: Iterable[Path], leave_out: frozenset[str] = frozenset()) -> str:
        """A hash of every file in the template folders, in search order; the files named in ``leave_out``
        (as ``site/index.html``) are left out of it unless another template file names them."""
        states: dict[str, FileState] = {}
        found = []
        for order, folder in enumerate(folders):
            for root, dirs, names in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(names):
                    path = os.path.join(root, name)
                    state = file_state(path, self.theme.get(path))
                    if state is not None:
                        states[path] = state
                        found.append((order, Path(path).relative_to(folder).as_posix(), path, state))
        if states != self.theme:
            self.theme = states
            self.changed = True
        named = _named(found, leave_out) if leave_out else set()
        return combine(*(f"{order}:{name}:{state.sha256}" for order, name, _, state in found
                         if name not in leave_out or name in named))

    def theme_digest(self) -> str:
        """A hash of every template file as :meth:`theme_fingerprint` last found them (all of them)."""
        return combine(*(f"{path}:{state.sha256}" for path, state in sorted(self.theme.items())))

    def is_fresh(self, key: str, context: str, formats: Iterable[str]) -> bool:
        """Whether the recorded build of ``key`` still stands: same context, same inputs, outputs intact."""
        entry = self.entries.get(key)
        if entry is None or entry.context != context or entry.summary is None:
            return False
        current = self.current_states(entry.inputs)
        if current is None:
            return False
        if any(fmt not in entry.outputs and fmt not in entry.quiet for fmt in formats):
            return False  # a format skipped with a warning (an email without a sender) is tried, and warns, again
        for path in entry.outputs.values():  # every file, those of formats not asked for too: a killed build
            known = entry.output_states.get(path)  # may have replaced some of a release's files and not others
            state = file_state(path, known, follow=False)
            if state is None or known is None or state.sha256 != known.sha256:
                return False
        if current != entry.inputs:  # remember new mtimes of touched but unchanged inputs
            entry.inputs = current
            self.changed = True
        return True

    def current_states(self, recorded: Mapping[str, FileState]) -> dict[str, FileState] | None:
        """The states of ``recorded``'s files now if each still stands (the same content; ABSENT still absent,
        PRESENT still a readable file), a touched but unchanged file with its new time; None if one does not."""
        current: dict[str, FileState] = {}
        for path, known in recorded.items():
            if known in (ABSENT, PRESENT):
                if os.path.lexists(path) if known == ABSENT else not self._readable(path):
                    return None
                current[path] = known
                continue
            state = self._input_state(path, known)
            if state is None or state.sha256 != known.sha256:
                return None
            current[path] = state
        return current

    def _input_state(self, path: str, known: FileState) -> FileState | None:
        """An input's state now: one ``stat`` (and a hash only if it was touched) per build, however many
        releases share the file (an organisation file, a logo)."""
        if path not in self._current:
            self._current[path] = file_state(path, known)
        return self._current[path]

    def _readable(self, path: str) -> bool:
        """Whether a file that must stay readable is (once per build, however many releases name it)."""
        key = "\0present:" + path
        if key not in self._current:
            self._current[key] = PRESENT if is_readable_file(path) else None
        return self._current[key] is not None

    def intact(self, recorded: dict[str, FileState]) -> bool:
        """Whether every file in ``recorded`` still has the content recorded for it."""
        for path, known in recorded.items():
            state = file_state(path, known, follow=False)
            if state is None or state.sha256 != known.sha256:
                return False
        return True
