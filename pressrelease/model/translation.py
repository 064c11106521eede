"""Another language's release of the same news, as a page that links to it needs to know it.

Releases that share a ``translation_key`` are translations of one another.
The build finds them before it renders any page and gives each release its
siblings as :class:`Translation` values; the web page links to each one
(``NAME.html`` beside it). A program rendering one release gives them
explicitly (``render_html(release, translations=[...])``), or gets no links.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import is_known_language
from .checks import checked_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .release import Release

__all__ = ["Translation"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Translation:
    """One language's release of a group: its BCP 47 tag, its output name (the file stem) and its headline."""

    language: str
    name: str
    headline: str = ""

    def __post_init__(self) -> None:
        checked_text(self, "language", self.language, required=True, accepts=is_known_language,
                     rule="a known BCP 47 language tag")
        checked_text(self, "name", self.name, required=True)
        checked_text(self, "headline", self.headline)

    @classmethod
    def of(cls, release: Release) -> Translation:
        """What a sibling's page shows of ``release``: its language, output name and headline."""
        return cls(language=release.language, name=release.name, headline=release.headline)
