"""Where the search index is made: a private working folder in memory when the machine has room, else in the
output folder.

Pagefind writes its bundle (a file per page, and more) with about a hundred
threads at once; on a disk's file system they queue for the folder's lock,
which doubled its time on the development machine (docs/benchmarks.md). So
the bundle is written into a folder of :data:`MEMORY_FOLDERS` (``/dev/shm``)
when both that file system and the machine's memory have room for it and a
margin, and into the output folder otherwise. The build's writer then
writes the bundle into the site; nothing here does.

``/dev/shm`` is shared by every user of the machine. The working folder is
made by ``tempfile.mkdtemp`` (a new name, mode 0700), so no one else can
read a held release's index or put a file in it. Its name is
``.pagefind-<output>-<pid>.XXXXXXXX.tmp``: a hash of the output folder's
path and the build's process id. At the start of every build
(:func:`remove_scratch_leftovers`) the folders a killed build left are
deleted: those of the same output folder, and those of a process that is
no longer running, untouched for an hour; only folders (never links) owned by this user, so
another user's are never touched, and nobody else can swap them in the
sticky ``/dev/shm``. In the output folder, ``OutputFolder.remove_temporaries``
deletes them.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from .writer import remove_tree

__all__ = ["MEMORY_FOLDERS", "in_memory", "remove_scratch_leftovers", "scratch_folder"]

#: Folders in memory (tmpfs) where a working folder is made first, when they have room.
MEMORY_FOLDERS: tuple[Path, ...] = (Path("/dev/shm"),)
#: Room left free, in the memory folder and in the machine's available memory, beside the folder's own need.
_MEMORY_MARGIN = 256 * 1024 * 1024
#: Seconds after which another output folder's working folder, of a process that is not running, is a leftover:
#: a process in another PID namespace (a container sharing /dev/shm) looks as if it were not running, but no
#: working folder lives longer than Pagefind's time limit and the writing in after it.
_ABANDONED_AFTER = 3600
_SUFFIX = ".tmp"
#: Files (inodes) left free in a memory folder beside the bundle's own: Pagefind out of inodes waits, not fails.
_FILES_MARGIN = 1000
_NAME = re.compile(r"\.pagefind-([0-9a-f]{16})-(\d+)\.[a-z0-9_]{8}\.tmp")


def scratch_folder(output: Path, need: int, *, memory: bool = True, files: int = 0) -> Path:
    """A new private folder (mode 0700) for a bundle of about ``need`` bytes: in a memory folder with room for
    it and :data:`_MEMORY_MARGIN` more (unless ``memory`` is false), else in the output folder. OSError if none
    can be made."""
    prefix = f".pagefind-{_output_key(output)}-{os.getpid()}."
    for place in MEMORY_FOLDERS if memory else ():
        if _has_room(place, need + _MEMORY_MARGIN, files + _FILES_MARGIN):
            try:
                return Path(tempfile.mkdtemp(prefix=prefix, suffix=_SUFFIX, dir=place))
            except OSError:
                continue  # read-only, full after all: the next place
    output.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=prefix, suffix=_SUFFIX, dir=output))


def in_memory(folder: Path) -> bool:
    """Whether ``folder`` (a :func:`scratch_folder`) is in one of the memory folders."""
    return folder.parent in MEMORY_FOLDERS


def remove_scratch_leftovers(output: Path) -> None:
    """Delete the working folders in the memory folders that a killed build left: this output folder's, and any
    of a process no longer running untouched for an hour; only folders owned by this user (module's notes)."""
    if not hasattr(os, "geteuid") or not hasattr(os, "statvfs"):
        return  # no memory folder is ever used there (scratch_folder), and os.kill(pid, 0) is no probe on Windows
    key, user = _output_key(output), os.geteuid()
    for place in MEMORY_FOLDERS:
        try:
            with os.scandir(place) as entries:
                found = [(entry, match) for entry in entries if (match := _NAME.fullmatch(entry.name))]
        except OSError:
            continue
        for entry, match in found:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != user:
                continue
            if match.group(1) == key or (not _running(int(match.group(2)))
                                         and time.time() - info.st_mtime > _ABANDONED_AFTER):
                remove_tree(entry.path)


def _output_key(output: Path) -> str:
    return hashlib.sha256(os.fsencode(os.path.realpath(output))).hexdigest()[:16]


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # someone else's process (PermissionError), or not knowable: kept
    return True


def _has_room(place: Path, need: int, files: int = _FILES_MARGIN) -> bool:
    """Whether the file system of ``place`` has ``need`` bytes and ``files`` inodes free and the machine's
    available memory (a tmpfs's files are memory) ``need`` bytes; False where any cannot be told."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False  # no statvfs (Windows): no memory folder either
    try:
        room = statvfs(place)
        if not place.is_dir() or not os.access(place, os.W_OK | os.X_OK):
            return False
    except OSError:
        return False
    available = _memory_available()
    inodes = room.f_favail if room.f_files else files  # 0 files: a file system without an inode count
    return room.f_bavail * room.f_frsize >= need and inodes >= files and available is not None \
        and available >= need


def _memory_available() -> int | None:
    """Bytes of memory the machine can still give (``MemAvailable``), within this process's control group's
    limit when it has one (a container's); None when /proc says nothing."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            found = next((line for line in handle if line.startswith("MemAvailable:")), None)
        if found is None:
            return None
        available = int(found.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    for limit in _group_limits():
        available = min(available, limit)
    return available


def _group_limits() -> list[int]:
    """Bytes this process's control group may still use, where it has a limit: version 2 (``memory.max``) or
    version 1 (``memory.limit_in_bytes``), at the group /proc/self/cgroup names, or at the mount's root (a
    container's own group); none where nothing can be read."""
    try:
        lines = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        controllers, group = parts[1], parts[2].lstrip("/")
        if controllers == "":
            base, files = Path("/sys/fs/cgroup"), ("memory.max", "memory.current")
        elif "memory" in controllers.split(","):
            base, files = Path("/sys/fs/cgroup/memory"), ("memory.limit_in_bytes", "memory.usage_in_bytes")
        else:
            continue
        for folder in dict.fromkeys((base / group, base)):
            try:
                limit = (folder / files[0]).read_text(encoding="ascii").strip()
                used = (folder / files[1]).read_text(encoding="ascii").strip()
                if limit != "max" and int(limit) < 1 << 60:  # version 1 says "no limit" with a huge number
                    found.append(max(0, int(limit) - int(used)))
                break
            except (OSError, ValueError):
                continue
    return found
