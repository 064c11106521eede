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

from ..theme import Theme
from ..version import __version__
from .manifest import Manifest, combine
from .options import BuildOptions, Outcome

__all__ = ["Plan", "build_context", "plan"]


def build_context(options: BuildOptions, manifest: Manifest) -> str:
    """A fingerprint of everything besides a release's own files that its outputs depend on."""
    theme = Theme(options.render.templates)
    settings = dataclasses.asdict(options.render)
    settings["templates"] = [str(d) for d in theme.dirs]
    settings["formats"] = sorted(options.formats)
    return combine(__version__, json.dumps(settings, sort_keys=True, default=str), manifest.theme_fingerprint(theme.dirs))


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

    @property
    def stale(self) -> list[Path]:
        return [source for source, outcome in zip(self.sources, self.fresh, strict=True) if outcome is None]


def plan(sources: list[Path], options: BuildOptions, manifest: Manifest, context: str) -> Plan:
    """Sort the sources into fresh (with their outcome) and to render."""
    result = Plan(sources, {source: os.path.realpath(source) for source in sources})
    for source in sources:
        key = result.keys[source]
        if options.force or not manifest.is_fresh(key, context, options.formats):
            result.fresh.append(None)
            continue
        entry = manifest.entries[key]
        result.fresh.append(Outcome(source, [Path(entry.outputs[f]) for f in options.formats], unchanged=True))
        for fmt in options.formats:
            result.claimed[entry.outputs[fmt]] = source
    return result
