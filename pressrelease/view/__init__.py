"""The view of a release: what the formats show, derived from the model once.

``release_view`` holds :class:`ReleaseView` (dates, labels, lines, the
Markdown parts as HTML and text); ``plaintext`` turns sanitised HTML into an
email's plain text; ``summary`` is what a collection of releases sees of
each one. Names are imported on first use, so the collection stage of a
build in which nothing changed never imports Markdown.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .release_view import PART_NAMES, Part, ReleaseView, TextParts, insert_lead
    from .summary import CollectedRelease, OutputFile, ReleaseSummary

__all__ = ["PART_NAMES", "CollectedRelease", "OutputFile", "Part", "ReleaseSummary", "ReleaseView", "TextParts",
           "insert_lead"]

_WHERE = {"CollectedRelease": "summary", "OutputFile": "summary", "ReleaseSummary": "summary"}


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_WHERE.get(name, 'release_view')}", __name__), name)
    globals()[name] = value
    return value
