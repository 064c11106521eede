"""Which files a template may read: only those inside its own folder, links followed.

A template folder from ``--templates`` may come from the same pull request
as the release it renders, so none of its files may lead elsewhere: every
template file, and every file it includes, extends, imports or names with
``asset_url``, must resolve (symbolic links followed) inside the template
folder it was found in; a name with ``..`` or an absolute one is refused. A
refusal is a :class:`ContainmentError`, a located
:class:`~pressrelease.errors.ResourceError` with a hint.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import replace
from pathlib import Path

from ..errors import Problem, ResourceError, TemplateError
from ..rules import is_inside

__all__ = ["ContainmentError", "SandboxError", "check_folder", "contained", "refused"]

CONTAINMENT_HINT = "a template folder's files, and every file they include or name, must be inside that folder"
SANDBOX_HINT = "templates render in a sandbox: no Python internals, files or modules"


class ContainmentError(ResourceError):
    """A template or asset that resolves outside its template folder, or names ``..``."""


class SandboxError(TemplateError):
    """A template tried something the sandbox forbids."""

    def as_problem(self) -> Problem:
        return replace(super().as_problem(), hint=SANDBOX_HINT)


def refused(path: Path | None, message: str, line: int = 0) -> ContainmentError:
    return ContainmentError([Problem(path, line, 1 if line else 0, message, CONTAINMENT_HINT, code="template")])


def contained(folder: Path, name: str) -> Path | None:
    """``folder/name`` if it is a file, None if there is none; refused if it or its target is outside ``folder``."""
    pieces = name.replace("\\", "/").split("/")
    if ".." in pieces or posixpath.isabs(name) or os.path.isabs(name):
        raise refused(None, f"'{name}' must be a plain relative path inside the template folder")
    candidate = Path(posixpath.join(str(folder), *(p for p in pieces if p not in ("", "."))))
    if not candidate.is_file():
        return None
    real = _real(candidate)
    if real is None or not is_inside(real, (folder,)):
        raise refused(candidate, f"refused to read {name}: it is outside its template folder {folder} ({real})")
    return candidate


def _real(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        return None


def check_folder(folder: Path) -> None:
    """Refuse a template folder holding a symbolic link that leads outside it, before any file is read."""
    problems = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for entry in sorted(dirs + names):
            path = Path(root, entry)
            real = _real(path) if path.is_symlink() else path
            if real is None or not is_inside(real, (folder,)):
                problems.append(Problem(path, 0, 0, f"{entry} is a link to {real or 'itself'}, outside the template folder {folder}",
                                        CONTAINMENT_HINT, code="template"))
    if problems:
        raise ContainmentError(problems)
