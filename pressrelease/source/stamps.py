"""What a loader remembers is checked against: the sizes and times of files, and the identity of folders.

An organisation file is read again when it, or a file it names, changes; a
folder's resolved path is trusted while the folder is the same directory.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Organisation
from ..errors import SourceError
from .references import image_path, markdown_images

__all__ = ["file_stamps", "folder_identity", "folder_stamps"]


def file_stamps(path: Path, read: Organisation | SourceError) -> tuple[tuple[int, int], ...]:
    """(size, modification time) of an organisation file and of every file it names, to see if one changed."""
    files = [path]
    if isinstance(read, Organisation):
        files += [read.logo] if read.logo is not None else []
        files += [font.file for font in read.style.fonts]
        folder = read.base_dir or path.parent
        files += [found for text in (read.boilerplate, read.footer) for src in markdown_images(text)
                  if (found := image_path(src, folder)) is not None]
    stamps = []
    for file in files:
        try:
            info = os.stat(file)
            stamps.append((info.st_size, info.st_mtime_ns))
        except OSError:
            stamps.append((-1, 0))
    return tuple(stamps)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """The device and inode ``folder`` names now: when unchanged, its real path is too (unless a folder was renamed)."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def folder_stamps(real: Path, found: Path | None) -> tuple[int, ...]:
    """The modification times of the folders searched for an organisation file: one changes when a file comes or goes."""
    stamps = []
    folder, last = real, (found.parent if found is not None else None)
    while True:
        try:
            stamps.append(os.stat(folder).st_mtime_ns)
        except OSError:
            stamps.append(-1)
        if folder == last or folder.parent == folder:
            return tuple(stamps)
        folder = folder.parent
