"""What a collection of releases sees of each one: a few facts, not the release itself.

The per-release stage makes a :class:`ReleaseSummary` from each release's
view; the incremental build keeps it in its manifest, so the collection
stage (the catalogue, later indexes and feeds) has a summary of every
release in the output folder without parsing unchanged sources again. The
collection stage pairs each summary with the files written for it
(:class:`CollectedRelease`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping

__all__ = ["CollectedRelease", "OutputFile", "ReleaseSummary"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseSummary:
    """slug, headline, date (ISO), language, kind (as shown), tags, embargo (ISO 8601 with offset, or None)."""

    slug: str
    headline: str
    date: str
    language: str
    kind: str
    tags: tuple[str, ...] = ()
    embargo: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReleaseSummary:
        embargo = data.get("embargo")
        return cls(slug=str(data["slug"]), headline=str(data["headline"]), date=str(data["date"]),
                   language=str(data["language"]), kind=str(data["kind"]),
                   tags=tuple(str(tag) for tag in data.get("tags", ())),
                   embargo=str(embargo) if embargo is not None else None)


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file written for a release: its name inside the output folder, its size and its SHA-256."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class CollectedRelease:
    """A release as the collection stage sees it: its summary and its files, by format."""

    summary: ReleaseSummary
    outputs: Mapping[str, OutputFile]
