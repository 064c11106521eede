"""The view of a release: what the formats show, derived from the model once.

``release_view`` holds :class:`ReleaseView` (dates, labels, lines, the
Markdown parts as HTML and text); ``plaintext`` turns sanitised HTML into an
email's plain text; ``summary`` is what a collection of releases sees of
each one.
"""

from __future__ import annotations

from .release_view import PART_NAMES, Part, ReleaseView, TextParts, insert_lead
from .summary import CollectedRelease, OutputFile, ReleaseSummary

__all__ = ["PART_NAMES", "CollectedRelease", "OutputFile", "Part", "ReleaseSummary", "ReleaseView", "TextParts", "insert_lead"]
