"""The view of a release: what the formats show, derived from the model once.

``release_view`` holds :class:`ReleaseView` (dates, labels, lines, the
Markdown parts as HTML and text); ``plaintext`` turns sanitised HTML into an
email's plain text; ``summary`` is what a collection of releases sees of
each one; ``translations`` is the web page's language switcher. Names are imported on first use, so the collection stage of a
build in which nothing changed never imports Markdown.
"""

from __future__ import annotations

from ..exports import lazy_exports

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .release_view import PART_NAMES, Part, ReleaseView, TextParts, insert_lead
    from .summary import CollectedRelease, OutputFile, ReleaseSummary

__all__ = ["PART_NAMES", "CollectedRelease", "OutputFile", "Part", "ReleaseSummary", "ReleaseView", "TextParts",
           "insert_lead"]

__getattr__ = lazy_exports(__name__, {name: ".summary" if name in ("CollectedRelease", "OutputFile", "ReleaseSummary")
                                      else ".release_view" for name in __all__})
