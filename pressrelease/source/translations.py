"""Which releases translate one another: those sharing a ``translation_key``, one per language.

``check`` and ``build`` both read each release's key from its front matter
alone (:func:`read_keyed`: the key, the language, the output name and the
headline, not the whole release), and group them with :func:`group`, so
they agree: a key no other release shares is a warning (rule
``translation-unshared``), a second release with a key and a language that
an earlier one (in source order) already has is an error, and the build
refuses that release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PressReleaseError, Problem
from ..model import Translation

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Any, Sequence

    from .loader import Loader

__all__ = ["UNSHARED", "Groups", "Keyed", "group", "read_keyed"]

#: The lint rule of a key no other release shares.
UNSHARED = "translation-unshared"


@dataclass(frozen=True, slots=True)
class Keyed:
    """A release as its translations see it: its key, what their pages show of it, where the key is written."""

    path: Path
    key: str
    translation: Translation
    line: int = 1
    col: int = 1
    #: Its embargo's end (ISO 8601 with offset), "" for none: a sibling still under embargo is not linked
    #: from the newsroom site's pages.
    embargo: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "language": self.translation.language, "name": self.translation.name,
                "headline": self.translation.headline, "line": self.line, "col": self.col, "embargo": self.embargo}

    @classmethod
    def from_json(cls, path: Path, data: dict[str, Any]) -> Keyed:
        translation = Translation(language=str(data["language"]), name=str(data["name"]),
                                  headline=str(data["headline"]))
        return cls(path, str(data["key"]), translation, int(data["line"]), int(data["col"]), str(data["embargo"]))


def read_keyed(loader: Loader, path: Path) -> Keyed | None:
    """The release's translation key and what its siblings' pages show of it, from its front matter alone.

    None for a release without a key, or one whose key, language, slug or headline (or its organisation,
    which may give the language) cannot be read: loading it fails the same way, so it is in no group.
    The values are read as :meth:`Loader.load` reads them: the language defaults to the organisation's,
    else ``en``; the name is the slug, else the file's stem.
    """
    from .values import check_language, check_slug, check_translation_key, read_embargo

    try:
        found = loader.front_matter(path, "translation_key")
    except (PressReleaseError, OSError, ValueError):  # what loading it reports, located, in its turn
        return None
    if found is None:
        return None
    reader, values, organisation = found
    before = len(reader.problems)
    key = check_translation_key(reader, values["translation_key"], "translation_key")
    language = check_language(reader, values["language"], "language") if "language" in values else None
    slug = check_slug(reader, values["slug"], "slug") if "slug" in values else None
    headline = reader.text(values["headline"], "headline", required=True) if "headline" in values else None
    embargo = read_embargo(reader, values["embargo"], organisation.timezone if organisation is not None else "") \
        if "embargo" in values else None
    if len(reader.problems) > before or not key or not headline or organisation is None:
        return None
    language = language or organisation.language or "en"
    try:
        translation = Translation(language=language, name=slug or path.stem, headline=headline)
    except ValueError:  # what the model refuses, loading refuses too
        return None
    line, col = reader.positions.get("translation_key", (1, 1))
    return Keyed(path, key, translation, line, col, embargo.until.isoformat() if embargo is not None else "")


@dataclass(slots=True)
class Groups:
    """Per release (by its index in the list grouped): its siblings, or why it is refused or alone.

    ``siblings[i]`` are the other languages' releases of release ``i``'s group, ordered by language tag
    (empty without a key or a sibling); ``refused[i]`` is the error of a release whose language its group
    already has; ``alone[i]`` the warning of a key no other release shares.
    """

    siblings: dict[int, tuple[Translation, ...]] = field(default_factory=dict)
    refused: dict[int, Problem] = field(default_factory=dict)
    alone: dict[int, Problem] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return sorted([*self.refused.values(), *self.alone.values()], key=Problem.sort_key)


def group(releases: Sequence[Keyed | None]) -> Groups:
    """Group ``releases`` (in source order; None for one without a key) by key; one release per language."""
    result = Groups()
    members: dict[str, list[Keyed]] = {}
    indexes: dict[int, int] = {}  # id of a member -> its index
    for index, keyed in enumerate(releases):
        if keyed is None:
            continue
        same = members.setdefault(keyed.key, [])
        first = next((other for other in same if _language(other) == _language(keyed)), None)
        if first is None:
            same.append(keyed)
            indexes[id(keyed)] = index
        else:
            result.refused[index] = _duplicate(keyed, first)
    duplicated = {releases[index].key for index in result.refused}  # type: ignore[union-attr]
    for key, same in members.items():
        if len(same) == 1 and key not in duplicated:
            result.alone[indexes[id(same[0])]] = _unshared(same[0])
        ordered = sorted(same, key=_language)
        for keyed in same:
            result.siblings[indexes[id(keyed)]] = tuple(other.translation for other in ordered if other is not keyed)
    return result


def _language(keyed: Keyed) -> str:
    return keyed.translation.language.lower()


def _duplicate(keyed: Keyed, first: Keyed) -> Problem:
    language, other = keyed.translation.language, first.path
    return Problem(keyed.path, keyed.line, keyed.col,
                   f"translation_key '{keyed.key}' already has a release in '{language}': {other}",
                   "one release per language shares a key: correct this release's 'language:', "
                   "or give it its own 'translation_key:'", code="translation-language")


def _unshared(keyed: Keyed) -> Problem:
    return Problem(keyed.path, keyed.line, keyed.col,
                   f"translation_key '{keyed.key}' is shared by no other release: its language links point nowhere",
                   "give the other languages' releases the same 'translation_key:' and check them all at once, "
                   f"by their folder or every file; rule {UNSHARED}", severity="warning", code=UNSHARED)
