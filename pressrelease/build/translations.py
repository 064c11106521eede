"""A build's translations, worked out before any page is rendered: which releases share a key, in which language.

Every release's key, language, output name and headline is known before the
per-release stage starts: a fresh release's from its manifest entry (its
source has not changed, so neither have they), the others' from their front
matter alone (:func:`~pressrelease.source.translations.read_keyed`). Each
release is then given its siblings (the other languages' releases), and its
entry records a digest of what its pages were rendered with: a release whose
siblings changed (one added or removed, or its slug, language or headline
edited) is rendered again, one whose group did not stays fresh. A release
whose key and language an earlier release of the build already has is
refused, as ``check`` reports it. Only formats that link to translations
(:attr:`~pressrelease.formats.Format.translations`) need any of this.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ..errors import Problem
from ..formats import FORMATS
from ..model import Translation
from .manifest import Manifest, combine

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..source.translations import Keyed

__all__ = ["Translations", "digest", "shows_translations", "translations"]


def shows_translations(formats: tuple[str, ...]) -> bool:
    """Whether one of ``formats`` links to the release's other languages."""
    return any(FORMATS[name].translations for name in formats)


def digest(siblings: tuple[Translation, ...]) -> str:
    """What a release's pages show of its siblings, as one value ("" for none, as a release without a key)."""
    if not siblings:
        return ""
    return combine(*(json.dumps([t.language, t.name, t.headline], ensure_ascii=False) for t in siblings))


class Translations:
    """Per source of the build: its own key and translation (``keyed``), its siblings, and refusals."""

    def __init__(self) -> None:
        self.keyed: dict[Path, Keyed | None] = {}
        self.siblings: dict[Path, tuple[Translation, ...]] = {}
        self.refused: dict[Path, Problem] = {}

    def digest(self, source: Path) -> str:
        return digest(self.siblings.get(source, ()))

    def recorded(self, source: Path) -> dict | None:
        """The source's own key and translation, as its manifest entry records them."""
        keyed = self.keyed.get(source)
        return keyed.to_json() if keyed is not None else None


def translations(sources: list[Path], keys: dict[Path, str], fresh: list[bool], manifest: Manifest,
                 now: dt.datetime | None = None) -> Translations:
    """Every source's translations; a fresh source whose siblings changed, or that is refused, is made stale
    (``fresh`` is updated in place). A sibling still under embargo at ``now`` is left out (None: none is):
    its page is not public yet, so the others' pages do not name it; when it lifts, their siblings change
    and they are rendered again."""
    from ..source.translations import group

    found = Translations()
    loader = None
    for index, source in enumerate(sources):
        if fresh[index]:
            try:
                found.keyed[source] = _recorded(source, manifest.entries[keys[source]].translation)
                continue
            except (KeyError, TypeError, ValueError):  # a record this version did not write: read the source
                fresh[index] = False
        if loader is None:
            from ..source import Loader

            loader = Loader()
        from ..source.translations import read_keyed

        found.keyed[source] = read_keyed(loader, source)
    groups = group([found.keyed[source] for source in sources])
    held = {(k.translation.language, k.translation.name) for k in found.keyed.values()
            if k is not None and now is not None and k.embargo and dt.datetime.fromisoformat(k.embargo) > now}
    for index, source in enumerate(sources):
        if index in groups.refused:
            found.refused[source] = groups.refused[index]
            fresh[index] = False
        elif index in groups.siblings:
            found.siblings[source] = tuple(t for t in groups.siblings[index] if (t.language, t.name) not in held)
        if fresh[index] and manifest.entries[keys[source]].translations != found.digest(source):
            fresh[index] = False
    return found


def _recorded(source: Path, recorded: dict | None) -> Keyed | None:
    from ..source.translations import Keyed

    return Keyed.from_json(source, recorded) if recorded is not None else None
