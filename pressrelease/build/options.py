"""What a build is asked to do, and what it answers: options in, outcomes and a report out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..formats import FORMATS, RenderOptions, options_for

__all__ = ["DEFAULT_FORMATS", "BuildOptions", "BuildReport", "Outcome"]

#: Every registered format, in registration order: what ``build`` makes unless told otherwise (a release
#: without an event simply has no ``.ics``).
DEFAULT_FORMATS = ("html", "pdf", "txt", "ics", "eml", "site")

#: Seconds one release may take to render (``--timeout``) before it is stopped and reported.
DEFAULT_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """``jobs`` worker processes on this machine, or the Dask cluster at ``scheduler`` ("tcp://host:port")."""

    out_dir: Path = Path("dist")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    render: RenderOptions = field(default_factory=RenderOptions)
    jobs: int = 1
    force: bool = False
    clean: bool = False
    scheduler: str | None = None
    timeout: float | None = DEFAULT_TIMEOUT  # seconds a release may take to render; None: no limit
    #: The moment embargoes are judged at (aware; None: the current time when the collection stage runs).
    #: Not part of what a release is rendered from: only the site's collection stage reads it.
    now: dt.datetime | None = None
    #: Publish releases still under embargo in the site too (a private preview: ``serve``), never a deploy.
    publish_held: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "out_dir", Path(self.out_dir))
        if self.now is not None and (not isinstance(self.now, dt.datetime) or self.now.utcoffset() is None):
            raise ValueError("now must be a datetime with a time zone")
        if self.timeout is not None and not self.timeout > 0:
            raise ValueError(f"the time limit must be more than 0 seconds, not {self.timeout}")
        unknown = [name for name in self.formats if name not in FORMATS]
        if unknown or not self.formats:
            raise ValueError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
        # Outputs are listed, written and fingerprinted in registration order, whatever order was asked.
        object.__setattr__(self, "formats", tuple(name for name in FORMATS if name in self.formats))
        object.__setattr__(self, "render", options_for(self.formats, self.render))  # what the formats built imply


@dataclass(slots=True)
class Outcome:
    """What happened to one source file: its output files (as paths in ``outputs``), problems, freshness."""

    source: Path
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: bool = False

    @property
    def outputs(self) -> list[Path]:
        return [Path(name) for name in self.files]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass(slots=True)
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # not tied to one source (discovery)
    removed: list[Path] = field(default_factory=list)
    collected: list[Path] = field(default_factory=list)  # collection outputs written (releases.json)
    #: Releases the site leaves out for now: (source, slug, when the embargo lifts), in source order.
    held: list[tuple[Path, str, dt.datetime]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_problems(self) -> list[Problem]:
        seen: dict[Problem, None] = dict.fromkeys(self.problems)
        for outcome in self.outcomes:
            seen.update(dict.fromkeys(outcome.problems))
        return list(seen)

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok and not o.unchanged]

    @property
    def unchanged(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.unchanged]

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed and not any(p.severity == "error" for p in self.problems)
