"""Which files are releases, and which organisation file a release uses: the rules shared by every command.

``build``, ``check``, ``new`` and the incremental build's inputs all come
here, so they cannot disagree about which ``*.md`` files count or which
``organisation.yaml`` is "the nearest".
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Problem

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Iterator, Sequence

__all__ = ["ORGANISATION_FILE_NAMES", "discover", "find_organisation_file", "nearer_organisation_files"]

ORGANISATION_FILE_NAMES = ("organisation.yaml", "organisation.yml")


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Release files named directly or found (recursively, sorted) in folders.

    In a folder, ``*.md`` files are releases except README.md and anything
    whose name starts with "_" or "." (drafts, templates, hidden files).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found.extend(_releases_in(path))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder", code="missing"))
    return list(dict.fromkeys(found)), problems


def _releases_in(folder: Path) -> list[Path]:
    """The release files under ``folder``, in the order ``sorted(folder.rglob("*.md"))`` gives (part by part).

    Folders whose name starts with "_" or "." are not entered, and, as with
    ``rglob``, links to folders are not followed (links to files are listed).
    """
    names: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(("_", "."))]
        names.extend(os.path.join(root, name) for name in files
                     if name.endswith(".md") and not name.startswith(("_", ".")) and name.lower() != "readme.md")
    names.sort(key=lambda name: name.split(os.sep))
    return [Path(name) for name in names]


def _search_path(folder: Path, resolved: bool = False) -> Iterator[Path]:
    """Where an organisation file for a release in ``folder`` (``resolved`` already) is looked for, nearest first."""
    resolved = folder if resolved else folder.resolve()
    for candidate_dir in (resolved, *resolved.parents):
        for name in ORGANISATION_FILE_NAMES:
            yield candidate_dir / name


def find_organisation_file(folder: Path, *, resolved: bool = False) -> Path | None:
    """The nearest organisation file in ``folder`` or one of its parents (``resolved``: the folder's real path)."""
    return next((candidate for candidate in _search_path(folder, resolved) if candidate.is_file()), None)


def nearer_organisation_files(folder: Path, found: Path | None) -> list[Path]:
    """The places searched before ``found`` was: adding a file at any of them would change the result.

    The incremental build records them as inputs that must stay absent.
    """
    nearer: list[Path] = []
    for candidate in _search_path(folder):
        if candidate == found:
            break
        nearer.append(candidate)
    return nearer
