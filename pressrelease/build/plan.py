"""Before anything is rendered: which releases are fresh, and what every release's outputs depend on.

A release whose recorded build still stands (same inputs, same options and
templates, outputs intact; see :meth:`~.manifest.Manifest.is_fresh`) is
skipped without being parsed; the others go to the per-release stage.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..formats.site import COLLECTION_TEMPLATES
from ..theme import Theme
from ..version import __version__
from .manifest import Manifest, combine
from .options import BuildOptions, Outcome
from .translations import Translations, shows_translations, translations

__all__ = ["Plan", "build_context", "plan"]


def build_context(options: BuildOptions, manifest: Manifest) -> str:
    """A fingerprint of everything besides a release's own files that its outputs depend on."""
    theme = Theme(options.render.templates)
    settings = dataclasses.asdict(options.render)
    settings["templates"] = [str(d) for d in theme.dirs]
    settings["formats"] = sorted(options.formats)
    return combine(__version__, json.dumps(settings, sort_keys=True, default=str),
                   manifest.theme_fingerprint(theme.dirs, COLLECTION_TEMPLATES))


@dataclass(slots=True)
class Plan:
    """Per source, in order: the outcome of a fresh one, or None for one to render.

    ``keys`` are the sources' real paths (the manifest's keys); ``claimed``
    maps every output file kept or to be written to the source that owns it.
    """

    sources: list[Path]
    keys: dict[Path, str]
    fresh: list[Outcome | None] = field(default_factory=list)
    claimed: dict[str, Path] = field(default_factory=dict)
    translations: Translations = field(default_factory=Translations)

    @property
    def stale(self) -> list[Path]:
        return [source for source, outcome in zip(self.sources, self.fresh, strict=True) if outcome is None]


def plan(sources: list[Path], options: BuildOptions, manifest: Manifest, context: str) -> Plan:
    """Sort the sources into fresh (with their outcome) and to render."""
    folders: dict[str, str] = {}
    keys: dict[Path, str] = {}
    seen: set[str] = set()
    for source in sources:  # a file named twice (by two paths) is built once
        key = _real_path(source, folders)
        if key not in seen:
            seen.add(key)
            keys[source] = key
    result = Plan(list(keys), keys)
    fresh = [not options.force and manifest.is_fresh(keys[source], context, options.formats)
             for source in result.sources]
    if shows_translations(options.formats):  # every release's key, before any page is rendered
        now = None if options.publish_held else options.now  # the pipeline gives the build's moment
        result.translations = translations(result.sources, keys, fresh, manifest, now)
    for source, is_fresh in zip(result.sources, fresh, strict=True):
        key = result.keys[source]
        refused = result.translations.refused.get(source)
        if refused is not None:  # its language is taken in its group: not rendered, tried again next time
            result.fresh.append(Outcome(source, problems=[refused]))
            if key in manifest.entries and manifest.entries[key].context:
                manifest.entries[key].context = ""
                manifest.changed = True
            continue
        if not is_fresh:
            result.fresh.append(None)
            continue
        outputs = manifest.entries[key].outputs
        done = [fmt for fmt in options.formats if fmt in outputs]  # not those quietly skipped (no event, no .ics)
        result.fresh.append(Outcome(source, [outputs[f] for f in done], unchanged=True))
        for fmt in done:
            result.claimed[outputs[fmt]] = source
    return result


def _real_path(source: Path, folders: dict[str, str]) -> str:
    """``os.path.realpath(source)``, resolving each folder once (a file that is a link is resolved itself)."""
    text = str(source)
    if os.path.islink(text):
        return os.path.realpath(text)
    head, tail = os.path.split(text)
    real = folders.get(head)
    if real is None:
        real = folders[head] = os.path.realpath(head or ".")
    return os.path.join(real, tail)
