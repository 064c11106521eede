"""``releases.json``: a catalogue of every release in the output folder, for CI scripts and programs.

A collection format: it sees every release of the build (through the
collection stage), not one. Each entry has the release's summary and, per
format, the file's name inside the output folder, its size and its SHA-256,
so a deploy script can publish, verify or mirror the outputs without parsing
a source. Newest first, then by slug; no timestamps, so the same releases
always give the same bytes.
"""

from __future__ import annotations

import json
from typing import Sequence

from ..view import CollectedRelease
from ..version import __version__

__all__ = ["CATALOGUE_NAME", "CATALOGUE_VERSION", "Catalogue"]

CATALOGUE_NAME = "releases.json"
#: Raised when an entry's shape changes in a way a reader must know about.
CATALOGUE_VERSION = 1


class Catalogue:
    """Renders ``releases.json`` from the collected releases."""

    def render(self, releases: Sequence[CollectedRelease]) -> dict[str, bytes]:
        ordered = sorted(releases, key=lambda r: r.summary.slug)
        ordered.sort(key=lambda r: r.summary.date, reverse=True)
        entries = []
        for release in ordered:
            entry = release.summary.to_json()
            entry["outputs"] = {fmt: {"file": out.name, "bytes": out.size, "sha256": out.sha256}
                                for fmt, out in release.outputs.items()}
            entries.append(entry)
        document = {"format": CATALOGUE_VERSION, "generator": f"pressrelease {__version__}", "releases": entries}
        return {CATALOGUE_NAME: (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
