"""The output folder: the only code that writes, replaces or deletes a build's files.

Every file appears whole or not at all (written to a temporary file in the
same folder, then renamed into place), a release's files are replaced all
together or not at all, a collection's file whose bytes would not change is
left alone, nothing outside the output folder is ever deleted (whatever a
manifest says), and ``--clean`` deletes only inside a folder this tool made.
The manifest is saved through here like any other output.

A build killed between two renames leaves some of a release's files from the
new build beside others from the old one, and temporary files: the manifest
still describes the old files (it is saved last), so the next build finds the
release's files changed and renders it again, and it first deletes the
temporary files a killed build left (:meth:`OutputFolder.remove_temporaries`:
only names of this module's pattern, only in the output folder). Any
``OSError`` (a full disk, a read-only folder, a missing permission) becomes a
:class:`~pressrelease.errors.BuildError` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Mapping, TypeVar

from ..errors import BuildError, printable
from ..rules import is_inside
from .manifest import FileState

__all__ = ["OutputFolder", "in_folder", "remove_tree", "write_all_atomic", "write_atomic"]

T = TypeVar("T")

#: How a temporary file is opened: made new (never an existing file, nor through a link), for writing only.
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

#: A temporary file of :func:`write_all_atomic` or :meth:`OutputFolder.link`: ``.NAME.XXXXXXXX.tmp`` (eight random
#: hexadecimal digits; ``tempfile``'s eight characters in files an earlier version left).
TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
#: A working folder of the search index (Pagefind's output, the pages it reads): ``.pagefind*.XXXXXXXX.tmp``.
_WORK_FOLDER = re.compile(r"\.pagefind[-.].*\.tmp")


def write_all_atomic(files: Mapping[Path, bytes]) -> dict[Path, FileState]:
    """Write several files so that either all are replaced or none is; the state of each as written.

    Every temporary file is written first; only then are they renamed into
    place, so a full disk halfway leaves the previous set untouched. Outputs
    are regenerable, so no fsync is spent on surviving a power cut. The states
    come from the bytes in hand and the temporary file's own ``fstat`` (a
    rename keeps the time), so no written file is read back or looked up again.
    """
    temporaries: dict[Path, str] = {}
    states: dict[Path, FileState] = {}
    path = next(iter(files), None)
    try:
        for path, data in files.items():
            temporary = str(path.parent / f".{path.name}.{os.urandom(4).hex()}.tmp")
            handle = in_folder(partial(os.open, temporary, _CREATE, 0o644), path)
            temporaries[path] = temporary
            try:
                os.fchmod(handle, 0o644)  # whatever the umask: the site is served to everyone
                with memoryview(data) as left:
                    while left:
                        left = left[os.write(handle, left):]
                states[path] = FileState(len(data), os.fstat(handle).st_mtime_ns, hashlib.sha256(data).hexdigest())
            finally:
                os.close(handle)
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    except BaseException as exc:
        for temporary in temporaries.values():
            try:
                os.unlink(temporary)
            except OSError:
                pass  # already renamed, or the folder refuses it: the next build removes what is left
        if isinstance(exc, OSError) and path is not None:
            raise _failed("write", path, exc) from exc
        raise
    return states


def in_folder(make: Callable[[], T], path: Path) -> T:
    """``make()``, the folder of ``path`` made first if it is missing (most writes go to a folder that is there:
    no system call is spent asking)."""
    try:
        return make()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return make()


def remove_tree(path: str | Path) -> None:
    """Delete the folder ``path`` and everything in it, as far as possible, quietly; a link or file at ``path``
    is deleted itself, never followed. ``shutil.rmtree`` does it through folder descriptors (a folder swapped
    for a link meanwhile is not followed); a tree too deep for its recursion (``RecursionError`` on Python
    3.11: a restored cache's, one planted in ``/dev/shm``) is finished by :func:`_remove_deep`."""
    try:
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            os.unlink(path)
            return
    except OSError:
        return
    try:
        shutil.rmtree(path, ignore_errors=True)
    except RecursionError:
        _remove_deep(path)


def _remove_deep(path: str | Path) -> None:
    """The rest of a tree of any depth, without recursion: each folder listed once, removed after its content
    (by path: only for trees no one changes meanwhile, a restored cache, a folder only this user can write)."""
    stack = [(os.fspath(path), False)]  # (folder, listed already): each listed once, removed after its content
    while stack:
        top, listed = stack.pop()
        if listed:
            try:
                os.rmdir(top)
            except OSError:
                pass  # not empty (a file that would not go) or gone: left, as shutil.rmtree(ignore_errors=True) does
            continue
        stack.append((top, True))
        try:
            with os.scandir(top) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append((entry.path, False))
                        continue
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass
        except OSError:
            pass


def _failed(action: str, path: str | Path, exc: OSError) -> BuildError:
    """One line naming the file and the system's reason (a full disk, a read-only folder, a permission)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return BuildError(f"cannot {action} {printable(str(path))}: {printable(reason)}")


def write_atomic(path: Path, data: bytes) -> FileState:
    """Write one file via a temporary file in the same folder and a rename; its state as written."""
    return write_all_atomic({path: data})[path]


class OutputFolder:
    """A build's output folder (``dist/``): reading its manifest, writing, and removing what is stale."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.real = Path(os.path.realpath(path))
        self._prefix = os.path.join(str(self.real), "")

    def file(self, name: str) -> Path:
        """The absolute path of ``name`` inside the folder."""
        return self.real / name

    def read(self, name: str) -> bytes | None:
        """A file of the folder's own (the manifest), or None if there is none."""
        try:
            return (self.path / name).read_bytes()
        except OSError:
            return None

    def write(self, files: Mapping[Path, bytes]) -> dict[Path, FileState]:
        """Replace all of ``files`` or none of them (a :class:`BuildError` naming the file if that fails); the
        state of each file as written. A folder in a file's place, or a file in a folder's, inside this folder
        (a restored cache's) is removed and the write tried once more."""
        return self._clearing(files, partial(write_all_atomic, files))

    def clear_way(self, paths: Iterable[Path]) -> bool:
        """Remove what stands in the way of writing ``paths`` inside this folder: a folder (not a link) where one
        of them goes, anything but a folder where one of their folders goes. Whether anything was removed."""
        cleared = False
        for path in paths:
            if not str(path).startswith(self._prefix):
                continue
            for folder in reversed(path.parents):
                if not str(folder).startswith(self._prefix):
                    continue
                try:
                    if not stat.S_ISDIR(os.lstat(folder).st_mode):
                        os.unlink(folder)
                        cleared = True
                except OSError:
                    pass
            try:
                if stat.S_ISDIR(os.lstat(path).st_mode):
                    remove_tree(path)
                    cleared = True
            except OSError:
                pass
        return cleared

    def remove_temporaries(self, linkless: Iterable[str] = ()) -> list[Path]:
        """Delete the temporary files a killed build left in the folder and its subfolders (the site's), the
        search index's working folders (only this module's names, and the indexer's), and every symbolic link
        in the subfolders named in ``linkless`` (the site, which holds none of its own: a page published again
        is a hard link), the subfolder itself if it is one. A link there is a restored cache's: writing through
        it would write outside this folder, and a deploy that follows links would publish what it points to.
        One walk of the folder, told by the folders' own listings which entry is a link (no stat for each)."""
        removed: list[Path] = []
        no_links = {str(self.real / name) for name in linkless}
        folders = [(str(self.real), False)]
        while folders:
            folder, in_linkless = folders.pop()
            try:
                with os.scandir(folder) as entries:
                    listed = list(entries)
            except OSError:
                continue
            for entry in listed:
                linkless_here = in_linkless or entry.path in no_links
                if entry.is_symlink():
                    if linkless_here:
                        self._unlink(Path(entry.path))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if _WORK_FOLDER.fullmatch(entry.name):
                        remove_tree(entry.path)
                    else:
                        folders.append((entry.path, linkless_here))
                elif TEMPORARY.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    try:
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
                    except FileNotFoundError:
                        pass
                    except OSError as exc:
                        raise _failed("delete", entry.path, exc) from exc
        return removed

    def write_if_changed(self, path: Path, data: bytes) -> tuple[bool, FileState | None]:
        """Write ``path`` unless it already holds exactly ``data``: whether it was written, and its state (None
        if it is gone)."""
        try:
            info = path.lstat()  # a link in its place is no output: replaced, whatever it points to
            if stat.S_ISREG(info.st_mode) and info.st_size == len(data) and path.read_bytes() == data:
                return False, FileState(info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())
        except OSError:
            pass
        return True, self.write({path: data})[path]

    def link(self, path: Path, source: Path) -> None:
        """Make ``path`` another name of ``source`` (:meth:`_link`); what stands in its way inside this folder
        is removed first if the link cannot be made."""
        self._clearing([path], partial(self._link, path, source))

    def _clearing(self, paths: Iterable[Path], make: Callable[[], T]) -> T:
        """``make()``; if it fails, once more after :meth:`clear_way` removed something in the way of ``paths``."""
        try:
            return make()
        except BuildError:
            if not self.clear_way(paths):
                raise
            return make()

    def _link(self, path: Path, source: Path) -> None:
        """Make ``path`` another name of ``source``, a file of this folder (where ``path`` is new, the link
        itself; otherwise a link made beside ``path``, then renamed over it, so it is replaced whole; a copy
        where links are not possible).

        Safe because this folder's files are never written in place: a later write of ``source`` renames a
        new file over it and leaves ``path`` as it was.
        """
        try:
            in_folder(partial(os.link, source, path), path)
            return
        except OSError:  # there already (replaced whole below), or no hard links here
            pass
        temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            try:
                in_folder(partial(os.link, source, temporary), path)
            except OSError:  # a file system without hard links
                in_folder(partial(shutil.copyfile, source, temporary), path)
            os.replace(temporary, path)
        except OSError as exc:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise _failed("write", path, exc) from exc

    def contains(self, path: str | Path) -> bool:
        """Whether ``path`` names a file inside this folder, links and ``..`` followed (before deleting it)."""
        return is_inside(Path(os.path.realpath(path)), [self.real])

    def lists(self, path: str) -> bool:
        """Whether ``path``, as this folder writes paths into its manifest, is one of its files (no I/O)."""
        return path.startswith(self._prefix) and f"{os.sep}..{os.sep}" not in path[len(self._prefix) - 1:]

    def remove(self, paths: Iterable[str | Path]) -> list[Path]:
        """Delete those of ``paths`` that exist inside this folder; returns those deleted.

        The paths come from the manifest, a file anyone who can write the
        output folder (or a restored CI cache) can edit: a path outside the
        folder is never deleted.
        """
        removed = []
        for path in map(Path, paths):
            if path.is_file() and self.contains(path):
                self._unlink(path)
                removed.append(path)
        return removed

    @staticmethod
    def _unlink(path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise _failed("delete", path, exc) from exc

    def check_clean_is_safe(self, sources: Iterable[Path], manifest_name: str) -> None:
        """Refuse ``--clean`` where it could delete sources or someone else's files."""
        for root in sources:
            real = Path(os.path.realpath(root))
            if is_inside(real, [self.real]):
                raise BuildError(f"refusing --clean: the output folder {self.path} and the releases in {root} overlap")
        try:
            has_files = self.real.is_dir() and any(self.real.iterdir())
        except OSError as exc:
            raise _failed("read", self.path, exc) from exc
        if has_files and not (self.real / manifest_name).exists():
            raise BuildError(f"refusing --clean: {self.path} has files but no {manifest_name}, so pressrelease did "
                             "not make it; build into it once without --clean, or choose another folder")

    def clean(self, keep: set[str]) -> list[Path]:
        """Delete every file in the folder whose real path is not in ``keep``."""
        removed = []
        if self.path.is_dir():
            for candidate in sorted(self.path.rglob("*")):
                if candidate.is_file() and os.path.realpath(candidate) not in keep:
                    self._unlink(candidate)
                    removed.append(candidate)
        return removed
