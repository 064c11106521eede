"""Which files are releases: the one rule shared by ``build`` and ``check``."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from .errors import Problem

__all__ = ["discover"]


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Release files named directly or found (recursively, sorted) in folders.

    In a folder, ``*.md`` files are releases except README.md and anything
    whose name starts with "_" or "." (drafts, templates, hidden files).
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.md")):
                relative = candidate.relative_to(path).parts
                if any(part.startswith(("_", ".")) for part in relative) or candidate.name.lower() == "readme.md":
                    continue
                found.append(candidate)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(path, 0, 0, "no such file or folder", code="missing"))
    return list(dict.fromkeys(found)), problems
